// A 100,000-row paper tabulation imports in one transaction in bounded memory: the file is read
// twice (check, then store) in batches, and only problems and counts are held between the passes.
// Run as users run it, `survei import` in its own process, whose peak resident memory (VmHWM) is
// compared with the same command writing the template (modules loaded, database opened, no rows).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { createTestDatabaseUrl, DATABASE_KINDS, openEnvDatabase } from '../support/databases.ts';
import { IPAK, IPKP, type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';

const ROWS = 100_000;
const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'survei-import-large-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes the file line by line, as Excel in the Indonesian locale saves it: `;`, CRLF, DD/MM/YYYY, HH.MM. */
async function writeTabulation(path: string, days: string[], loketCode: string): Promise<void> {
  const out = createWriteStream(path);
  out.write(['tanggal', 'jam', 'loket', 'jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan', 'disabilitas', ...SKM, ...IPAK, ...IPKP, 'saran'].join(';') + '\r\n');
  const education = ['SD', 'SMP', 'SMA/SMK', 'D4/S1'];
  for (let i = 0; i < ROWS; i++) {
    const day = days[i % days.length]!;
    // row i answers (i mod 4) + 1 on every SKM item
    const value = (i % 4) + 1;
    const line = [
      `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`,
      `${String(8 + (i % 8)).padStart(2, '0')}.${String(i % 60).padStart(2, '0')}`,
      loketCode,
      i % 2 ? 'L' : 'P',
      18 + (i % 60),
      education[i % 4],
      'swasta',
      '',
      ...SKM.map(() => value),
      ...IPAK.map(() => 3),
      ...IPKP.map(() => 4),
      i % 25 === 0 ? `"Saran nomor ${i}; antrean ""cepat"""` : '',
    ].join(';');
    if (!out.write(`${line}\r\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Measured {
  code: number | null;
  stdout: string;
  stderr: string;
  seconds: number;
  /** the child's peak resident memory, MB */
  peakMb: number;
}

/** `survei …` in a child process, its peak RSS read from /proc while it runs (the high-water mark only grows). */
function survei(args: string[], env: Record<string, string>): Promise<Measured> {
  const { DATABASE_URL: _, DATA_DIR: __, APP_SECRET: ___, ...inherited } = process.env;
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], { cwd: ROOT, env: { ...inherited, ...env } });
  let stdout = '';
  let stderr = '';
  let peakKb = 0;
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const poll = setInterval(() => {
    try {
      peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
    } catch {
      // the child has just exited
    }
  }, 20);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(poll);
      resolve({ code, stdout, stderr, seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024 });
    });
  });
}

describe.each(DATABASE_KINDS)('importing 100,000 paper questionnaires with survei import (%s)', (kind) => {
  let env: Record<string, string>;
  let world: Pick<PublishedWorld, 'period' | 'dinkes'>;

  beforeAll(async () => {
    const base = { PUBLIC_BASE_URL: 'https://survei.kab-uji.go.id' };
    env = kind === 'pglite' ? { ...base, DATA_DIR: mkdtempSync(join(dir, 'data-')) } : { ...base, DATABASE_URL: await createTestDatabaseUrl(), APP_SECRET: 'i'.repeat(40) };
    const database = await openEnvDatabase(env);
    try {
      await migrateToLatest(database.db);
      world = await seedPublishedWorld(database.db, { publishNow: false });
    } finally {
      await database.close();
    }
  });

  it('stores every row, shows progress, and stays well under 300 MB above the command at rest', async () => {
    const first = Date.parse(`${world.period.from}T00:00:00Z`);
    const days = Array.from({ length: 60 }, (_, d) => new Date(first + d * 86_400_000).toISOString().slice(0, 10));
    const path = join(dir, `${kind}.csv`);
    await writeTabulation(path, days, world.dinkes.loketCode);

    const atRest = await survei(['import', '--unit', 'dinkes', '--template', 'csv', '--out', join(dir, `${kind}-template.csv`)], env);
    expect(atRest.code).toBe(0);
    const run = await survei(['import', '--unit', 'dinkes', '--file', path], env);
    const growth = run.peakMb - atRest.peakMb;
    console.log(`survei import of ${ROWS} rows on ${kind}: ${run.seconds.toFixed(1)} s, peak RSS ${run.peakMb.toFixed(0)} MB (${growth.toFixed(0)} MB above the template command's ${atRest.peakMb.toFixed(0)} MB)`);
    expect(run.stdout).toMatch(new RegExp(`^imported ${ROWS} rows from ${path} into dinkes \\(channel paper, import [0-9a-f-]{36}\\)\\n$`));
    expect(run.code).toBe(0);
    // on a pipe the bar prints a line at every tenth
    expect(run.stderr).toMatch(new RegExp(`^storing rows: 50% \\(\\d+/${ROWS}\\)$`, 'm'));
    expect(run.stderr).toContain(`storing rows: 100% (${ROWS}/${ROWS})\n`);
    expect(growth).toBeLessThan(300);

    const database = await openEnvDatabase(env);
    try {
      // every value is a quarter of the rows, so the rows add a mean of 2.5 to each unsur
      const ikm = (await loadScoreCards(database.db, { unitIds: [world.dinkes.id] }, world.period)).find((c) => c.kind === 'ikm')!;
      expect(ikm.respondents).toBe(ROWS + 10);
      expect(ikm.unsur[0]!.nrr).toBeCloseTo((32 + 2.5 * ROWS) / (ROWS + 10), 10);
      const saran = await database.db.selectFrom('response').where('channel', '=', 'paper').where('saran', '=', 'Saran nomor 25; antrean "cepat"').select(['age', 'education']).execute();
      expect(saran).toEqual([{ age: 43, education: 'smp' }]);
    } finally {
      await database.close();
    }
  }, 180_000);
});
