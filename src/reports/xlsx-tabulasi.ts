// The "Tabulasi" sheet (one row per counted respondent, one column per item of the IKM) and the
// "Saran" sheet, written row by row as the responses stream from the database. Under the rows, the
// totals and the IKM as live formulas, the way a Tim Survei re-checks them by hand; their cached
// values are the running sums and the ScoreCard's numbers.
import type { TimeZone } from '../config.ts';
import { UTC_OFFSET_MS } from '../results/period.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import type { ScorableInstrument } from '../scoring/index.ts';
import type { ReportResponse } from './data.ts';
import { maskPersonalData } from './mask.ts';
import { columnLetter } from './score-csv.ts';
import { addSheet, type Cell, FMT, formula, type Sheet, userText, type Workbook, writeRow } from './xlsx-book.ts';
import { profileLabel } from './xlsx-profil.ts';
import type { AnswerTotals } from './xlsx-totals.ts';

const DESCRIPTIVE = [
  ['No', 6],
  ['Tanggal', 17],
  ['Jam', 7],
  ['Loket', 24],
  ['Layanan', 24],
  ['Jenis kelamin', 12],
  ['Usia', 6],
  ['Pendidikan', 14],
  ['Pekerjaan', 18],
  ['Disabilitas', 12],
] as const;

/** Rows of the Tabulasi footer, for the formulas of the Rekap sheet. */
export interface TabulasiFooter {
  total: number;
  answers: number;
  nrr: number;
  /** the columns (1-based) of each unsur's items, in questionnaire order */
  unsurColumns: Map<string, number[]>;
}

const day = (localDate: string) => new Date(`${localDate}T00:00:00Z`);
const clock = (instant: Date, timeZone: TimeZone) => new Date(instant.getTime() + UTC_OFFSET_MS[timeZone]).toISOString().slice(11, 16);

export interface TabulasiWriter {
  add(response: ReportResponse): void;
  /** the totals and index rows under the data; null when no respondent was written */
  finish(scored: ScoredInstrument | undefined, totals: AnswerTotals): TabulasiFooter | null;
}

/** Starts the Tabulasi sheet with one column per item of `instrument` (the IKM), in questionnaire order. */
export function startTabulasi(workbook: Workbook, instrument: ScorableInstrument | undefined, timeZone: TimeZone): TabulasiWriter {
  const items = instrument ? instrument.unsur.flatMap((u) => u.items.map((item) => item.code)) : [];
  const sheet = addSheet(workbook, 'Tabulasi', [...DESCRIPTIVE.map(([, width]) => width), ...items.map(() => 7)], { rows: 1 });
  writeRow(sheet, [...DESCRIPTIVE.map(([name]) => name), ...items], { header: true });
  let rows = 0;
  return {
    add(r) {
      rows += 1;
      const answers = instrument ? r.answers.get(instrument.id) : undefined;
      writeRow(sheet, [
        rows,
        { value: day(r.localDate), numFmt: FMT.date },
        clock(r.submittedAt, timeZone),
        userText(r.loketName),
        userText(r.layananName),
        profileLabel('gender', r.gender),
        r.age,
        profileLabel('education', r.education),
        profileLabel('occupation', r.occupation),
        profileLabel('disability', r.disability),
        ...items.map((code) => answers?.[code] ?? null),
      ]);
    },
    finish(scored, totals) {
      if (rows === 0 || !instrument) {
        if (rows === 0) writeRow(sheet, ['Belum ada responden yang dihitung pada periode ini.']);
        sheet.commit();
        return null;
      }
      const footer = writeFooter(sheet, instrument, scored, totals, rows);
      sheet.commit();
      return footer;
    },
  };
}

function writeFooter(sheet: Sheet, instrument: ScorableInstrument, scored: ScoredInstrument | undefined, totals: AnswerTotals, rows: number): TabulasiFooter {
  const firstColumn = DESCRIPTIVE.length + 1;
  const lastData = rows + 1;
  const unsurColumns = new Map<string, number[]>();
  let column = firstColumn;
  for (const u of instrument.unsur) unsurColumns.set(u.code, u.items.map(() => column++));
  const itemAt = instrument.unsur.flatMap((u) => u.items.map((item) => totals.item(instrument.id, item.code)));
  const lastColumn = firstColumn + itemAt.length - 1;
  const cell = (c: number, row: number) => `${columnLetter(c)}${row}`;
  const line = (label: string, values: (c: number) => Cell) =>
    writeRow(sheet, [{ value: label, bold: true }, ...Array.from({ length: DESCRIPTIVE.length - 1 }, () => null), ...itemAt.map((_, i) => values(firstColumn + i))], { merge: [1, DESCRIPTIVE.length] });

  writeRow(sheet, []);
  const total = line('Jumlah nilai', (c) => ({ value: formula(`SUM(${cell(c, 2)}:${cell(c, lastData)})`, itemAt[c - firstColumn]!.sum), numFmt: FMT.count }));
  const answers = line('Jumlah jawaban', (c) => ({ value: formula(`COUNT(${cell(c, 2)}:${cell(c, lastData)})`, itemAt[c - firstColumn]!.count), numFmt: FMT.count }));
  // per unsur, in its first item's column: the NRR (the mean of its item means), its weight 1/k and
  // the weighted NRR; an unsur without answers stays blank and is not counted in k
  const card = scored?.card;
  const scoreOf = new Map(card?.unsur.map((u) => [u.code, u]));
  const k = card ? card.unsur.filter((u) => u.nrr !== null).length : 0;
  const perUnsur = (label: string, value: (first: number, nrr: number, columns: number[]) => Cell) => {
    const byColumn = new Map<number, Cell>();
    for (const [code, columns] of unsurColumns) {
      const nrr = scoreOf.get(code)?.nrr ?? null;
      if (nrr !== null) byColumn.set(columns[0]!, value(columns[0]!, nrr, columns));
    }
    return line(label, (c) => byColumn.get(c) ?? null);
  };
  const nrr = perUnsur('NRR per unsur', (_first, value, columns) => {
    const means = columns.filter((c) => itemAt[c - firstColumn]!.count > 0).map((c) => `${cell(c, total)}/${cell(c, answers)}`);
    return { value: formula(means.length === 1 ? means[0]! : `AVERAGE(${means.join(',')})`, value), numFmt: FMT.index };
  });
  const weight = perUnsur('Bobot (1/k)', () => ({ value: formula(`1/${k}`, 1 / k), numFmt: FMT.index }));
  const weighted = perUnsur('NRR tertimbang (NRR × bobot)', (first, value) => ({ value: formula(`${cell(first, nrr)}*${cell(first, weight)}`, value * (1 / k)), numFmt: FMT.index }));
  if (card && card.index !== null) {
    const index = line('IKM (jumlah NRR tertimbang)', (c) =>
      c === firstColumn ? { value: formula(`SUM(${cell(firstColumn, weighted)}:${cell(lastColumn, weighted)})`, card.index!), numFmt: FMT.index, bold: true } : null,
    );
    line('Konversi IKM (IKM × 25)', (c) => (c === firstColumn ? { value: formula(`ROUND(${cell(firstColumn, index)}*25,2)`, card.konversi!), numFmt: FMT.konversi, bold: true } : null));
    line('Mutu pelayanan', (c) => (c === firstColumn ? { value: `${card.mutu} (${card.kinerja})`, bold: true } : null));
  }
  return { total, answers, nrr, unsurColumns };
}

/** The "Saran" sheet: every non-empty saran, masked and neutralised, with its day, loket and layanan. */
export function startSaran(workbook: Workbook): { add(response: ReportResponse): void; finish(): void } {
  const sheet = addSheet(workbook, 'Saran', [6, 17, 24, 24, 90], { rows: 1 });
  writeRow(sheet, ['No', 'Tanggal', 'Loket', 'Layanan', 'Saran (data pribadi disamarkan)'], { header: true });
  let rows = 0;
  return {
    add(r) {
      const saran = r.saran?.trim();
      if (!saran) return;
      rows += 1;
      writeRow(sheet, [rows, { value: day(r.localDate), numFmt: FMT.date }, userText(r.loketName), userText(r.layananName), { value: userText(maskPersonalData(saran)), wrap: true }]);
    },
    finish() {
      if (rows === 0) writeRow(sheet, ['Tidak ada saran pada periode ini.']);
      sheet.commit();
    },
  };
}
