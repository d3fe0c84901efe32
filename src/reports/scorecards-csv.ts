// ScoreCards as a tidy CSV for machines (spreadsheets, R, pandas, national systems): one row per
// unsur, then one INDEX row per card. Numbers are written in full precision with a decimal point;
// an empty cell is a null (nothing answered). RFC 4180, CRLF, UTF-8.
import type { ScoreCard } from '../scoring/index.ts';
import { csvLine } from './csv-write.ts';

/** The columns after the caller's own (unit, period…), shared with the per-layanan file of the quarterly export. */
export const SCORECARD_COLUMNS = [
  'instrument',
  'kind',
  'unsur',
  'name',
  'answers',
  'nrr',
  'respondents',
  'index',
  'konversi',
  'mutu',
  'kinerja',
  'ci95_low',
  'ci95_high',
  'zi_worksheet_value',
  'zi_wbk_threshold',
  'zi_wbk_met',
  'zi_wbbm_threshold',
  'zi_wbbm_met',
] as const;

/** The `unsur` cell of the row that holds the card's index. */
const INDEX_ROW = 'INDEX';

const num = (value: number | null | undefined): string => (value === null || value === undefined ? '' : String(value));
const bool = (value: boolean | undefined): string => (value === undefined ? '' : String(value));

/** The card's rows, in SCORECARD_COLUMNS order: its unsur in instrument order, then INDEX. */
export function scoreCardCells(card: ScoreCard): string[][] {
  const rows = card.unsur.map((u) => [card.instrument, card.kind, u.code, u.name, String(u.answers), num(u.nrr), '', '', num(u.konversi), u.mutu ?? '', '', '', '', '', '', '', '', '']);
  const zi = card.zi ?? undefined;
  rows.push([
    card.instrument,
    card.kind,
    INDEX_ROW,
    '',
    '',
    '',
    String(card.respondents),
    num(card.index),
    num(card.konversi),
    card.mutu ?? '',
    card.kinerja ?? '',
    num(card.ci95?.[0]),
    num(card.ci95?.[1]),
    num(zi?.worksheetValue),
    num(zi?.wbk.threshold),
    bool(zi?.wbk.met),
    num(zi?.wbbm.threshold),
    bool(zi?.wbbm.met),
  ]);
  return rows;
}

/** The ScoreCards of units and periods: header `unit,period,…SCORECARD_COLUMNS`, then each card's rows. */
export function scoreCardsCsv(rows: { unit: string; period: string; card: ScoreCard }[]): string {
  let text = csvLine(['unit', 'period', ...SCORECARD_COLUMNS]);
  for (const { unit, period, card } of rows) for (const cells of scoreCardCells(card)) text += csvLine([unit, period, ...cells]);
  return text;
}
