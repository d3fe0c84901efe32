// Importing paper questionnaires: a good CSV and a good XLSX are stored with channel paper and move
// the ScoreCard; any bad row stores nothing and every problem is listed with its row and column;
// the same file twice is refused unless forced; the template names the unit's columns.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { describeImportProblem, type ImportOutcome, type ImportProblem, importResponses, importTemplate, listImports } from '../../src/reports/import/index.ts';
import { localDate } from '../../src/results/period.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { IPAK, IPKP, type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';

const dir = mkdtempSync(join(tmpdir(), 'survei-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function file(name: string, content: string | Buffer): { path: string; name: string } {
  const path = join(dir, `${++fileCount}-${name}`);
  writeFileSync(path, content);
  return { path, name };
}

const HEADER = ['tanggal', 'jam', 'loket', 'layanan', 'jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan', 'disabilitas', ...SKM, ...IPAK, ...IPKP, 'saran'];

/** One CSV line per row of cells (quoted when needed), LF line ends. */
const csv = (rows: (string | number)[][], delimiter = ',') =>
  rows.map((r) => r.map((c) => (/[",;\n]/.test(String(c)) ? `"${String(c).replaceAll('"', '""')}"` : String(c))).join(delimiter)).join('\n') + '\n';

type ZipEntry = { name: string; data: Uint8Array; stored?: boolean };

/**
 * A zip written by hand, each entry deflated or stored as it is. Its sizes and CRC-32 go in the local
 * header, or (descriptors) in a data descriptor after the data, as streaming writers such as archiver
 * (exceljs' WorkbookWriter) write them: the local header then holds zeros.
 */
function zipArchive(entries: ZipEntry[], descriptors: boolean): Buffer {
  const u16 = (n: number) => Buffer.from([n & 0xff, n >>> 8]);
  const u32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b;
  };
  const local: Buffer[] = [];
  const central: Buffer[] = [];
  let at = 0;
  for (const { name, data, stored } of entries) {
    const body = stored ? Buffer.from(data) : deflateRawSync(data);
    const sums = [u32(crc32(data)), u32(body.length), u32(data.length)];
    const n = Buffer.from(name);
    // version needed 2.0, flags (bit 3: data descriptor), method, a time and a date
    const common = [u16(20), u16(descriptors ? 8 : 0), u16(stored ? 0 : 8), u16(0), u16(0x21)];
    const entry = Buffer.concat([u32(0x04034b50), ...common, ...(descriptors ? [u32(0), u32(0), u32(0)] : sums), u16(n.length), u16(0), n, body, ...(descriptors ? [u32(0x08074b50), ...sums] : [])]);
    // version made by, the same fields, no extra, comment, disk or attributes, then where the entry is
    central.push(Buffer.concat([u32(0x02014b50), u16(20), ...common, ...sums, u16(n.length), u16(0), u16(0), u16(0), u16(0), u32(0), u32(at), n]));
    local.push(entry);
    at += entry.length;
  }
  const directory = Buffer.concat(central);
  return Buffer.concat([...local, directory, u32(0x06054b50), u16(0), u16(0), u16(entries.length), u16(entries.length), u32(directory.length), u32(at), u16(0)]);
}

describe.each(DATABASE_KINDS)('importing paper questionnaires (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  /** a day in the world's period, and the same day as a paper form writes it */
  let day: string;
  let dayDmy: string;
  let layananId: string;
  const by = { userId: null, address: null };
  const run = (f: { path: string; name: string }, force?: boolean): Promise<ImportOutcome> =>
    importResponses(database.db, { unitId: world.dinkes.id, file: f, by, ...(force === undefined ? {} : { force }) });
  const paperCount = async () =>
    Number((await database.db.selectFrom('response').where('channel', '=', 'paper').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const importCount = async () => Number((await database.db.selectFrom('response_import').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** a row of the full header: SKM values, IPAK 3, IPKP 4, and the given leading fields */
  const row = (fields: Partial<Record<(typeof HEADER)[number], string | number>>, skm: (string | number)[] = SKM.map(() => 4)) =>
    HEADER.map((h) => {
      if (h in fields) return fields[h]!;
      const u = SKM.indexOf(h);
      if (u >= 0) return skm[u]!;
      if (IPAK.includes(h)) return 3;
      if (IPKP.includes(h)) return 4;
      return h === 'tanggal' ? day : '';
    });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db, { publishNow: false });
    day = localDate(new Date(Date.parse(`${world.period.from}T05:00:00Z`) + 20 * 86_400_000), 'Asia/Jakarta');
    dayDmy = `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
    layananId = (await database.db.selectFrom('layanan').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('stores a good CSV with channel paper, moves the ScoreCard, and records the import', async () => {
    const before = await loadScoreCards(database.db, { unitIds: [world.dinkes.id] }, world.period);
    expect(before[0]!.respondents).toBe(10);
    expect(before[0]!.konversi).toBeCloseTo(78.89, 2);
    const f = file('kertas.csv', csv([
      HEADER,
      row({ jam: '09:30', loket: world.dinkes.loketCode.toUpperCase(), jenis_kelamin: 'Perempuan', usia: 34, pendidikan: 'SMA/SMK', pekerjaan: 'Pelajar/Mahasiswa', disabilitas: 'Tidak ada', saran: 'Antrean, "cepat"' }),
      row({ tanggal: dayDmy, jam: '14.05', layanan: 'imunisasi', jenis_kelamin: 'L', usia: '61', pendidikan: 'd4_s1', pekerjaan: 'pns', disabilitas: 'fisik' }),
      row({}, ['', '', '', '', '', '', '', '', 4]),
      HEADER.map(() => ''),
      row({ saran: "'=HYPERLINK(1)" }),
    ]));
    const outcome = await run(f);
    expect(outcome).toEqual({ ok: true, importId: expect.any(String), rows: 4 });
    if (!outcome.ok) return;

    const stored = await database.db.selectFrom('response').where('import_batch', '=', outcome.importId).selectAll().orderBy('submitted_at').orderBy('saran').execute();
    expect(stored).toHaveLength(4);
    expect(stored.every((r) => r.channel === 'paper' && r.trust === 'open' && r.local_date === day && r.tallied_at !== null)).toBe(true);
    const first = stored.find((r) => r.age === 34)!;
    // 09:30 WIB; the loket serves Imunisasi, so the layanan comes from it
    expect(first.submitted_at.toISOString()).toBe(`${day}T02:30:00.000Z`);
    expect(first).toMatchObject({ loket_id: world.dinkes.loketId, layanan_id: layananId, gender: 'P', education: 'sma', occupation: 'pelajar', disability: 'none', saran: 'Antrean, "cepat"' });
    expect(Object.values(first.answers)).toHaveLength(3);
    const second = stored.find((r) => r.age === 61)!;
    expect(second.submitted_at.toISOString()).toBe(`${day}T07:05:00.000Z`);
    expect(second).toMatchObject({ loket_id: null, layanan_id: layananId, gender: 'L', education: 'd4_s1', occupation: 'pns', disability: 'fisik' });
    // no jam: noon in the instansi's zone
    const noon = stored.filter((r) => r.age === null);
    expect(noon.map((r) => r.submitted_at.toISOString())).toEqual([`${day}T05:00:00.000Z`, `${day}T05:00:00.000Z`]);
    expect(noon.map((r) => r.saran)).toContain('=HYPERLINK(1)');

    const after = await loadScoreCards(database.db, { unitIds: [world.dinkes.id] }, world.period);
    const ikm = after.find((c) => c.kind === 'ikm')!;
    expect(ikm.respondents).toBe(14);
    // U1: 32 + 3 × 4 over 13 answers (one row answered U9 only); U9: 29 + 4 × 4 over 14
    expect(ikm.unsur.find((u) => u.code === 'U1')!.nrr).toBeCloseTo(44 / 13, 10);
    expect(ikm.unsur.find((u) => u.code === 'U9')!.nrr).toBeCloseTo(45 / 14, 10);
    expect(after.find((c) => c.kind === 'ipak')!.respondents).toBe(14);

    const channel = await database.db.selectFrom('respondent_tally').where('unit_id', '=', world.dinkes.id).where('dimension', '=', 'channel').where('value', '=', 'paper').select((eb) => eb.fn.sum<number>('respondents').as('n')).executeTakeFirstOrThrow();
    expect(Number(channel.n)).toBe(4);
    expect(await listImports(database.db, world.dinkes.id)).toEqual([
      { id: outcome.importId, fileName: 'kertas.csv', fileHash: expect.stringMatching(/^[0-9a-f]{64}$/), rows: 4, importedAt: expect.any(Date), importedBy: null, forced: false },
    ]);
    const logged = await database.db.selectFrom('audit_log').where('action', '=', 'responses.import').selectAll().execute();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ instansi_id: world.instansi.id, user_id: null, target_type: 'unit', target_id: world.dinkes.id, detail: { import: outcome.importId, file: 'kertas.csv', rows: 4, forced: false } });
  });

  it('stores a good XLSX filled into the template, reading dates, times, numbers, rich text and formulas', async () => {
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await importTemplate(database.db, world.disduk.id, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = template.getWorksheet('Responden')!;
    const header = (sheet.getRow(1).values as string[]).slice(1);
    const cells = (values: Record<string, ExcelJS.CellValue>) => header.map((h) => values[h] ?? (SKM.includes(h) ? 4 : null));
    sheet.addRow(cells({ tanggal: new Date(`${day}T00:00:00Z`), jam: new Date('1899-12-30T10:15:00Z'), loket: world.disduk.loketCode, usia: 40, jenis_kelamin: 'laki-laki' }));
    // a date typed as text, a date serial number, an answer from a formula, saran in rich text
    sheet.addRow(cells({ tanggal: dayDmy, jam: '8:00', U1: { formula: '1+2', result: 3 }, saran: { richText: [{ text: 'Ruang ' }, { font: { bold: true }, text: 'tunggu' }, { text: ' panas' }] } }));
    const serial = Date.parse(`${day}T00:00:00Z`) / 86_400_000 + 25_569;
    sheet.addRow(cells({ tanggal: serial, pendidikan: 'S2', pekerjaan: 'Lainnya', disabilitas: 'sensorik', jenis_kelamin: 'p' }));
    const f = file('kertas.xlsx', Buffer.from(await template.xlsx.writeBuffer()));

    const outcome = await importResponses(database.db, { unitId: world.disduk.id, file: f, by: { userId: world.adminId, address: '203.0.113.9' } });
    expect(outcome).toEqual({ ok: true, importId: expect.any(String), rows: 3 });
    if (!outcome.ok) return;
    const stored = await database.db.selectFrom('response').where('import_batch', '=', outcome.importId).selectAll().orderBy('submitted_at').execute();
    expect(stored.map((r) => [r.submitted_at.toISOString(), r.gender, r.age, r.saran, r.education])).toEqual([
      [`${day}T01:00:00.000Z`, null, null, 'Ruang tunggu panas', null],
      [`${day}T03:15:00.000Z`, 'L', 40, null, null],
      [`${day}T05:00:00.000Z`, 'P', null, null, 's2'],
    ]);
    expect(stored[0]!.loket_id).toBeNull();
    expect(stored[1]!.loket_id).toBe(world.disduk.loketId);
    expect(Object.values(stored[0]!.answers)[0]).toMatchObject({ U1: 3, U2: 4 });
    const card = (await loadScoreCards(database.db, { unitIds: [world.disduk.id] }, world.period))[0]!;
    expect(card.respondents).toBe(13);
    expect(card.unsur[0]!.nrr).toBeCloseTo((40 + 4 + 3 + 4) / 13, 10);
    const logged = await database.db.selectFrom('audit_log').where('action', '=', 'responses.import').where('target_id', '=', world.disduk.id).selectAll().executeTakeFirstOrThrow();
    expect(logged).toMatchObject({ user_id: world.adminId, address: '203.0.113.9' });
    expect((await listImports(database.db, world.disduk.id))[0]).toMatchObject({ importedBy: 'Admin Uji', rows: 3, fileName: 'kertas.xlsx' });
  });

  it('stores nothing when rows are bad, and lists every bad row and column with the reason', async () => {
    const [papers, imports] = [await paperCount(), await importCount()];
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const f = file('salah.csv', csv([
      HEADER,
      row({}, [4, 4, 5, 4, 4, 4, 4, 4, 4]),
      row({ loket: 'zzzz9999' }),
      row({ tanggal: '31/02/2026' }),
      row({ tanggal: '', usia: 'tiga puluh', jenis_kelamin: 'X' }),
      row({}, SKM.map(() => 4)).map((c, i) => (i >= 9 && i < HEADER.length - 1 ? '' : c)),
      row({ tanggal: future, jam: '25:00', pendidikan: 'SLTA' }),
      row({ tanggal: '1999-12-31', layanan: 'Perekaman KTP', pekerjaan: 'nelayan', disabilitas: 'tuli' }),
      row({}, ['4', '4', '4', '4', '4', '4', '4', '4', '0']),
      row({}),
    ]));
    const outcome = await run(f);
    const p = (row: number, column: string | null, reason: ImportProblem['reason'], value?: string): ImportProblem => ({ row, column, reason, ...(value === undefined ? {} : { value }) });
    expect(outcome).toEqual({
      ok: false,
      kind: 'invalid',
      rows: 9,
      totalProblems: 14,
      problems: [
        p(2, 'U3', 'item_value', '5'),
        p(3, 'loket', 'loket_unknown', 'zzzz9999'),
        p(4, 'tanggal', 'date_invalid', '31/02/2026'),
        p(5, 'tanggal', 'date_required'),
        p(5, 'jenis_kelamin', 'gender_invalid', 'X'),
        p(5, 'usia', 'age_invalid', 'tiga puluh'),
        p(6, null, 'no_answers'),
        p(7, 'tanggal', 'date_future', future),
        p(7, 'jam', 'time_invalid', '25:00'),
        p(7, 'pendidikan', 'education_invalid', 'SLTA'),
        p(8, 'tanggal', 'date_too_old', '1999-12-31'),
        p(8, 'layanan', 'layanan_unknown', 'Perekaman KTP'),
        p(8, 'disabilitas', 'disability_invalid', 'tuli'),
        p(9, 'U9', 'item_value', '0'),
      ],
    });
    // 'nelayan' is a part of the label "Petani/Nelayan", and so accepted
    expect(await paperCount()).toBe(papers);
    expect(await importCount()).toBe(imports);
  });

  it('names the saran that is too long, a future date, and a layanan another loket serves', async () => {
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    await database.db.insertInto('layanan').values({ unit_id: world.dinkes.id, name: 'Surat Keterangan Sehat' }).execute();
    const outcome = await run(file('salah2.csv', csv([HEADER, row({ saran: 'x'.repeat(1001) }), row({ tanggal: future }), row({ loket: world.dinkes.loketCode, layanan: 'Surat Keterangan Sehat' })])));
    expect(outcome.ok).toBe(false);
    if (outcome.ok || outcome.kind !== 'invalid') return;
    expect(outcome.problems.map((x) => [x.row, x.column, x.reason, x.detail])).toEqual([
      [2, 'saran', 'saran_too_long', undefined],
      [3, 'tanggal', 'date_future', undefined],
      [4, 'layanan', 'layanan_mismatch', 'Imunisasi'],
    ]);
    expect(describeImportProblem(outcome.problems[2]!, 'id')).toBe('Loket ini hanya melayani "Imunisasi". (tertulis "Surat Keterangan Sehat")');
    expect(describeImportProblem(outcome.problems[2]!, 'en')).toBe('This loket serves only "Imunisasi". (found "Surat Keterangan Sehat")');
  });

  it('refuses a header with a missing required column, unknown and repeated columns, or no item', async () => {
    const noDate = await run(file('tanpa-tanggal.csv', csv([['U1', 'U10', 'u1', 'Catatan'], [4, 4, 4, 'x']])));
    expect(noDate).toMatchObject({
      ok: false,
      kind: 'invalid',
      rows: 1,
      problems: [
        { row: 1, column: 'U10', reason: 'unknown_column' },
        { row: 1, column: 'u1', reason: 'duplicate_column' },
        { row: 1, column: 'Catatan', reason: 'unknown_column' },
        { row: 1, column: 'tanggal', reason: 'missing_column' },
      ],
    });
    const noItems = await run(file('tanpa-butir.csv', csv([['tanggal', 'saran'], [day, 'baik']])));
    expect(noItems).toMatchObject({ ok: false, kind: 'invalid', problems: [{ row: 1, column: null, reason: 'no_item_columns' }] });
    const empty = await run(file('kosong.csv', '\n\n'));
    expect(empty).toMatchObject({ ok: false, kind: 'invalid', problems: [{ row: null, reason: 'empty_file' }] });
    const headerOnly = await run(file('judul.csv', 'tanggal,U1\n'));
    expect(headerOnly).toMatchObject({ ok: false, kind: 'invalid', problems: [{ row: 1, reason: 'no_rows' }] });
  });

  it('refuses a file that is not UTF-8 (Windows-1252 from "CSV (Comma delimited)") as a whole, naming the row', async () => {
    const papers = await paperCount();
    const text = csv([HEADER, row({}), row({ saran: 'Pelayanan ramah, café nyaman' }), row({}, [5, 5, 5, 5, 5, 5, 5, 5, 5])]);
    const outcome = await run(file('ansi.csv', Buffer.from(text, 'latin1')));
    expect(outcome).toEqual({ ok: false, kind: 'invalid', rows: 0, totalProblems: 1, problems: [{ row: 3, column: null, reason: 'encoding' }] });
    expect(describeImportProblem({ row: 3, column: null, reason: 'encoding' }, 'id')).toContain('CSV UTF-8');
    // UTF-16 without its byte-order mark cannot be told apart safely either
    const utf16 = await run(file('utf16.csv', Buffer.from(text, 'utf16le')));
    expect(utf16).toMatchObject({ ok: false, problems: [{ row: null, reason: 'encoding' }] });
    expect(await paperCount()).toBe(papers);
  });

  // found by test/fuzz/import.test.ts: a NUL past the first KB reached PostgreSQL, which cannot store it in text
  it('refuses a NUL character anywhere in a CSV as the wrong encoding, naming the row', async () => {
    const papers = await paperCount();
    const rows = Array.from({ length: 30 }, () => row({}));
    const outcome = await run(file('nul.csv', csv([HEADER, ...rows, row({ saran: 'ramah\u0000' })])));
    expect(outcome).toEqual({ ok: false, kind: 'invalid', rows: 0, totalProblems: 1, problems: [{ row: 32, column: null, reason: 'encoding' }] });
    expect(await paperCount()).toBe(papers);
  });

  // found by test/fuzz/import.test.ts: a NUL in the file's name made the store fail half-way
  it('records a file name without its control characters', async () => {
    const { path } = file('nama.csv', csv([HEADER, row({ saran: 'nama berkas aneh' })]));
    const outcome = await importResponses(database.db, { unitId: world.dinkes.id, file: { path, name: 'ker\u0000tas\n.csv' }, by });
    expect(outcome).toMatchObject({ ok: true, rows: 1 });
    expect((await listImports(database.db, world.dinkes.id))[0]).toMatchObject({ fileName: 'kertas.csv', rows: 1 });
    // a lone surrogate, here the half of an emoji the 255-character cut leaves, is replaced
    const again = file('emoji.csv', csv([HEADER, row({ saran: 'nama berkas panjang' })]));
    expect(await importResponses(database.db, { unitId: world.dinkes.id, file: { path: again.path, name: `${'a'.repeat(254)}😀.csv` }, by })).toMatchObject({ ok: true });
    expect((await listImports(database.db, world.dinkes.id))[0]!.fileName).toBe(`${'a'.repeat(254)}\uFFFD`);
  });

  it('accepts a UTF-8 BOM with ";" (Excel in the Indonesian locale) and UTF-16 with its BOM', async () => {
    const withBom = await run(file('bom.csv', `\uFEFF${csv([HEADER, row({ saran: 'Terima kasih; mantap' })], ';')}`));
    expect(withBom).toMatchObject({ ok: true, rows: 1 });
    const utf16 = await run(file('utf16-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv([HEADER, row({ saran: 'Ruang ber-AC, sejuk' })]), 'utf16le')])));
    expect(utf16).toMatchObject({ ok: true, rows: 1 });
    const sarans = await database.db.selectFrom('response').where('saran', 'in', ['Terima kasih; mantap', 'Ruang ber-AC, sejuk']).select('saran').execute();
    expect(sarans).toHaveLength(2);
  });

  it('refuses the same file twice with the earlier import, and imports it again when forced', async () => {
    const f = file('dua-kali.csv', csv([HEADER, row({ jam: '10:00' }), row({ jam: '11:00' })]));
    const first = await importResponses(database.db, { unitId: world.dinkes.id, file: f, by: { userId: world.adminId, address: null } });
    expect(first).toMatchObject({ ok: true, rows: 2 });
    const papers = await paperCount();
    const again = await run({ path: f.path, name: 'nama-lain.csv' });
    expect(again).toEqual({ ok: false, kind: 'duplicate', previous: { id: first.ok ? first.importId : '', importedAt: expect.any(Date), importedBy: 'Admin Uji', rows: 2 } });
    expect(await paperCount()).toBe(papers);
    const forced = await run(f, true);
    expect(forced).toMatchObject({ ok: true, rows: 2 });
    expect(await paperCount()).toBe(papers + 2);
    const history = (await listImports(database.db, world.dinkes.id)).filter((i) => i.fileName === 'dua-kali.csv');
    expect(history.map((i) => [i.forced, i.importedBy])).toEqual([
      [true, null],
      [false, 'Admin Uji'],
    ]);
  });

  it('keeps the first 1,000 problems and counts them all', async () => {
    const outcome = await run(file('banyak.csv', csv([HEADER, ...Array.from({ length: 1_500 }, () => row({ usia: 7 }))])));
    expect(outcome).toMatchObject({ ok: false, kind: 'invalid', rows: 1_500, totalProblems: 1_500 });
    if (outcome.ok || outcome.kind !== 'invalid') return;
    expect(outcome.problems).toHaveLength(1_000);
    expect(outcome.problems.at(-1)).toEqual({ row: 1_001, column: 'usia', reason: 'age_invalid', value: '7' });
  });

  it('reads the first sheet that is not the guide, wherever the guide was moved', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('Petunjuk').addRow(['tanggal', 'U1']).commit();
    const data = book.addWorksheet('Data Juli');
    data.addRow(['Tanggal', 'U1', 'U2']);
    data.addRow([new Date(`${day}T00:00:00Z`), 2, 1]);
    book.addWorksheet('Catatan').addRow(['tanggal', 'U1']);
    const outcome = await importResponses(database.db, { unitId: world.disduk.id, file: file('lembar.xlsx', Buffer.from(await book.xlsx.writeBuffer())), by });
    expect(outcome).toMatchObject({ ok: true, rows: 1 });
  });

  it('tells an old .xls and a broken .xlsx from a CSV by their bytes', async () => {
    const xls = await run(file('lama.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(512)])));
    expect(xls).toMatchObject({ ok: false, problems: [{ row: null, reason: 'xls_format' }] });
    const notZip = await run(file('palsu.xlsx', csv([HEADER, row({})])));
    expect(notZip).toMatchObject({ ok: false, problems: [{ row: null, reason: 'unreadable_xlsx' }] });
    const broken = await run(file('rusak.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 7)])));
    expect(broken).toMatchObject({ ok: false, problems: [{ row: null, reason: 'unreadable_xlsx' }] });
  });

  // found by test/fuzz/import.test.ts: exceljs' reader waited forever on some damaged entries
  it('refuses an XLSX damaged inside its compressed entries, never waiting on it, storing nothing of it', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Responden');
    sheet.addRow(['tanggal', 'U1', 'saran']);
    for (let i = 0; i < 20; i++) sheet.addRow([day, (i % 4) + 1, `saran nomor ${i} yang cukup panjang`]);
    const good = Buffer.from(await book.xlsx.writeBuffer());
    const before = await paperCount();
    const reasons: string[] = [];
    // one byte changed at 40 places spread over the archive (before the fix, about 6 of them hung)
    for (let k = 0; k < 40; k++) {
      const bytes = Buffer.from(good);
      bytes[30 + Math.floor(((bytes.length - 60) * k) / 40)]! ^= 0x55;
      const outcome = await Promise.race([run(file(`rusak-${k}.xlsx`, bytes)), new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5_000))]);
      reasons.push(outcome === 'hung' ? 'hung' : outcome.ok ? 'ok' : outcome.kind === 'invalid' ? outcome.problems[0]!.reason : outcome.kind);
    }
    expect(reasons).not.toContain('hung');
    expect(reasons.filter((r) => r === 'unreadable_xlsx').length).toBeGreaterThanOrEqual(6);
    // a byte of the archive's dates or names leaves a readable file: those are imported whole
    expect(await paperCount()).toBe(before + 20 * reasons.filter((r) => r === 'ok').length);
  });

  /** the unit's template with one good row, as its entries */
  const templateEntries = async (): Promise<ZipEntry[]> => {
    const template = new ExcelJS.Workbook();
    await template.xlsx.load((await importTemplate(database.db, world.dinkes.id, 'xlsx')) as unknown as ArrayBuffer);
    const sheet = template.getWorksheet('Responden')!;
    sheet.addRow((sheet.getRow(1).values as string[]).slice(1).map((h) => (h === 'tanggal' ? day : SKM.includes(h) ? 4 : null)));
    return Object.entries(unzipSync(new Uint8Array(await template.xlsx.writeBuffer()))).map(([name, data]) => ({ name, data }));
  };

  // the archive check once found where such an entry ends by scanning for signatures, and cut it short
  it('reads an XLSX whose entries end in data descriptors, whatever signatures their data holds', async () => {
    const entries = await templateEntries();
    // a part exceljs passes over, stored as it is, holding a local header's and a directory entry's signature
    entries.splice(2, 0, { name: 'customXml/item1.bin', data: Buffer.from('a PK\x03\x04 b PK\x01\x02 c', 'latin1'), stored: true });
    const before = await paperCount();
    expect(await run(file('aliran.xlsx', zipArchive(entries, true)))).toEqual({ ok: true, importId: expect.any(String), rows: 1 });
    expect(await paperCount()).toBe(before + 1);
  });

  it('refuses, naming it, an entry ending in a data descriptor whose data holds that descriptor\'s signature, and a ZIP64 archive', async () => {
    const entries = await templateEntries();
    entries.splice(2, 0, { name: 'customXml/item1.bin', data: Buffer.from('a PK\x07\x08 b', 'latin1'), stored: true });
    // exceljs' zip reader takes those bytes for the entry's end, so it cannot read this valid archive
    const cut = await run(file('aliran.xlsx', zipArchive(entries, true)));
    expect(cut).toMatchObject({ ok: false, problems: [{ row: null, reason: 'unreadable_xlsx', detail: expect.stringMatching(/^customXml\/item1\.bin: its data holds the signature PK\\x07\\x08/) }] });
    // with its sizes in the local header (as Excel and LibreOffice write) the same entry is read whole
    const sized = zipArchive(entries, false);
    expect(await run(file('bersize.xlsx', sized))).toMatchObject({ ok: true, rows: 1 });
    // ZIP64 moves the directory's place into its own record; an upload-sized workbook never needs it
    const zip64 = Buffer.from(sized);
    zip64.writeUInt32LE(0xffffffff, zip64.length - 6);
    expect(await run(file('zip64.xlsx', zip64))).toMatchObject({ ok: false, problems: [{ reason: 'unreadable_xlsx', detail: 'ZIP64 archives are not supported' }] });
  });

  it('writes the template: the CSV header row, and an XLSX with a bold header, a date column and a "Petunjuk" sheet', async () => {
    const text = (await importTemplate(database.db, world.dinkes.id, 'csv')).toString('utf8');
    expect(text).toBe(`\uFEFF${HEADER.join(',')}\r\n`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await importTemplate(database.db, world.dinkes.id, 'xlsx')) as unknown as ArrayBuffer);
    expect(book.worksheets.map((s) => s.name)).toEqual(['Responden', 'Petunjuk']);
    const sheet = book.getWorksheet('Responden')!;
    expect((sheet.getRow(1).values as string[]).slice(1)).toEqual(HEADER);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getColumn(1).numFmt).toBe('yyyy-mm-dd');
    const guide: string[] = [];
    book.getWorksheet('Petunjuk')!.eachRow((r) => guide.push((r.values as unknown[]).slice(1).join(' | ')));
    expect(guide).toContain(`${world.dinkes.loketCode} |  | Loket Imunisasi | Imunisasi`);
    expect(guide).toContain('Imunisasi');
    expect(guide.find((l) => l.startsWith('U4 |'))).toBe('U4 | tidak | Biaya/Tarif: Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan? | 1 = Sangat mahal, 2 = Cukup mahal, 3 = Murah, 4 = Gratis; kosong: tidak dijawab');
    expect(guide.find((l) => l.startsWith('tanggal |'))).toMatch(/^tanggal \| ya \| Tanggal pelayanan/);
  });
});
