import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import { parsePeriod } from '../../src/results/period.ts';
import type { ScoredInstrument } from '../../src/results/scorecard.ts';
import { loadRollup } from '../../src/reports/rollup.ts';
import type { RollupData, RollupUnit } from '../../src/reports/rollup-data.ts';
import { writeRollupXlsx } from '../../src/reports/rollup-xlsx.ts';
import { computeScoreCard, type Histogram, sampleAdequacy } from '../../src/scoring/index.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { loadXlsx } from '../support/libreoffice.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

async function rollupWorkbook(data: RollupData, onProgress?: (done: number, total: number) => void): Promise<ExcelJS.Worksheet> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  await writeRollupXlsx(data, sink, { onProgress });
  const workbook = await loadXlsx(Buffer.concat(chunks));
  expect(workbook.worksheets.map((s) => s.name)).toEqual(['Rekapitulasi']);
  return workbook.getWorksheet('Rekapitulasi')!;
}

/** Ten respondents answering every item of the instrument with `values` (one value per respondent). */
function scored(id: 'skm' | 'ipak' | 'ipkp', values: number[]): ScoredInstrument {
  const instrument = builtinInstruments[id];
  const histogram: Histogram = [1, 2, 3, 4].map((v) => values.filter((x) => x === v).length) as unknown as Histogram;
  const items = Object.fromEntries(instrument.unsur.flatMap((u) => u.items.map((item) => [item.code, histogram])));
  return { card: computeScoreCard(instrument, items, values.length), instrument, versions: [1] };
}

const period = parsePeriod('2026-Q3')!;
const tens = (fours: number) => Array.from({ length: 10 }, (_, i) => (i < fours ? 4 : 3));

function handBuilt(): RollupData {
  const ikm = scored('skm', tens(10)).card;
  const ipak = scored('ipak', tens(10)).card;
  const ipkp = scored('ipkp', tens(2)).card;
  const first: RollupUnit = {
    unit: { id: 'u1', slug: 'jahat', name: '=Dinas "Jahat"', active: true },
    ikm,
    ipak,
    ipkp,
    population: 500,
    sample: sampleAdequacy(10, 500),
    thresholds: { ipakWbk: ipak.zi!.wbk.met, ipakWbbm: ipak.zi!.wbbm.met, ipkpWbk: ipkp.zi!.wbk.met, ipkpWbbm: ipkp.zi!.wbbm.met },
    // 03:00 on 6 October in WIB
    publication: { revision: 2, publishedAt: new Date('2026-10-05T20:00:00Z') },
    followUp: { planned: 1, in_progress: 0, done: 2, total: 3 },
    rank: 1,
  };
  const second: RollupUnit = {
    unit: { id: 'u2', slug: 'lama', name: 'UPT Lama', active: false },
    ikm: null,
    ipak: null,
    ipkp: null,
    population: null,
    sample: null,
    thresholds: { ipakWbk: null, ipakWbbm: null, ipkpWbk: null, ipkpWbbm: null },
    publication: null,
    followUp: { planned: 0, in_progress: 1, done: 0, total: 1 },
    rank: null,
  };
  return {
    instansi: { id: 'i', slug: 'kab-contoh', name: 'Kabupaten Contoh', timeZone: 'Asia/Jakarta', logo: null },
    period,
    units: [first, second],
    total: [scored('skm', tens(10)), scored('ipak', tens(10)), scored('ipkp', tens(2))],
  };
}

const values = (row: ExcelJS.Row) => (row.values as unknown[]).slice(1);

describe('the rekapitulasi workbook', () => {
  it('lists the ranked units with every index, threshold, publication and follow-up, then the instansi', async () => {
    const data = handBuilt();
    const progress: [number, number][] = [];
    const sheet = await rollupWorkbook(data, (done, total) => progress.push([done, total]));
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(sheet.getCell('C2').value).toBe('Kabupaten Contoh');
    expect(sheet.getCell('C3').value).toBe('Triwulan III 2026 (1 Juli 2026 – 30 September 2026)');
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', xSplit: 2, ySplit: 6 });
    expect(values(sheet.getRow(6))[0]).toBe('Peringkat');
    const { ikm, ipak, ipkp } = data.units[0]!;
    expect(values(sheet.getRow(7))).toEqual([
      1,
      `'=Dinas "Jahat"`,
      10,
      500,
      217,
      'Belum sesuai',
      ikm!.index,
      100,
      'A',
      4,
      17.5,
      'Tercapai',
      ipkp!.index,
      14,
      'Tercapai',
      'Belum tercapai',
      2,
      new Date('2026-10-06T00:00:00Z'),
      2,
      3,
    ]);
    expect(ipak!.index).toBe(4);
    expect(sheet.getCell('G7').numFmt).toBe('0.0000');
    expect(sheet.getCell('H7').numFmt).toBe('0.00');
    expect(values(sheet.getRow(8))).toEqual(['–', 'UPT Lama (nonaktif)', 0, null, null, '–', null, null, '–', null, null, '–', null, null, '–', '–', '–', '–', 0, 1].map((v) => (v === null ? undefined : v)));
    const total = values(sheet.getRow(9));
    expect(total.slice(1, 3)).toEqual(['Kabupaten Contoh (semua unit)', 10]);
    expect(total.slice(6, 16)).toEqual([4, 100, 'A', 4, 17.5, 'Tercapai', ipkp!.index, 14, 'Tercapai', 'Belum tercapai']);
    expect(total.slice(18)).toEqual([2, 4]);
  });
});

describe.each(DATABASE_KINDS)('the rekapitulasi workbook from loadRollup (%s)', (kind) => {
  let handle: DatabaseHandle;
  let world: PublishedWorld;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await seedPublishedWorld(handle.db);
  });
  afterAll(() => handle.close());

  it('ranks disduk (100,00 A) above dinkes (78,89 B) with dinkes’s IPAK and IPKP', async () => {
    const data = await loadRollup(handle.db, world.instansi.id, world.period);
    const sheet = await rollupWorkbook(data);
    const disduk = values(sheet.getRow(7));
    const dinkes = values(sheet.getRow(8));
    expect(disduk.slice(0, 3)).toEqual([1, 'Dinas Kependudukan dan Pencatatan Sipil', 10]);
    expect(disduk.slice(7, 9)).toEqual([100, 'A']);
    expect(disduk.slice(16, 17)).toEqual([1]);
    expect(dinkes.slice(0, 3)).toEqual([2, 'Dinas Kesehatan', 10]);
    expect(dinkes.slice(7, 16)).toEqual([78.89, 'B', 3.5, 15.31, 'Belum tercapai', data.units[1]!.ipkp!.index, 14, 'Tercapai', 'Belum tercapai']);
    const total = values(sheet.getRow(9));
    const instansiIkm = data.total.find((c) => c.card.kind === 'ikm')!.card;
    expect(total.slice(1, 9)).toEqual(['Kabupaten Uji (semua unit)', 20, undefined, undefined, undefined, instansiIkm.index, instansiIkm.konversi, instansiIkm.mutu]);
  });
});
