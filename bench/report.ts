/**
 * `npm run bench:report`: the reports of a unit-quarter with 100,000 responses, in time and peak memory.
 *
 * On a throw-away PostgreSQL (bench/harness.ts), "Kabupaten Bench" gets a unit with 1,000 responses
 * ("kecil") and one with 100,000 ("besar") in the last complete triwulan (bench/seed.ts: SKM, IPAK
 * and IPKP answered, a profile, four lokets, two layanan). Each measured command runs in its own
 * process (bench/report-child.ts), exactly as `survei report` / `survei import` run, and reports its
 * wall time and peak RSS:
 *
 * - baseline: the same process with the command's modules loaded and the database opened, nothing built;
 * - the Laporan SKM (PDF) and the tabulation (XLSX) of each unit;
 * - the responses CSV of the large unit, then that file (100,000 rows) imported back as paper forms
 *   into the large unit: validated in full, then stored in one transaction.
 *
 * Prints a table with the time, the peak RSS, the RSS above the baseline, and the 100k ÷ 1k time
 * ratio; exits 1 when a command fails or the PDF's or the XLSX's peak RSS reaches 300 MB.
 * BENCH_RESPONSES changes 100,000 (e.g. for a quick try).
 */
import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { currentPeriod, periodBefore } from '../src/results/period.ts';
import { check, runBench } from './harness.ts';
import { seedBenchInstansi } from './seed.ts';

const LARGE = Number(process.env.BENCH_RESPONSES ?? 100_000);
const SMALL = 1_000;
const MAX_RSS_MB = 300;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APP_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

interface Measured {
  code: number;
  ms: number;
  maxRssMb: number;
}

function measure(databaseUrl: string, name: string, args: string[]): Measured {
  const { DATA_DIR: _, ...env } = process.env;
  const out = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'bench/report-child.ts'), name, ...args], {
    cwd: ROOT,
    env: { ...env, DATABASE_URL: databaseUrl, APP_SECRET },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Measured;
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

runBench('report', async ({ databaseUrl, work }) => {
  const period = periodBefore(currentPeriod('Asia/Jakarta'));
  console.log(`bench:report: the reports of ${period.code} for a unit with ${SMALL.toLocaleString('en-US')} and a unit with ${LARGE.toLocaleString('en-US')} responses`);
  const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    const seeding = performance.now();
    await seedBenchInstansi(handle, period, { kecil: SMALL, besar: LARGE }, 'bench password bench password');
    await sql`vacuum analyze`.execute(handle.db);
    console.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
  } finally {
    await handle.close();
  }

  const rows: { what: string; n: number; m: Measured; bytes?: number; limited: boolean }[] = [];
  const run = (what: string, n: number, name: string, args: string[], file?: string) => {
    const m = measure(databaseUrl, name, args);
    check(m.code === 0, `${what}: exit code ${m.code}`);
    const bytes = file && m.code === 0 ? statSync(file).size : undefined;
    // the 300 MB target is the PDF's and the XLSX's; the others are shown for the record
    rows.push({ what, n, m, bytes, limited: /PDF|XLSX/.test(what) });
    console.log(`  ${what}: ${(m.ms / 1000).toFixed(1)} s, peak RSS ${m.maxRssMb.toFixed(0)} MB${bytes === undefined ? '' : `, ${mb(bytes)} MB`}`);
    return m;
  };
  const baseline = run('baseline (modules loaded, database open)', 0, 'baseline', []);
  const report = (unit: string, format: string) => {
    const out = join(work, `${unit}.${format}`);
    return [['--instansi', 'kab-bench', '--unit', unit, '--period', period.code, '--format', format, '--out', out], out] as const;
  };
  const times: Record<string, Record<string, number>> = { pdf: {}, xlsx: {} };
  for (const format of ['pdf', 'xlsx'] as const) {
    for (const [unit, n] of [['kecil', SMALL], ['besar', LARGE]] as const) {
      const [args, out] = report(unit, format);
      times[format]![unit] = run(`${format === 'pdf' ? 'Laporan SKM (PDF)' : 'Tabulasi (XLSX)'}, ${unit}`, n, 'report', [...args], out).ms;
    }
  }
  const [csvArgs, csv] = report('besar', 'csv');
  run('responses CSV, besar', LARGE, 'report', [...csvArgs], csv);
  run(`import of that CSV (${LARGE.toLocaleString('en-US')} rows) as paper forms`, LARGE, 'import', ['--instansi', 'kab-bench', '--unit', 'besar', '--file', csv]);

  console.log('');
  console.log('| command | responses | time s | peak RSS MB | above baseline MB | file MB |');
  console.log('|:--|--:|--:|--:|--:|--:|');
  for (const r of rows) {
    const above = r.what.startsWith('baseline') ? '' : (r.m.maxRssMb - baseline.maxRssMb).toFixed(0);
    console.log(`| ${r.what} | ${r.n.toLocaleString('en-US')} | ${(r.m.ms / 1000).toFixed(1)} | ${r.m.maxRssMb.toFixed(0)} | ${above} | ${r.bytes === undefined ? '' : mb(r.bytes)} |`);
    if (r.limited) check(r.m.maxRssMb < MAX_RSS_MB, `${r.what}: peak RSS ${r.m.maxRssMb.toFixed(0)} MB (limit ${MAX_RSS_MB})`);
  }
  console.log('');
  for (const format of ['pdf', 'xlsx'] as const) {
    const ratio = times[format]!.besar! / times[format]!.kecil!;
    console.log(`${format}: time at ${LARGE.toLocaleString('en-US')} ÷ time at ${SMALL.toLocaleString('en-US')} responses = ${ratio.toFixed(2)}`);
  }
});
