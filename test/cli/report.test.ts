// `survei report` as a user runs it: every format of a unit and of the instansi written to --out
// (read back: PDF, XLSX sheets, CSV rows fed to `survei score`, JSON), progress on stderr, and the
// clear refusals (unknown or ambiguous unit, unknown instansi, bad period, a path that cannot be
// written) with exit 2 and no file left behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabaseUrl, openEnvDatabase } from '../support/databases.ts';
import { seedPublishedWorld } from '../support/published.ts';
import { type CliResult, runCli } from '../support/process.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const pdfText = (path: string) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

async function sheetNames(path: string): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  return book.worksheets.map((s) => s.name);
}

/** Commands that fail before the database is opened: the same on either kind. */
describe('survei report, refusing bad usage', () => {
  it('refuses a bad period, format, path or missing option with one clear line and exit 2, leaving no file', async () => {
    const out = mkdtempSync(join(tmpdir(), 'survei-report-'));
    dirs.push(out);
    const file = join(out, 'nothing.pdf');
    const cases: [string[], RegExp][] = [
      [['--unit', 'disduk', '--period', '2026-Q5', '--out', file], /--period must be a triwulan \(2026-Q3\), a semester \(2026-S1\) or a year \(2026\)/],
      [['--unit', 'disduk', '--period', '2026-Q3', '--out', join(out, 'missing-dir', 'x.pdf')], /missing-dir\/x\.pdf: cannot write the file \(no such directory\)/],
      [['--unit', 'disduk', '--period', '2026-Q3', '--format', 'zip', '--out', file], /--format for a unit must be pdf, xlsx, csv, json/],
      [['--instansi', 'kab-uji', '--period', '2026-Q3', '--format', 'csv', '--out', file], /--format for an instansi must be pdf, xlsx, json, zip/],
      [['--unit', 'disduk', '--zi-evidence', '--out', file], /missing --year/],
      [['--period', '2026-Q3', '--out', file], /missing --unit .* or --instansi/],
    ];
    const results = await Promise.all(cases.map(([args]) => runCli(['report', ...args], { DATA_DIR: join(out, 'never-opened') })));
    results.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(' ')).toBe(2);
      expect(result.stderr).toMatch(cases[i]![1]);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    });
    expect(readdirSync(out)).toEqual([]);
  });

  it('explains itself with --help', async () => {
    const [help, overview] = await Promise.all([runCli(['report', '--help']), runCli(['--help'])]);
    expect(help.code).toBe(0);
    for (const text of ['--unit <slug>', '--instansi <slug>', '--period', '--scorecards', '--zi-evidence --year', 'pdf|xlsx|json|zip', 'Exit codes']) expect(help.stdout).toContain(text);
    expect(overview.stdout).toMatch(/report\s+a unit's Laporan SKM/);
  });
});

describe.each(['pglite', 'postgres'] as const)('survei report on %s', (kind) => {
  let env: Record<string, string>;
  let out: string;
  let P: string;
  const cli = (...args: string[]) => runCli(args, env);
  /** one command after the other on PGlite (one process at a time may open its data directory), at once on PostgreSQL */
  const all = async (commands: string[][]): Promise<CliResult[]> => {
    if (kind === 'postgres') return Promise.all(commands.map((args) => cli(...args)));
    const results: CliResult[] = [];
    for (const args of commands) results.push(await cli(...args));
    return results;
  };
  const dinkes = (...args: string[]) => ['report', '--unit', 'dinkes', '--instansi', 'kab-uji', ...args];
  const ok = (result: CliResult) => expect(result.code, result.stderr).toBe(0);

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'survei-report-'));
    dirs.push(out);
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'survei-cli-'));
      dirs.push(dir);
      env = { DATA_DIR: dir };
    } else {
      env = { DATABASE_URL: await createTestDatabaseUrl(), APP_SECRET: 'r'.repeat(40) };
    }
    const database = await openEnvDatabase(env);
    await migrateToLatest(database.db);
    P = (await seedPublishedWorld(database.db)).period.code;
    // a second instansi with a unit of the same slug: `--unit dinkes` alone is ambiguous
    await addInstansi(database.db, { name: 'Kota Lain', slug: 'kota-lain', timeZone: 'WITA' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kota-lain', name: 'Dinas Kesehatan Kota', slug: 'dinkes', instruments: ['skm'] });
    await database.close();
  });

  it("writes a unit's every file: Laporan (PDF, with progress), tabulation, responses, data, ScoreCards, ZI evidence", async () => {
    const files = {
      pdf: join(out, 'laporan.pdf'),
      xlsx: join(out, 'tabulasi.xlsx'),
      csv: join(out, 'jawaban.csv'),
      json: join(out, 'data.json'),
      cards: join(out, 'scorecards.csv'),
      zi: join(out, 'bukti-zi.pdf'),
    };
    const [pdf, xlsx, csv, json, cards, zi] = await all([
      dinkes('--period', P, '--format', 'pdf', '--out', files.pdf),
      // the format from the file name
      dinkes('--period', P, '--out', files.xlsx),
      dinkes('--period', P, '--format', 'csv', '--out', files.csv),
      dinkes('--period', P, '--format', 'json', '--out', files.json),
      dinkes('--period', P, '--scorecards', '--out', files.cards),
      dinkes('--zi-evidence', '--year', P.slice(0, 4), '--out', files.zi),
    ]);
    [pdf, xlsx, csv, json, cards, zi].forEach((r) => ok(r!));

    expect(pdf!.stdout).toBe(`wrote ${files.pdf} (Laporan Hasil SKM dinkes ${P}, 10 respondents, PDF)\n`);
    expect(pdf!.stderr).toContain('report: 100%');
    expect(readFileSync(files.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdfText(files.pdf)).toContain('Dinas Kesehatan');

    expect(xlsx!.stdout).toContain('(tabulation dinkes');
    expect(await sheetNames(files.xlsx)).toEqual(expect.arrayContaining(['Rekap', 'Tabulasi', 'Profil', 'Saran', 'IPAK', 'IPKP']));

    const lines = readFileSync(files.csv, 'utf8').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^id,kanal,tanggal,jam,loket,layanan,jenis_kelamin,usia,pendidikan,pekerjaan,disabilitas,U1,/);
    expect(lines).toHaveLength(11);

    const doc = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(doc.units.map((u: { slug: string }) => u.slug)).toEqual(['dinkes']);

    const text = readFileSync(files.cards, 'utf8');
    expect(text).toMatch(/^unit,period,instrument,kind,unsur,/);
    expect(text).toContain(`dinkes,${P},skm,ikm,INDEX`);
    expect(text).toContain(`dinkes,${P},ipak,`);

    expect(readFileSync(files.zi).subarray(0, 5).toString()).toBe('%PDF-');

    // the responses CSV scores to the ScoreCard of the export (one engine, one number)
    const scored = await runCli(['score', '--instrument', 'skm', '--responses', files.csv, '--json']);
    ok(scored);
    const card = JSON.parse(scored.stdout);
    const ikm = doc.units[0].scorecards.find((c: { kind: string }) => c.kind === 'ikm');
    expect(card.respondents).toBe(10);
    expect(card.index).toBe(ikm.index);
    expect(card.konversi).toBe(ikm.konversi);
    expect(card.mutu).toBe('B');
  });

  it("writes the instansi's rekapitulasi (PDF, XLSX) and the quarterly export (JSON, ZIP)", async () => {
    const files = { pdf: join(out, 'rekap.pdf'), xlsx: join(out, 'rekap.xlsx'), json: join(out, 'ekspor.json'), zip: join(out, 'ekspor.zip') };
    const results = await all(Object.entries(files).map(([format, file]) => ['report', '--instansi', 'kab-uji', '--period', P, '--format', format, '--out', file]));
    Object.values(files).forEach((file, i) => {
      ok(results[i]!);
      expect(results[i]!.stdout).toMatch(new RegExp(`^wrote ${file} \\(`));
    });
    expect(readFileSync(files.pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readFileSync(files.xlsx).subarray(0, 2).toString()).toBe('PK');
    expect(readFileSync(files.zip).subarray(0, 2).toString()).toBe('PK');
    const doc = JSON.parse(readFileSync(files.json, 'utf8'));
    expect(doc.instansi.slug).toBe('kab-uji');
    expect(doc.units.map((u: { slug: string }) => u.slug).sort()).toEqual(['dinkes', 'disduk']);
  });

  it('refuses an ambiguous or unknown unit and an unknown instansi with exit 2, leaving no file', async () => {
    const file = join(out, 'nothing.pdf');
    const cases: [string[], RegExp][] = [
      [['--unit', 'dinkes', '--period', P, '--format', 'pdf', '--out', file], /^survei: several instansi have a unit "dinkes" \(kab-uji, kota-lain\): add --instansi <slug>\n$/],
      [['--unit', 'dinsos', '--instansi', 'kab-uji', '--period', P, '--out', file], /^survei: no unit "dinsos" in instansi "kab-uji"/],
      [['--instansi', 'kab-nowhere', '--period', P, '--out', file], /^survei: no instansi "kab-nowhere"/],
    ];
    const results = await all(cases.map(([args]) => ['report', ...args]));
    results.forEach((result, i) => {
      expect(result.code, cases[i]![0].join(' ')).toBe(2);
      expect(result.stderr).toMatch(cases[i]![1]);
    });
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(out).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});
