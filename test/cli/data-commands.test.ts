import { migrations } from '../../migrations/index.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { runCli } from '../support/process.ts';

const dirs: string[] = [];
const files = mkdtempSync(join(tmpdir(), 'survei-instruments-'));
dirs.push(files);
const instrument = (name: string, body: object) => {
  const path = join(files, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
};
const LABELS = ['Tidak puas', 'Kurang puas', 'Puas', 'Sangat puas'];
const skmKab = (items: number) => ({
  id: 'skm-kab',
  name: 'SKM Kabupaten Contoh',
  kind: 'ikm',
  scale: 4,
  unsur: [{ code: 'U1', name: 'Persyaratan', items: Array.from({ length: items }, (_, i) => ({ code: `U1.${i + 1}`, text: `Pertanyaan ${i + 1}`, labels: LABELS })) }],
});
const CUSTOM = instrument('custom.json', skmKab(2));
const CUSTOM_V2 = instrument('custom-v2.json', skmKab(3));
const IPAK_AS_IKM = instrument('kind.json', { ...skmKab(2), kind: 'ipak' });
const RESERVED = instrument('reserved.json', { ...skmKab(2), id: 'skm' });
const BROKEN = instrument('broken.json', { ...skmKab(1), unsur: [{ code: 'U1', name: 'X', items: [{ code: 'U1', text: 'T', labels: ['a', 'b'] }] }] });
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe.each(['pglite', 'postgres'] as const)('survei data commands on %s', (kind) => {
  let env: Record<string, string>;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    const base = { PUBLIC_BASE_URL: 'https://survei.kab-contoh.go.id' };
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'survei-cli-'));
      dirs.push(dir);
      env = { ...base, DATA_DIR: dir };
    } else {
      env = { ...base, DATABASE_URL: await createTestDatabaseUrl(), APP_SECRET: 'b'.repeat(40) };
    }
  });

  it('migrates, then reports the schema up to date', async () => {
    expect(await cli('migrate')).toEqual({ code: 0, stdout: `applied: ${Object.keys(migrations).join(', ')}\n`, stderr: '' });
    expect(await cli('migrate')).toEqual({ code: 0, stdout: 'database schema is up to date\n', stderr: '' });
  });

  it('creates an instansi, a unit with a UPT under it, layanan and lokets, and lists them', async () => {
    expect((await cli('instansi', 'add', '--name', 'Kabupaten Contoh', '--slug', 'kab-contoh')).stdout).toBe('instansi added: Kabupaten Contoh (kab-contoh, WIB)\n');
    const unit = await cli('unit', 'add', '--instansi', 'kab-contoh', '--name', 'Dinas Kesehatan', '--slug', 'dinkes', '--instruments', 'ipkp,ipak', '--json');
    expect(unit.code).toBe(0);
    expect(JSON.parse(unit.stdout)).toMatchObject({ slug: 'dinkes', instansi: 'kab-contoh', instruments: ['skm', 'ipkp', 'ipak'] });
    expect((await cli('unit', 'add', '--instansi', 'kab-contoh', '--name', 'UPT Puskesmas Kota', '--parent', 'dinkes')).code).toBe(0);
    expect((await cli('layanan', 'add', '--instansi', 'kab-contoh', '--unit', 'dinkes', '--name', 'Surat Izin Praktik')).stdout).toBe('layanan added to dinkes: Surat Izin Praktik\n');
    const loket = await cli('loket', 'add', '--instansi', 'kab-contoh', '--unit', 'dinkes', '--name', 'Loket 1', '--layanan', 'Surat Izin Praktik', '--json');
    expect(loket.code).toBe(0);
    const added = JSON.parse(loket.stdout);
    expect(added.code).toMatch(/^[a-z2-9]{8}$/);
    expect(added.url).toBe(`https://survei.kab-contoh.go.id/s/${added.code}`);

    const list = await cli('loket', 'list', '--instansi', 'kab-contoh', '--json');
    expect(JSON.parse(list.stdout)).toEqual([
      { id: added.id, code: added.code, name: 'Loket 1', unit: 'dinkes', layanan: 'Surat Izin Praktik', active: true, url: added.url },
    ]);
    const units = await cli('unit', 'list', '--instansi', 'kab-contoh');
    expect(units.stdout).toMatch(/^SLUG\s+NAME\s+PARENT\s+ACTIVE\n/);
    expect(units.stdout).toMatch(/upt-puskesmas-kota\s+UPT Puskesmas Kota\s+dinkes\s+yes/);
  });

  it('adds the first admin with a password from stdin, or a generated one', async () => {
    const fromStdin = await runCli(
      ['user', 'add', '--email', 'Admin@Kab-Contoh.go.id', '--name', 'Admin', '--role', 'admin', '--instansi', 'kab-contoh', '--password-stdin'],
      env,
      'correct horse battery staple\n',
    );
    expect(fromStdin).toMatchObject({ code: 0, stdout: 'user added: admin@kab-contoh.go.id (admin in kab-contoh)\n' });
    const generated = await cli('user', 'add', '--email', 'kapus@kab-contoh.go.id', '--name', 'Kapus', '--role', 'unit_admin', '--instansi', 'kab-contoh', '--unit', 'upt-puskesmas-kota', '--json');
    expect(generated.code).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({ role: 'unit_admin', units: ['upt-puskesmas-kota'], password: expect.stringMatching(/^.{20}$/) });
  });

  it('adds a custom instrument, versions it when it changes, and lets a unit run it instead of SKM', async () => {
    expect((await cli('instrument', 'add', '--instansi', 'kab-contoh', '--file', CUSTOM)).stdout).toBe('instrument skm-kab (ikm) saved as version 1\n');
    expect((await cli('instrument', 'add', '--instansi', 'kab-contoh', '--file', CUSTOM)).stdout).toBe('instrument skm-kab unchanged (version 1)\n');
    expect((await cli('instrument', 'add', '--instansi', 'kab-contoh', '--file', CUSTOM_V2, '--json')).stdout).toBe(
      `${JSON.stringify({ code: 'skm-kab', kind: 'ikm', version: 2, changed: true }, null, 2)}\n`,
    );
    const list = JSON.parse((await cli('instrument', 'list', '--instansi', 'kab-contoh', '--json')).stdout);
    expect(list.map((r: { code: string; version: number; items: number; builtin: boolean }) => [r.code, r.version, r.items, r.builtin])).toEqual([
      ['ipak', 1, 5, true],
      ['ipkp', 1, 11, true],
      ['skm', 1, 9, true],
      ['skm-kab', 2, 3, false],
    ]);
    const unit = JSON.parse((await cli('unit', 'add', '--instansi', 'kab-contoh', '--name', 'Kecamatan Kota', '--instruments', 'skm-kab,ipak', '--json')).stdout);
    expect(unit.instruments).toEqual(['skm-kab', 'ipak']);
  });

  it.each([
    [['unit', 'add', '--instansi', 'nowhere', '--name', 'X'], 'survei: no instansi with slug "nowhere"'],
    [['instansi', 'add', '--name', 'Kabupaten Contoh', '--slug', 'kab-contoh'], 'survei: an instansi with slug "kab-contoh" already exists'],
    [['instansi', 'add', '--name', 'Kota', '--time-zone', 'PST'], 'survei: timeZone must be WIB (Asia/Jakarta), WITA (Asia/Makassar) or WIT (Asia/Jayapura)'],
    [['unit', 'add', '--instansi', 'kab-contoh', '--name', 'Unit Y', '--instruments', 'skm,cpi'], 'survei: instruments: no instrument "cpi" (built-in: skm, ipak, ipkp;'],
    [['instrument', 'add', '--instansi', 'kab-contoh', '--file', RESERVED], 'survei: id "skm" is reserved for the built-in instrument'],
    [['instrument', 'add', '--instansi', 'kab-contoh', '--file', BROKEN], `survei: ${BROKEN}: unsur[0].items[0].labels must have exactly 4 labels`],
    [['instrument', 'add', '--instansi', 'kab-contoh', '--file', IPAK_AS_IKM], 'survei: instrument "skm-kab" is of kind ikm; a new version cannot change it to ipak'],
    [['loket', 'add', '--instansi', 'kab-contoh', '--unit', 'dinkes', '--name', 'Loket 2', '--layanan', 'Tidak Ada'], 'survei: no layanan "Tidak Ada" in unit dinkes'],
    [['user', 'add', '--email', 'not-an-email', '--name', 'X', '--role', 'admin', '--instansi', 'kab-contoh'], 'survei: email must be an e-mail address'],
    [['user', 'add', '--email', 'v@x.id', '--name', 'X', '--role', 'unit_admin', '--instansi', 'kab-contoh'], 'survei: units must name at least one unit for a unit_admin'],
    [['loket', 'add', '--instansi', 'kab-contoh', '--name', 'L'], 'survei: missing --unit; usage:'],
    [['unit', 'add', '--instansi', 'kab-contoh', '--name', 'Ü'], 'survei: slug: the name gives no usable slug ("u"); give one'],
    [['loket', 'add', '--instansi', 'kab-contoh', '--unit', 'dinkes', '--name', 'L', '--colour', 'red'], "survei: Unknown option '--colour'"],
  ])('%o exits 2 with one clear line and stores nothing', async (args, message) => {
    const result = await cli(...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr.startsWith(message)).toBe(true);
  });

  it('kept nothing of the refused commands', async () => {
    const instansi = JSON.parse((await cli('instansi', 'list', '--json')).stdout);
    expect(instansi.map((i: { slug: string }) => i.slug)).toEqual(['kab-contoh']);
    const units = JSON.parse((await cli('unit', 'list', '--instansi', 'kab-contoh', '--json')).stdout);
    expect(units.map((u: { slug: string }) => u.slug)).toEqual(['dinkes', 'kecamatan-kota', 'upt-puskesmas-kota']);
    expect(JSON.parse((await cli('loket', 'list', '--instansi', 'kab-contoh', '--json')).stdout)).toHaveLength(1);
  });
});

describe('survei help', () => {
  it('lists the commands and explains each one', async () => {
    const overview = await runCli(['--help']);
    expect(overview.code).toBe(0);
    for (const name of ['score', 'sample-size', 'migrate', 'demo', 'instansi', 'unit', 'layanan', 'loket', 'instrument', 'user']) expect(overview.stdout).toContain(`  ${name}`);
    for (const name of ['migrate', 'demo', 'instansi', 'unit', 'layanan', 'loket', 'instrument', 'user', 'score', 'sample-size']) {
      const help = await runCli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage/);
    }
  });

  it('refuses an unknown command', async () => {
    expect(await runCli(['frobnicate'])).toEqual({ code: 2, stdout: '', stderr: 'survei: unknown command "frobnicate"; run `survei --help` for the list\n' });
  });
});

describe('survei demo', () => {
  it('seeds a demo instansi with progress on stderr and a JSON summary on stdout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'survei-demo-'));
    dirs.push(dir);
    const result = await runCli(['demo', '--responses', '400', '--json'], { DATA_DIR: dir });
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.instansi).toBe('kab-contoh');
    expect(summary.units.map((u: { slug: string }) => u.slug)).toEqual(['disdukcapil', 'dpmptsp', 'dinkes', 'puskesmas-kota']);
    expect(summary.units.reduce((n: number, u: { responses: number }) => n + u.responses, 0)).toBe(400);
    expect(result.stderr).toContain('responses: 100% (400/400)');
    const again = await runCli(['demo', '--responses', '10'], { DATA_DIR: dir });
    expect(again).toMatchObject({ code: 2, stderr: 'survei: instansi "kab-contoh" already exists; choose another --slug\n' });
  });
});
