// `survei import`: paper questionnaires into a unit from the command line, every problem printed as
// "row N, column X: reason" with exit 2, the same file refused unless --force, and the template.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabaseUrl, openEnvDatabase } from '../support/databases.ts';
import { runCli } from '../support/process.ts';
import { IPAK, IPKP, type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const HEADER = ['tanggal', 'loket', ...SKM, ...IPAK, ...IPKP];
/** a file that exists, for the cases refused before it is read */
const SOME_FILE = new URL(import.meta.url).pathname;

describe.each(['pglite', 'postgres'] as const)('survei import on %s', (kind) => {
  let env: Record<string, string>;
  let files: string;
  let world: Pick<PublishedWorld, 'period' | 'dinkes'>;
  let day: string;
  const cli = (...args: string[]) => runCli(['import', ...args], env);
  const csv = (name: string, rows: (string | number)[][]) => {
    const path = join(files, name);
    writeFileSync(path, rows.map((r) => r.join(',')).join('\n') + '\n');
    return path;
  };
  const answers = (value: number | string) => [...SKM, ...IPAK, ...IPKP].map(() => value);

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'survei-import-cli-'));
    dirs.push(files);
    const base = { PUBLIC_BASE_URL: 'https://survei.kab-uji.go.id' };
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'survei-cli-'));
      dirs.push(dir);
      env = { ...base, DATA_DIR: dir };
    } else {
      env = { ...base, DATABASE_URL: await createTestDatabaseUrl(), APP_SECRET: 'c'.repeat(40) };
    }
    const database = await openEnvDatabase(env);
    try {
      await migrateToLatest(database.db);
      world = await seedPublishedWorld(database.db, { publishNow: false });
      // another instansi with a unit of the same slug
      await addInstansi(database.db, { name: 'Kota Lain', slug: 'kota-lain' }, 'Asia/Makassar');
      await addUnit(database.db, { instansi: 'kota-lain', name: 'Dinas Kesehatan', slug: 'dinkes' });
    } finally {
      await database.close();
    }
    day = new Date(Date.parse(`${world.period.from}T00:00:00Z`) + 20 * 86_400_000).toISOString().slice(0, 10);
  });

  it('imports a file into the unit of the instansi named, and refuses the same file again unless forced', async () => {
    const good = csv('baik.csv', [HEADER, [day, world.dinkes.loketCode, ...answers(4)], [day, '', ...answers(3)]]);
    const ambiguous = await cli('--unit', 'dinkes', '--file', good);
    expect(ambiguous).toEqual({ code: 2, stdout: '', stderr: 'survei: several instansi have a unit "dinkes" (kab-uji, kota-lain): add --instansi <slug>\n' });

    const first = await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--file', good);
    expect(first.stdout).toMatch(new RegExp(`^imported 2 rows from ${good} into dinkes \\(channel paper, import [0-9a-f-]{36}\\)\\n$`));
    expect(first.stderr).toBe('storing rows: 0% (0/2)\nstoring rows: 100% (2/2)\n');
    expect(first.code).toBe(0);

    const again = await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--file', good);
    expect(again.code).toBe(2);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(
      /^survei: The same file was already imported into this unit on \d{4}-\d\d-\d\d \d\d:\d\d WIB by the command line \(2 rows\)\. Import it again only on purpose \(force\)\. Add --force to import it again\.\n$/,
    );
    const forced = await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--file', good, '--force');
    expect(forced.code).toBe(0);

    const database = await openEnvDatabase(env);
    try {
      const paper = await database.db.selectFrom('response').where('channel', '=', 'paper').where('unit_id', '=', world.dinkes.id).select('import_batch').execute();
      expect(paper).toHaveLength(4);
      expect(new Set(paper.map((r) => r.import_batch)).size).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('prints every problem with its row and column, exits 2 and stores nothing', async () => {
    const bad = csv('salah.csv', [[...HEADER, 'warna'], [day, world.dinkes.loketCode, ...answers(4), 'biru'], [day, 'nope', ...answers(4).map((v, i) => (i === 0 ? 5 : v)), ''], ['2026-13-01', '', ...answers(''), '']]);
    const result = await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--file', bad);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'row 1, column warna: Unknown column. Use the column names of this unit\'s template (tanggal, jam, loket, layanan, jenis_kelamin, usia, pendidikan, pekerjaan, disabilitas, item codes, saran).',
        'row 3, column U1: An answer must be 1, 2, 3 or 4, or left blank. (found "5")',
        'row 3, column loket: This unit has no loket with this code. (found "nope")',
        'row 4: This row holds no answer at all.',
        'row 4, column tanggal: The date must be YYYY-MM-DD (2026-07-21) or DD/MM/YYYY (21/07/2026). (found "2026-13-01")',
        `survei: nothing imported: 5 problems in ${bad} (3 rows)`,
        '',
      ].join('\n'),
    });
    const ansi = join(files, 'ansi.csv');
    writeFileSync(ansi, Buffer.from(`tanggal,U1,saran\n${day},4,Kepuasan tinggi\n${day},3,Caf\u00e9\n`, 'latin1'));
    const encoding = await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--file', ansi);
    expect(encoding.code).toBe(2);
    expect(encoding.stderr).toBe(
      `row 3: The file is not UTF-8 text (probably saved as "CSV (Comma delimited)" or ANSI/Windows-1252). Open it in Excel, Save As → "CSV UTF-8 (Comma delimited)", and upload it again.\nsurvei: nothing imported: 1 problem in ${ansi} (0 rows)\n`,
    );
  });

  it('writes the template as CSV or XLSX', async () => {
    const csvOut = join(files, 'templat.csv');
    expect(await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--template', 'csv', '--out', csvOut)).toEqual({ code: 0, stdout: `template written: ${csvOut}\n`, stderr: '' });
    expect(readFileSync(csvOut, 'utf8')).toBe(`\uFEFFtanggal,jam,loket,layanan,jenis_kelamin,usia,pendidikan,pekerjaan,disabilitas,${[...SKM, ...IPAK, ...IPKP].join(',')},saran\r\n`);
    const xlsxOut = join(files, 'templat.xlsx');
    expect((await cli('--unit', 'dinkes', '--instansi', 'kab-uji', '--template', 'xlsx', '--out', xlsxOut)).code).toBe(0);
    expect(readFileSync(xlsxOut).subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04', 'latin1'));
  });

  it.each([
    [['--unit', 'dinkes', '--instansi', 'kab-uji', '--file', '/nonexistent/kertas.csv'], 'survei: /nonexistent/kertas.csv: cannot read the file (no such file)\n'],
    [['--unit', 'puskesmas', '--instansi', 'kab-uji', '--file', SOME_FILE], 'survei: no unit "puskesmas" in instansi "kab-uji" (see `survei unit list --instansi kab-uji`)\n'],
    [['--unit', 'dinkes', '--instansi', 'kab-uji', '--template', 'pdf', '--out', '/tmp/x.pdf'], expect.stringMatching(/^survei: --template must be csv or xlsx; usage: /)],
    [['--instansi', 'kab-uji', '--file', SOME_FILE], expect.stringMatching(/^survei: missing --unit; usage: /)],
  ])('%o exits 2 with one line', async (args, stderr) => {
    expect(await cli(...args)).toEqual({ code: 2, stdout: '', stderr });
  });
});
