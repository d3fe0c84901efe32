// The instansi's "Rekapitulasi" workbook for a period: every unit ranked by IKM, with n against the
// minimum, IPAK and IPKP with their ZI worksheet values and thresholds, publication and follow-up,
// then the instansi as a whole. Every number is a ScoreCard's, unrounded (the display rounds).
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { periodName, rangeName } from '../i18n/format.ts';
import { localDate } from '../results/period.ts';
import type { ScoreCard } from '../scoring/index.ts';
import type { Progress } from './data.ts';
import type { RollupData, RollupUnit } from './rollup-data.ts';
import { cardOf } from './rollup.ts';
import { addSheet, type Cell, FMT, openWorkbook, userText, writeRow } from './xlsx-book.ts';
import { metText, writeFacts, writeTitle } from './xlsx-unsur.ts';

const dm = dashboardMessages('id');

const COLUMNS: [header: string, width: number][] = [
  ['Peringkat', 10],
  ['Unit pelayanan', 40],
  ['Responden (n)', 12],
  ['Populasi', 11],
  ['Minimum responden', 12],
  ['Kecukupan sampel', 14],
  ['IKM', 10],
  ['Konversi IKM', 11],
  ['Mutu', 7],
  ['IPAK (IPK)', 10],
  ['Nilai LKE IPAK', 11],
  ['IPAK: Menuju WBK/WBBM (≥ 3,60)', 16],
  ['IPKP', 10],
  ['Nilai LKE IPKP', 11],
  ['IPKP: Menuju WBK (≥ 3,20)', 16],
  ['IPKP: Menuju WBBM (≥ 3,60)', 16],
  ['Publikasi (revisi)', 11],
  ['Tanggal publikasi', 18],
  ['Tindak lanjut selesai', 12],
  ['Tindak lanjut seluruhnya', 12],
];

const status = (met: boolean | null | undefined): string => (met === null || met === undefined ? '–' : metText(met));
const index = (card: ScoreCard | null): Cell => ({ value: card?.index ?? null, numFmt: FMT.index });
const worksheet = (card: ScoreCard | null): Cell => ({ value: card?.zi?.worksheetValue ?? null, numFmt: FMT.konversi });

/** The IKM, IPAK and IPKP cells (G–P) of a row. */
function indexCells(ikm: ScoreCard | null, ipak: ScoreCard | null, ipkp: ScoreCard | null, thresholds: RollupUnit['thresholds']): Cell[] {
  return [
    index(ikm),
    { value: ikm?.konversi ?? null, numFmt: FMT.konversi },
    ikm?.mutu ?? '–',
    index(ipak),
    worksheet(ipak),
    status(thresholds.ipakWbk),
    index(ipkp),
    worksheet(ipkp),
    status(thresholds.ipkpWbk),
    status(thresholds.ipkpWbbm),
  ];
}

/** Writes the workbook into `sink` and ends it. */
export async function writeRollupXlsx(data: RollupData, sink: NodeJS.WritableStream, opts: { onProgress?: Progress } = {}): Promise<void> {
  const workbook = openWorkbook(sink);
  const headerRow = 6;
  const sheet = addSheet(workbook, 'Rekapitulasi', COLUMNS.map(([, width]) => width), { rows: headerRow, columns: 2 });
  writeTitle(sheet, 'Rekapitulasi IKM, IPAK (IPK) dan IPKP per unit pelayanan');
  writeFacts(sheet, [
    ['Instansi', userText(data.instansi.name)],
    ['Periode', `${periodName(data.period, dm, 'id')} (${rangeName(data.period, dm)})`],
    ['Jumlah unit', data.units.length],
  ]);
  writeRow(sheet, []);
  writeRow(sheet, COLUMNS.map(([header]) => header), { header: true, height: 45 });

  const zone = data.instansi.timeZone;
  data.units.forEach((u, i) => {
    const name = userText(u.unit.name)!;
    writeRow(sheet, [
      u.rank ?? '–',
      u.unit.active ? name : `${name} (${dm.inactive})`,
      { value: u.ikm?.respondents ?? 0, numFmt: FMT.count },
      { value: u.population, numFmt: FMT.count },
      { value: u.sample?.minimum ?? null, numFmt: FMT.count },
      u.sample ? (u.sample.met ? dm.sampleMet : dm.sampleNotMet) : '–',
      ...indexCells(u.ikm, u.ipak, u.ipkp, u.thresholds),
      u.publication?.revision ?? '–',
      u.publication ? { value: new Date(`${localDate(u.publication.publishedAt, zone)}T00:00:00Z`), numFmt: FMT.date } : '–',
      u.followUp.done,
      u.followUp.total,
    ]);
    opts.onProgress?.(i + 1, data.units.length);
  });

  const [ikm, ipak, ipkp] = [cardOf(data.total, 'ikm'), cardOf(data.total, 'ipak'), cardOf(data.total, 'ipkp')];
  const sum = (pick: (u: RollupUnit) => number) => data.units.reduce((n, u) => n + pick(u), 0);
  writeRow(
    sheet,
    [
      null,
      `${userText(data.instansi.name)} (semua unit)`,
      { value: ikm?.respondents ?? 0, numFmt: FMT.count },
      null,
      null,
      null,
      ...indexCells(ikm, ipak, ipkp, { ipakWbk: ipak?.zi?.wbk.met ?? null, ipakWbbm: ipak?.zi?.wbbm.met ?? null, ipkpWbk: ipkp?.zi?.wbk.met ?? null, ipkpWbbm: ipkp?.zi?.wbbm.met ?? null }),
      null,
      null,
      sum((u) => u.followUp.done),
      sum((u) => u.followUp.total),
    ],
    { bold: true },
  );
  sheet.commit();
  await workbook.commit();
}
