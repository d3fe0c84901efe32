import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl, openEnvDatabase } from '../support/databases.ts';
import { runCli } from '../support/process.ts';

const BASE = 'https://survei.kab-contoh.go.id';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function pdfText(path: string) {
  const pages = Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [path], { encoding: 'utf8' }))![1]);
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  return { pages, flat: text.replace(/\s+/g, ' '), compact: text.replace(/\s+/g, '') };
}

describe.each(['pglite', 'postgres'] as const)('survei qr and survei invitations on %s', (kind) => {
  let env: Record<string, string>;
  let out: string;
  let code: string;
  let closedCode: string;
  const cli = (...args: string[]) => runCli(args, env);

  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'survei-qr-'));
    dirs.push(out);
    if (kind === 'pglite') {
      const dir = mkdtempSync(join(tmpdir(), 'survei-cli-'));
      dirs.push(dir);
      env = { PUBLIC_BASE_URL: BASE, DATA_DIR: dir };
    } else {
      env = { PUBLIC_BASE_URL: BASE, DATABASE_URL: await createTestDatabaseUrl(), APP_SECRET: 'q'.repeat(40) };
    }
    expect((await cli('instansi', 'add', '--name', 'Kabupaten Contoh', '--slug', 'kab-contoh', '--time-zone', 'WITA')).code).toBe(0);
    expect((await cli('unit', 'add', '--instansi', 'kab-contoh', '--name', 'Dinas Kependudukan dan Pencatatan Sipil', '--slug', 'disduk')).code).toBe(0);
    code = JSON.parse((await cli('loket', 'add', '--instansi', 'kab-contoh', '--unit', 'disduk', '--name', 'Loket Perekaman KTP-el', '--json')).stdout).code;
    closedCode = JSON.parse((await cli('loket', 'add', '--instansi', 'kab-contoh', '--unit', 'disduk', '--name', 'Loket Lama', '--json')).stdout).code;
    // no CLI closes a loket yet: do it in the database
    const database = await openEnvDatabase(env);
    await database.db.updateTable('loket').set({ active: false }).where('code', '=', closedCode).execute();
    await database.close();
  });

  it('writes the QR as SVG', async () => {
    const file = join(out, 'loket.svg');
    const result = await cli('qr', '--loket', code, '--format', 'svg', '--out', file);
    expect(result).toEqual({ code: 0, stdout: `wrote ${file} (SVG, QR for ${BASE}/s/${code})\n`, stderr: '' });
    const svg = readFileSync(file, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 (\d+) \1"/);
    expect(svg).toContain('fill="#ffffff"');
    expect(svg).toContain('stroke="#000000"');
  });

  it.each([[undefined], ['300']])('writes the QR as a PNG of the size asked (--size %s)', async (size) => {
    const file = join(out, `loket-${size ?? 'default'}.png`);
    const result = await cli('qr', '--loket', code, '--format', 'png', '--out', file, ...(size ? ['--size', size] : []));
    expect(result.code).toBe(0);
    const png = readFileSync(file);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    const side = Number(size ?? 1024);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([side, side]);
    expect(result.stdout).toBe(`wrote ${file} (PNG ${side}×${side}, QR for ${BASE}/s/${code})\n`);
  });

  it('writes the A4 poster as PDF, the format read from the file name', async () => {
    const file = join(out, 'poster.pdf');
    const result = await cli('qr', '--loket', code, '--out', file);
    expect(result).toMatchObject({ code: 0, stdout: `wrote ${file} (A4 poster, QR for ${BASE}/s/${code})\n` });
    expect(readFileSync(file).subarray(0, 5).toString()).toBe('%PDF-');
    const { pages, flat } = pdfText(file);
    expect(pages).toBe(1);
    for (const text of ['Bagaimana pelayanan kami?', 'Pindai untuk mengisi survei', 'Dinas Kependudukan dan Pencatatan Sipil', 'Loket Perekaman KTP-el', `survei.kab-contoh.go.id/s/${code}`]) {
      expect(flat).toContain(text);
    }
  });

  it('prints slips of single-use invitations, and their URLs as JSON', async () => {
    const file = join(out, 'slips.pdf');
    const result = await cli('invitations', '--loket', code, '--count', '10', '--ttl-hours', '24', '--out', file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`^created 10 invitations for loket ${code} \\(Loket Perekaman KTP-el, Dinas Kependudukan dan Pencatatan Sipil\\), valid until \\d{1,2} \\w+ \\d{4} pukul \\d\\d\\.\\d\\d WITA\\nwrote ${file} \\(2 pages of slips\\)\\n$`));
    const { pages, flat, compact } = pdfText(file);
    expect(pages).toBe(2);
    expect(flat.split('Satu kali pakai')).toHaveLength(11);
    expect(flat).toMatch(/Berlaku sampai \d{1,2} \w+ \d{4} pukul \d\d\.\d\d WITA/);
    expect(compact.match(/survei\.kab-contoh\.go\.id\/i\/[A-Za-z0-9_-]{43}/g)).toHaveLength(10);

    const json = await cli('invitations', '--loket', code, '--count', '2', '--json');
    expect(json.code).toBe(0);
    const body = JSON.parse(json.stdout);
    expect(body.loket).toEqual({ code, name: 'Loket Perekaman KTP-el', unit: 'Dinas Kependudukan dan Pencatatan Sipil' });
    expect(body.invitations).toHaveLength(2);
    for (const i of body.invitations) {
      expect(i.url).toMatch(new RegExp(`^${BASE}/i/[A-Za-z0-9_-]{43}$`));
      expect((Date.parse(i.expiresAt) - Date.now()) / 3_600_000).toBeCloseTo(336, 0);
    }
  });

  it('shows progress on stderr for a large batch, keeping stdout clean', async () => {
    const result = await cli('invitations', '--loket', code, '--count', '200', '--out', join(out, 'many.pdf'), '--json');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).invitations).toHaveLength(200);
    expect(result.stderr).toContain('slips: 100% (200/200)');
    expect(pdfText(join(out, 'many.pdf')).pages).toBe(25);
  });

  const refusals: [string, string[], string][] = [
    ['an unknown loket', ['qr', '--loket', 'tidakada', '--format', 'svg', '--out', 'OUT/x.svg'], 'survei: no loket with code "tidakada"'],
    ['a malformed loket code', ['qr', '--loket', 'Loket 1', '--format', 'svg', '--out', 'OUT/x.svg'], 'survei: no loket with code "Loket 1"'],
    ['an unknown format', ['qr', '--loket', 'CODE', '--format', 'jpg', '--out', 'OUT/x.jpg'], 'survei: --format must be svg, png or pdf (got "jpg")'],
    ['no format', ['qr', '--loket', 'CODE', '--out', 'OUT/x'], 'survei: missing --format (svg, png or pdf)'],
    ['a size too large', ['qr', '--loket', 'CODE', '--format', 'png', '--size', '10000', '--out', 'OUT/x.png'], 'survei: --size must be 128–4096 pixels (got "10000")'],
    ['a size for SVG', ['qr', '--loket', 'CODE', '--format', 'svg', '--size', '512', '--out', 'OUT/x.svg'], 'survei: --size applies to --format png only'],
    ['a missing directory', ['qr', '--loket', 'CODE', '--format', 'svg', '--out', 'OUT/no/such/dir/x.svg'], 'survei: OUT/no/such/dir/x.svg: cannot write the file (no such directory)'],
    ['no --out', ['qr', '--loket', 'CODE', '--format', 'svg'], 'survei: missing --out; usage:'],
    ['invitations for an unknown loket', ['invitations', '--loket', 'tidakada', '--count', '3', '--json'], 'survei: no active loket with code "tidakada"'],
    ['a count of 0', ['invitations', '--loket', 'CODE', '--count', '0', '--json'], 'survei: --count must be a whole number 1–1000 (got "0")'],
    ['a count of 1001', ['invitations', '--loket', 'CODE', '--count', '1001', '--json'], 'survei: --count must be a whole number 1–1000 (got "1001")'],
    ['a ttl of 0', ['invitations', '--loket', 'CODE', '--count', '1', '--ttl-hours', '0', '--json'], 'survei: --ttl-hours must be a whole number 1–2160 (got "0")'],
    ['neither --out nor --json', ['invitations', '--loket', 'CODE', '--count', '1'], 'survei: give --out <slips.pdf> or --json'],
    ['slips into a missing directory', ['invitations', '--loket', 'CODE', '--count', '1', '--out', 'OUT/no/slips.pdf'], 'survei: OUT/no/slips.pdf: cannot write the file (no such directory)'],
  ];
  it.each(refusals)('exits 2 with one line for %s', async (_, args, message) => {
    const fill = (s: string) => s.replaceAll('OUT', out).replace(/^CODE$/, code);
    const result = await cli(...args.map(fill));
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr.startsWith(fill(message))).toBe(true);
  });

  it('refuses an inactive loket for posters and invitations', async () => {
    const poster = await cli('qr', '--loket', closedCode, '--out', join(out, 'closed.pdf'));
    expect(poster).toEqual({ code: 2, stdout: '', stderr: `survei: loket "${closedCode}" (Loket Lama) is inactive: its survey page is closed\n` });
    const slips = await cli('invitations', '--loket', closedCode, '--count', '1', '--json');
    expect(slips).toEqual({ code: 2, stdout: '', stderr: `survei: no active loket with code "${closedCode}"\n` });
  });

  it('stored only the invitations asked for', async () => {
    const database = await openEnvDatabase(env);
    const row = await database.db.selectFrom('invitation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await database.close();
    expect(Number(row.n)).toBe(10 + 2 + 200);
  });
});

describe('survei qr --help and invitations --help', () => {
  it('explain the commands', async () => {
    for (const name of ['qr', 'invitations', 'apikey']) {
      const help = await runCli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/^Usage/);
    }
    const overview = await runCli(['--help']);
    for (const name of ['qr', 'invitations', 'apikey']) expect(overview.stdout).toContain(`  ${name} `);
  });
});
