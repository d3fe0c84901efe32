// The per-unsur rekap of one instrument (the Rekap sheet for the IKM, the IPAK and IPKP sheets):
// answers, sum, NRR, the weight 1/k as an exact formula, NRR tertimbang, konversi and mutu, then the
// index, its konversi and, for IPAK and IPKP, the ZI worksheet value. Every computed cell is a live
// formula whose cached value is the ScoreCard's number, unrounded.
import type ExcelJS from 'exceljs';
import { formatNumber, KONVERSI_DECIMALS } from '../i18n/format.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import { MUTU_TABLE, type UnsurScore, ziWorksheetValue } from '../scoring/index.ts';
import { columnLetter } from './score-csv.ts';
import { type Cell, FMT, formula, type Sheet, userText, writeRow } from './xlsx-book.ts';

/** Widths of the rekap's columns A–I. */
export const UNSUR_TABLE_WIDTHS = [9, 44, 14, 14, 11, 11, 14, 14, 10] as const;

/** Where an unsur's answers, sum and NRR come from: formulas into the tabulation, or the counts themselves. */
export interface UnsurSources {
  answers: ExcelJS.CellValue;
  total: ExcelJS.CellValue;
  /** the NRR formula, given the row the unsur is written on (null: the unsur has no answers) */
  nrr: ((row: number) => string) | null;
}

/** Writes "label | value" lines (label across columns A–B), e.g. the instansi, unit and period. */
export function writeFacts(sheet: Sheet, facts: readonly (readonly [string, Cell])[]): void {
  for (const [label, value] of facts) writeRow(sheet, [label, null, value], { merge: [1, 2] });
}

export function writeTitle(sheet: Sheet, title: string): void {
  writeRow(sheet, [{ value: title, bold: true }]);
}

const COL = { answers: 3, total: 4, nrr: 5, weight: 6, weighted: 7, konversi: 8 } as const;
const ref = (column: number, row: number) => `${columnLetter(column)}${row}`;

/**
 * The rekap table of one scored instrument from the sheet's next row; `label` names the index ("IKM",
 * "IPAK", "IPKP"). Returns the row that holds the index (column G) and its konversi (column H).
 */
export function writeUnsurTable(sheet: Sheet, scored: ScoredInstrument, label: string, sourcesOf: (unsur: UnsurScore) => UnsurSources): { indexRow: number } {
  const { card } = scored;
  const answered = card.unsur.filter((u) => u.nrr !== null).length;
  const weight = 1 / answered;
  const first = writeRow(sheet, ['Kode', 'Unsur', 'Jumlah jawaban', 'Jumlah nilai', 'NRR', 'Bobot (1/k)', 'NRR tertimbang', 'Konversi (NRR × 25)', 'Mutu'], { header: true }) + 1;
  card.unsur.forEach((unsur, i) => {
    const row = first + i;
    const sources = sourcesOf(unsur);
    const cells: Cell[] = [unsur.code, userText(unsur.name), { value: sources.answers, numFmt: FMT.count }, { value: sources.total, numFmt: FMT.count }];
    if (unsur.nrr === null || sources.nrr === null) cells.push(null, null, null, null, '–');
    else
      cells.push(
        { value: formula(sources.nrr(row), unsur.nrr), numFmt: FMT.index },
        { value: formula(`1/${answered}`, weight), numFmt: FMT.index },
        { value: formula(`${ref(COL.nrr, row)}*${ref(COL.weight, row)}`, unsur.nrr * weight), numFmt: FMT.index },
        { value: formula(`ROUND(${ref(COL.nrr, row)}*25,2)`, unsur.konversi!), numFmt: FMT.konversi },
        unsur.mutu,
      );
    writeRow(sheet, cells);
  });
  const last = first + card.unsur.length - 1;
  const indexRow = last + 1;
  const indexCells: Cell[] = [null, { value: `${label} (jumlah NRR tertimbang)`, bold: true }, null, null, null, null];
  if (card.index === null) indexCells.push(null, null, '–');
  else
    indexCells.push(
      { value: formula(`SUM(${ref(COL.weighted, first)}:${ref(COL.weighted, last)})`, card.index), numFmt: FMT.index, bold: true },
      { value: formula(`ROUND(${ref(COL.weighted, indexRow)}*25,2)`, card.konversi!), numFmt: FMT.konversi, bold: true },
      { value: card.mutu, bold: true },
    );
  writeRow(sheet, indexCells);
  writeRow(sheet, [null, `Kinerja unit pelayanan`, card.kinerja ?? '–']);
  if (card.zi !== undefined) {
    const zi = card.zi;
    const threshold = (index: number) => `indeks ≥ ${formatNumber(index, 2, 'id')}, nilai LKE ≥ ${formatNumber(ziWorksheetValue(index), KONVERSI_DECIMALS, 'id')}`;
    writeRow(sheet, [
      null,
      'Nilai LKE Zona Integritas (indeks ÷ 4 × 17,5)',
      zi ? { value: formula(`ROUND(${ref(COL.weighted, indexRow)}/4*17.5,2)`, zi.worksheetValue), numFmt: FMT.konversi } : '–',
    ]);
    writeRow(sheet, [null, `Menuju WBK (${zi ? threshold(zi.wbk.threshold) : '–'})`, zi ? metText(zi.wbk.met) : '–']);
    writeRow(sheet, [null, `Menuju WBBM (${zi ? threshold(zi.wbbm.threshold) : '–'})`, zi ? metText(zi.wbbm.met) : '–']);
  }
  return { indexRow };
}

export const metText = (met: boolean) => (met ? 'Tercapai' : 'Belum tercapai');

/** The mutu table of PermenPANRB 14/2017 under a rekap, so a reader can check the classification. */
export function writeMutuLegend(sheet: Sheet): void {
  writeRow(sheet, []);
  writeRow(sheet, [null, 'Mutu pelayanan menurut konversi (dibulatkan 2 desimal)'], { bold: true });
  MUTU_TABLE.forEach((row, i) => {
    const range = Number.isFinite(row.min) ? `≥ ${formatNumber(row.min, KONVERSI_DECIMALS, 'id')}` : `< ${formatNumber(MUTU_TABLE[i - 1]!.min, KONVERSI_DECIMALS, 'id')}`;
    writeRow(sheet, [row.mutu, `${row.kinerja}: konversi ${range}`]);
  });
}
