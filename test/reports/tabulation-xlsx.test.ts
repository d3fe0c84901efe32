import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveInstrument } from '../../src/admin/instruments.ts';
import { addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle, DatabaseKind } from '../../src/db/database.ts';
import { loadUnitReport, type UnitReportData } from '../../src/reports/data.ts';
import { TABULATION_SHEETS, writeTabulationXlsx } from '../../src/reports/tabulation-xlsx.ts';
import { type NewResponse, storeResponses } from '../../src/survey/store.ts';
import { tenAnswersSumming } from '../scoring/helpers.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { loadXlsx, recomputeInLibreOffice } from '../support/libreoffice.ts';
import { IPAK, IPKP, type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';

const SARAN_FORMULA = '=HYPERLINK("http://x")';
const SARAN_PHONE = 'Mohon dihubungi di 0812-3456-7890 kalau sudah selesai';

/** Collects what a writer streams into a sink. */
async function written(write: (sink: NodeJS.WritableStream) => Promise<void>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await write(sink);
  return Buffer.concat(chunks);
}

/**
 * Ten more dinkes respondents answering exactly like DOMAIN §5's ten (so every NRR, and the IKM
 * 78,89 B, IPAK 3,50 and IPKP 3,20, stay as they are), with profile answers, saran, and a loket and
 * layanan whose names a spreadsheet would take for formulas.
 */
async function addProfiledResponses(world: PublishedWorld): Promise<void> {
  const { db, dinkes, period } = world;
  const layanan = await addLayanan(db, { instansi: 'kab-uji', unit: 'dinkes', name: '+Vaksinasi' });
  await addLoket(db, { instansi: 'kab-uji', unit: 'dinkes', name: '@Loket Vaksin', layanan: '+Vaksinasi' });
  const loketId = (await db.selectFrom('loket').where('unit_id', '=', dinkes.id).where('name', '=', '@Loket Vaksin').select('id').executeTakeFirstOrThrow()).id;
  const versions = new Map(
    (await db.selectFrom('unit_instrument as ui').innerJoin('instrument as i', 'i.id', 'ui.instrument_id').where('ui.unit_id', '=', dinkes.id).select(['i.code', 'ui.version_id']).execute()).map((r) => [r.code, r.version_id]),
  );
  const columns = [32, 30, 28, 40, 31, 33, 35, 26, 29].map(tenAnswersSumming);
  const saran = [SARAN_FORMULA, SARAN_PHONE, 'Antrean lebih tertib', null, null, null, null, null, null, null];
  const responses: NewResponse[] = Array.from({ length: 10 }, (_, r) => ({
    id: crypto.randomUUID(),
    unitId: dinkes.id,
    loketId,
    layananId: layanan.id,
    channel: r < 8 ? 'qr' : 'paper',
    trust: r < 8 ? 'open' : 'presence',
    // later in the period than the first ten, one a day (the tabulation's order), at 08:30 WIB
    submittedAt: new Date(Date.parse(`${period.from}T01:30:00Z`) + (40 + r) * 86_400_000),
    gender: r % 2 === 0 ? 'L' : 'P',
    age: 20 + r * 5,
    education: r < 5 ? 'sma' : 'd4_s1',
    occupation: r < 3 ? 'pns' : null,
    disability: r === 0 ? 'fisik' : 'none',
    saran: saran[r],
    answers: [
      ...SKM.map((itemCode, u) => ({ versionId: versions.get('skm')!, itemCode, value: columns[u]![r]! as 1 | 2 | 3 | 4 })),
      ...IPAK.map((itemCode) => ({ versionId: versions.get('ipak')!, itemCode, value: (r < 5 ? 4 : 3) as 1 | 2 | 3 | 4 })),
      ...IPKP.map((itemCode) => ({ versionId: versions.get('ipkp')!, itemCode, value: (r < 2 ? 4 : 3) as 1 | 2 | 3 | 4 })),
    ],
  }));
  await storeResponses(db, responses);
}

const LABELS = ['Buruk', 'Cukup', 'Baik', 'Sangat baik'] as [string, string, string, string];
const item = (code: string) => ({ code, text: `Pertanyaan ${code}`, labels: LABELS });

/**
 * A unit whose own IKM has an unsur of two items (U1a, U1b), one of one item (U2) and one nobody
 * answers (U3): three respondents, U1 = mean(11/3, 5/2), U2 = 10/3, IKM = mean of those two (k = 2).
 */
async function addMultiItemUnit(world: PublishedWorld): Promise<string> {
  const { db, period } = world;
  await saveInstrument(db, 'kab-uji', {
    id: 'ikm-berbutir',
    name: 'SKM berbutir',
    kind: 'ikm',
    scale: 4,
    unsur: [
      { code: 'U1', name: 'Persyaratan', items: [item('U1a'), item('U1b')] },
      { code: 'U2', name: 'Prosedur', items: [item('U2')] },
      { code: 'U3', name: 'Waktu', items: [item('U3')] },
    ],
  });
  const unit = await addUnit(db, { instansi: 'kab-uji', name: 'UPT Berbutir', slug: 'berbutir', instruments: ['ikm-berbutir'] });
  const versionId = (await db.selectFrom('unit_instrument').where('unit_id', '=', unit.id).select('version_id').executeTakeFirstOrThrow()).version_id;
  const answers: Record<string, number>[] = [
    { U1a: 4, U1b: 2, U2: 4 },
    { U1a: 4, U1b: 3, U2: 3 },
    { U1a: 3, U2: 3 },
  ];
  await storeResponses(
    db,
    answers.map((values, r) => ({
      id: crypto.randomUUID(),
      unitId: unit.id,
      loketId: null,
      layananId: null,
      channel: 'qr',
      submittedAt: new Date(Date.parse(`${period.from}T03:00:00Z`) + (10 + r) * 86_400_000),
      answers: Object.entries(values).map(([itemCode, value]) => ({ versionId, itemCode, value: value as 1 | 2 | 3 | 4 })),
    })),
  );
  return unit.id;
}

interface Built {
  handle: DatabaseHandle;
  world: PublishedWorld;
  data: UnitReportData;
  progress: [number, number][];
  files: Record<Unit, ExcelJS.Workbook>;
  bytes: Record<string, Buffer>;
}

const UNITS = ['dinkes', 'disduk', 'empty', 'berbutir'] as const;
type Unit = (typeof UNITS)[number];

async function build(kind: DatabaseKind): Promise<Built> {
  const handle = await openTestDatabase(kind);
  const world = await seedPublishedWorld(handle.db);
  await addProfiledResponses(world);
  const empty = await addUnit(handle.db, { instansi: 'kab-uji', name: 'UPT Kosong', slug: 'kosong', instruments: ['skm', 'ipak'] });
  const berbutir = await addMultiItemUnit(world);
  const data = await loadUnitReport(handle.db, world.dinkes.id, world.period);
  const progress: [number, number][] = [];
  const workbook = async (unitId: string, onProgress?: (done: number, total: number) => void) =>
    written(async (sink) => writeTabulationXlsx(handle.db, await loadUnitReport(handle.db, unitId, world.period), sink, { onProgress }));
  const ids: Record<Unit, string> = { dinkes: world.dinkes.id, disduk: world.disduk.id, empty: empty.id, berbutir };
  const bytes: Record<string, Buffer> = {};
  const files = {} as Record<Unit, ExcelJS.Workbook>;
  for (const unit of UNITS) {
    const file = await workbook(ids[unit], unit === 'dinkes' ? (done, total) => progress.push([done, total]) : undefined);
    bytes[`${unit}-${kind}`] = file;
    files[unit] = await loadXlsx(file);
  }
  return { handle, world, data, progress, bytes, files };
}

/** A workbook whose one formula has a wrong cached value: LibreOffice must give 3, proving it recalculated. */
async function canary(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Canary').getCell('A1').value = { formula: 'SUM(1,2)', result: 999 };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const built = new Map<DatabaseKind, Built>();
let recomputed: Record<string, ExcelJS.Workbook> = {};
let libreOfficeMs = 0;

// one database of each kind and one LibreOffice launch for every workbook of the file
beforeAll(async () => {
  for (const kind of DATABASE_KINDS) built.set(kind, await build(kind));
  const files = Object.assign({ canary: await canary() }, ...[...built.values()].map((b) => b.bytes)) as Record<string, Buffer>;
  const started = performance.now();
  recomputed = await recomputeInLibreOffice(files);
  libreOfficeMs = performance.now() - started;
}, 120_000);

afterAll(async () => {
  for (const b of built.values()) await b.handle.close();
});

/** The first row whose cell in `column` is `value`. */
function rowWith(sheet: ExcelJS.Worksheet, column: number, value: string | number): ExcelJS.Row {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (!found && row.getCell(column).value === value) found = row;
  });
  if (!found) throw new Error(`no row of ${sheet.name} has ${value} in column ${column}`);
  return found;
}

function formulaCell(cell: ExcelJS.Cell): { formula: string; result: unknown } {
  expect(cell.type, `${cell.address} is a formula`).toBe(ExcelJS.ValueType.Formula);
  return { formula: cell.formula, result: cell.result };
}

const sheet = (workbook: ExcelJS.Workbook, name: string) => workbook.getWorksheet(name)!;

describe('LibreOffice', () => {
  it('recalculates on load with the throw-away profile (a wrong cached value is corrected)', () => {
    expect(sheet(recomputed.canary!, 'Canary').getCell('A1').result).toBe(3);
    expect(libreOfficeMs).toBeLessThan(60_000);
  });
});

describe.each(DATABASE_KINDS)('the tabulation workbook (%s)', (kind) => {
  const b = () => built.get(kind)!;
  const ikm = () => b().data.cards.find((c) => c.card.kind === 'ikm')!.card;

  it('has the six sheets in reading order', () => {
    expect(b().files.dinkes.worksheets.map((s) => s.name)).toEqual([...TABULATION_SHEETS]);
  });

  it('Rekap: per unsur and the IKM are formulas whose cached values are the ScoreCard’s (78,89 B)', () => {
    const card = ikm();
    expect(card.respondents).toBe(20);
    expect(card.konversi).toBe(78.89);
    const rekap = sheet(b().files.dinkes, 'Rekap');
    expect(rowWith(rekap, 1, 'Unit pelayanan').getCell(3).value).toBe('Dinas Kesehatan');
    expect(rowWith(rekap, 1, 'Jumlah responden (n)').getCell(3).value).toBe(20);
    for (const unsur of card.unsur) {
      const row = rowWith(rekap, 1, unsur.code);
      expect(row.getCell(2).value).toBe(unsur.name);
      expect(formulaCell(row.getCell(3))).toEqual({ formula: expect.stringMatching(/^Tabulasi!\w+\d+$/), result: unsur.answers });
      expect(formulaCell(row.getCell(5))).toEqual({ formula: expect.stringMatching(/^Tabulasi!\w+\d+$/), result: unsur.nrr });
      expect(formulaCell(row.getCell(6))).toEqual({ formula: '1/9', result: 1 / 9 });
      expect(formulaCell(row.getCell(7)).result).toBe(unsur.nrr! * (1 / 9));
      expect(formulaCell(row.getCell(8))).toEqual({ formula: `ROUND(E${row.number}*25,2)`, result: unsur.konversi });
      expect(row.getCell(9).value).toBe(unsur.mutu);
      expect(row.getCell(5).numFmt).toBe('0.0000');
      expect(row.getCell(8).numFmt).toBe('0.00');
    }
    const total = rowWith(rekap, 2, 'IKM (jumlah NRR tertimbang)');
    expect(formulaCell(total.getCell(7))).toEqual({ formula: expect.stringMatching(/^SUM\(G\d+:G\d+\)$/), result: card.index });
    expect(formulaCell(total.getCell(8)).result).toBe(78.89);
    expect(total.getCell(9).value).toBe('B');
    expect(rowWith(rekap, 2, 'Kinerja unit pelayanan').getCell(3).value).toBe('Baik');
  });

  it('Tabulasi: one row per respondent, frozen header, totals and IKM as live formulas under the rows', () => {
    const tab = sheet(b().files.dinkes, 'Tabulasi');
    expect(tab.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = tab.getRow(1).values as unknown[];
    expect(header.slice(1)).toEqual(['No', 'Tanggal', 'Jam', 'Loket', 'Layanan', 'Jenis kelamin', 'Usia', 'Pendidikan', 'Pekerjaan', 'Disabilitas', ...SKM]);
    for (let r = 1; r <= 20; r++) expect(tab.getRow(r + 1).getCell(1).value).toBe(r);
    // the respondents added last (oldest day first): profile labels, neutralised names, local time
    const profiled = tab.getRow(12);
    expect(profiled.getCell(2).value).toEqual(new Date(Date.parse(`${b().world.period.from}T00:00:00Z`) + 40 * 86_400_000));
    expect(profiled.getCell(3).value).toBe('08:30');
    expect(profiled.getCell(4).value).toBe("'@Loket Vaksin");
    expect(profiled.getCell(5).value).toBe("'+Vaksinasi");
    expect(profiled.getCell(6).value).toBe('Laki-laki');
    expect(profiled.getCell(7).value).toBe(20);
    expect(profiled.getCell(8).value).toBe('SMA/SMK');
    expect(profiled.getCell(9).value).toBe('PNS/ASN');
    expect(profiled.getCell(10).value).toBe('Fisik');

    const card = ikm();
    const sums = [32, 30, 28, 40, 31, 33, 35, 26, 29];
    const footer = (label: string) => rowWith(tab, 1, label);
    SKM.forEach((code, i) => {
      const column = 11 + i;
      const letter = tab.getColumn(column).letter;
      expect(formulaCell(footer('Jumlah nilai').getCell(column))).toEqual({ formula: `SUM(${letter}2:${letter}21)`, result: 2 * sums[i]! });
      expect(formulaCell(footer('Jumlah jawaban').getCell(column))).toEqual({ formula: `COUNT(${letter}2:${letter}21)`, result: 20 });
      expect(formulaCell(footer('NRR per unsur').getCell(column)).result).toBe(card.unsur[i]!.nrr);
      expect(formulaCell(footer('Bobot (1/k)').getCell(column))).toEqual({ formula: '1/9', result: 1 / 9 });
      expect(formulaCell(footer('NRR tertimbang (NRR × bobot)').getCell(column)).result).toBe(card.unsur[i]!.nrr! * (1 / 9));
    });
    expect(formulaCell(footer('IKM (jumlah NRR tertimbang)').getCell(11))).toEqual({ formula: expect.stringMatching(/^SUM\(K\d+:S\d+\)$/), result: card.index });
    expect(formulaCell(footer('Konversi IKM (IKM × 25)').getCell(11)).result).toBe(78.89);
    expect(footer('Mutu pelayanan').getCell(11).value).toBe('B (Baik)');
  });

  it('reports progress per batch up to every respondent', () => {
    expect(b().progress.at(-1)).toEqual([20, 20]);
  });

  it('IPAK and IPKP: the per-unsur rekap, index, konversi, ZI worksheet value and WBK/WBBM status', () => {
    const ipak = sheet(b().files.dinkes, 'IPAK');
    const ipakTotal = rowWith(ipak, 2, 'IPAK (jumlah NRR tertimbang)');
    expect(formulaCell(ipakTotal.getCell(7)).result).toBe(3.5);
    expect(formulaCell(ipakTotal.getCell(8)).result).toBe(87.5);
    expect(formulaCell(rowWith(ipak, 2, 'Nilai LKE Zona Integritas (indeks ÷ 4 × 17,5)').getCell(3))).toEqual({
      formula: `ROUND(G${ipakTotal.number}/4*17.5,2)`,
      result: 15.31,
    });
    expect(rowWith(ipak, 2, 'Menuju WBK (indeks ≥ 3,60, nilai LKE ≥ 15,75)').getCell(3).value).toBe('Belum tercapai');
    const a1 = rowWith(ipak, 1, 'A1');
    expect(a1.getCell(3).value).toBe(20);
    expect(a1.getCell(4).value).toBe(70);
    expect(formulaCell(a1.getCell(5))).toEqual({ formula: `D${a1.number}/C${a1.number}`, result: 3.5 });
    expect(formulaCell(a1.getCell(6))).toEqual({ formula: '1/5', result: 1 / 5 });

    const ipkp = sheet(b().files.dinkes, 'IPKP');
    const ipkpTotal = rowWith(ipkp, 2, 'IPKP (jumlah NRR tertimbang)');
    expect(formulaCell(ipkpTotal.getCell(7)).result).toBeCloseTo(3.2, 12);
    expect(formulaCell(rowWith(ipkp, 2, 'Nilai LKE Zona Integritas (indeks ÷ 4 × 17,5)').getCell(3)).result).toBe(14);
    expect(rowWith(ipkp, 2, 'Menuju WBK (indeks ≥ 3,20, nilai LKE ≥ 14,00)').getCell(3).value).toBe('Tercapai');
    expect(rowWith(ipkp, 2, 'Menuju WBBM (indeks ≥ 3,60, nilai LKE ≥ 15,75)').getCell(3).value).toBe('Belum tercapai');
    // P8 has two items: its NRR is the mean of the item means, spelled out
    const p8 = rowWith(ipkp, 1, 'P8');
    expect(p8.getCell(3).value).toBe(40);
    expect(formulaCell(p8.getCell(5))).toEqual({ formula: 'AVERAGE(64/20,64/20)', result: 3.2 });
    expect(formulaCell(p8.getCell(6))).toEqual({ formula: '1/9', result: 1 / 9 });
  });

  it('Saran: masked, and text that looks like a formula is neutralised, never a formula', () => {
    const saran = sheet(b().files.dinkes, 'Saran');
    const texts: ExcelJS.Cell[] = [];
    saran.eachRow((row) => {
      if (row.number > 1) texts.push(row.getCell(5));
    });
    expect(texts.map((c) => c.value)).toEqual([`'${SARAN_FORMULA}`, 'Mohon dihubungi di [nomor telepon] kalau sudah selesai', 'Antrean lebih tertib']);
    expect(texts[0]!.type).toBe(ExcelJS.ValueType.String);
    expect(texts[0]!.formula).toBeUndefined();
    const first = saran.getRow(2);
    expect(first.getCell(3).value).toBe("'@Loket Vaksin");
    expect(first.getCell(4).value).toBe("'+Vaksinasi");
  });

  it('Profil: counts and shares per profile question', () => {
    const profil = sheet(b().files.dinkes, 'Profil');
    const women = rowWith(profil, 1, 'Perempuan');
    expect(women.getCell(2).value).toBe(5);
    expect(formulaCell(women.getCell(3)).result).toBe(5 / 20);
    const paper = rowWith(profil, 1, 'Formulir kertas');
    expect(paper.getCell(2).value).toBe(2);
    const totals: number[] = [];
    profil.eachRow((row) => {
      if (row.getCell(1).value === 'Jumlah') totals.push(formulaCell(row.getCell(2)).result as number);
    });
    expect(totals).toEqual([20, 20, 20, 20, 20, 20]);
  });

  it('a unit without an IPAK says so; a unit without responses gets an empty tabulation', () => {
    expect(sheet(b().files.disduk, 'IPAK').getCell('A2').value).toBe('Unit ini tidak menjalankan survei IPAK pada periode ini.');
    expect(formulaCell(rowWith(sheet(b().files.disduk, 'Rekap'), 2, 'IKM (jumlah NRR tertimbang)').getCell(8)).result).toBe(100);
    const empty = b().files.empty;
    expect(empty.worksheets.map((s) => s.name)).toEqual([...TABULATION_SHEETS]);
    expect(sheet(empty, 'Tabulasi').getCell('A2').value).toBe('Belum ada responden yang dihitung pada periode ini.');
    expect(sheet(empty, 'Tabulasi').getCell('K1').value).toBe('U1');
    expect(rowWith(sheet(empty, 'Rekap'), 1, 'Belum ada jawaban IKM pada periode ini.')).toBeDefined();
    expect(sheet(empty, 'Saran').getCell('A2').value).toBe('Tidak ada saran pada periode ini.');
    expect(sheet(empty, 'IPAK').getCell('A2').value).toBe('Belum ada jawaban IPAK pada periode ini.');
    expect(sheet(empty, 'IPKP').getCell('A2').value).toBe('Unit ini tidak menjalankan survei IPKP pada periode ini.');
  });

  it('an unsur of several items: NRR is the mean of its item means; an unsur nobody answered stays out of k', () => {
    const tab = sheet(b().files.berbutir, 'Tabulasi');
    expect((tab.getRow(1).values as unknown[]).slice(11)).toEqual(['U1a', 'U1b', 'U2', 'U3']);
    expect(tab.getCell('L4').value).toBeNull();
    const nrr = rowWith(tab, 1, 'NRR per unsur');
    const sums = rowWith(tab, 1, 'Jumlah nilai').number;
    const counts = rowWith(tab, 1, 'Jumlah jawaban').number;
    expect(formulaCell(nrr.getCell(11))).toEqual({ formula: `AVERAGE(K${sums}/K${counts},L${sums}/L${counts})`, result: (11 / 3 + 5 / 2) / 2 });
    expect(nrr.getCell(12).value).toBeNull();
    expect(formulaCell(nrr.getCell(13))).toEqual({ formula: `M${sums}/M${counts}`, result: 10 / 3 });
    expect(nrr.getCell(14).value).toBeNull();
    expect(formulaCell(rowWith(tab, 1, 'Bobot (1/k)').getCell(11))).toEqual({ formula: '1/2', result: 1 / 2 });
    const index = ((11 / 3 + 5 / 2) / 2 + 10 / 3) / 2;
    expect(formulaCell(rowWith(tab, 1, 'IKM (jumlah NRR tertimbang)').getCell(11)).result).toBeCloseTo(index, 14);
    expect(formulaCell(rowWith(tab, 1, 'Konversi IKM (IKM × 25)').getCell(11)).result).toBe(80.21);

    const rekap = sheet(b().files.berbutir, 'Rekap');
    const u1 = rowWith(rekap, 1, 'U1');
    expect(formulaCell(u1.getCell(3))).toEqual({ formula: `SUM(Tabulasi!K${counts}:L${counts})`, result: 5 });
    expect(formulaCell(u1.getCell(4))).toEqual({ formula: `SUM(Tabulasi!K${sums}:L${sums})`, result: 16 });
    expect(formulaCell(u1.getCell(5))).toEqual({ formula: `Tabulasi!K${nrr.number}`, result: (11 / 3 + 5 / 2) / 2 });
    const u3 = rowWith(rekap, 1, 'U3');
    // written as <f>…</f><v>0</v>; exceljs reads a cached 0 back as no result
    expect(u3.getCell(3).formula).toBe(`Tabulasi!N${counts}`);
    expect(u3.getCell(5).value).toBeNull();
    expect(u3.getCell(9).value).toBe('–');
  });

  it('recomputed in LibreOffice, every formula gives its cached value (12 significant digits)', () => {
    const same = (x: unknown) => (typeof x === 'number' ? Number(x.toPrecision(12)) : x);
    for (const unit of UNITS) {
      const original = b().files[unit];
      const again = recomputed[`${unit}-${kind}`]!;
      let formulas = 0;
      for (const ws of original.worksheets) {
        ws.eachRow((row) =>
          row.eachCell((cell) => {
            if (cell.type !== ExcelJS.ValueType.Formula) return;
            formulas += 1;
            const other = again.getWorksheet(ws.name)!.getCell(cell.address);
            expect(other.type, `${unit} ${ws.name}!${cell.address}`).toBe(ExcelJS.ValueType.Formula);
            expect(same(other.result), `${unit} ${ws.name}!${cell.address} = ${cell.formula}`).toBe(same(cell.result));
          }),
        );
      }
      // the empty unit's workbook has nothing to compute
      if (unit === 'empty') expect(formulas).toBe(0);
      else expect(formulas).toBeGreaterThan({ dinkes: 200, disduk: 100, berbutir: 20 }[unit]);
    }
  });
});
