// The ZI komponen hasil table (IPAK, IPKP) of the Laporan SKM and of the ZI evidence sheet: per
// index its respondents, index, konversi, ZI worksheet value and the Menuju WBK/WBBM verdicts.
import { type ScoreCard, thresholdWithinMargin } from '../scoring/index.ts';
import { VERDICT_COLOR } from './palette.ts';
import type { ReportPdf } from './pdf-doc.ts';
import { countText, dm, indexText, konversiText } from './pdf-words.ts';

export interface ZiVerdict {
  text: string;
  color?: string;
  /** the threshold lies inside the 95 % interval */
  within?: boolean;
}

/** "Memenuhi" / "Belum memenuhi" for a card with ZI values, with "*" when the threshold lies inside the 95 % interval. */
export function ziVerdict(card: ScoreCard, which: 'wbk' | 'wbbm'): Required<ZiVerdict> {
  const { met, threshold } = card.zi![which];
  const within = thresholdWithinMargin(card.ci95, threshold);
  return { text: `${met ? dm.met : dm.notMet}${within ? '*' : ''}`, color: within ? VERDICT_COLOR.withinMargin : met ? VERDICT_COLOR.met : VERDICT_COLOR.notMet, within };
}

export interface ZiRow {
  label: string;
  /** null: not answered */
  card: ScoreCard | null;
  wbk: ZiVerdict;
  wbbm: ZiVerdict;
}

export interface ZiTableOptions {
  /** the header of the index column */
  indexHeader: string;
  /** the relative widths of the seven columns */
  weights: [number, number, number, number, number, number, number];
  caption: string;
  note?: string;
}

export function ziTable(r: ReportPdf, rows: ZiRow[], { indexHeader, weights, caption, note }: ZiTableOptions): void {
  const [label, respondents, index, konversi, worksheet, wbk, wbbm] = weights;
  r.table(
    [
      { header: 'Indeks', weight: label },
      { header: 'Responden', weight: respondents, align: 'right' },
      { header: indexHeader, weight: index, align: 'right' },
      { header: 'Konversi', weight: konversi, align: 'right' },
      { header: 'Nilai lembar kerja ZI', weight: worksheet, align: 'right' },
      { header: 'Menuju WBK', weight: wbk },
      { header: 'Menuju WBBM', weight: wbbm },
    ],
    rows.map(({ label, card, wbk, wbbm }) => ({
      cells: [
        label,
        countText(card?.respondents ?? 0),
        indexText(card?.index ?? null),
        konversiText(card?.konversi ?? null),
        konversiText(card?.zi?.worksheetValue ?? null),
        wbk.text,
        wbbm.text,
      ],
      colors: [undefined, undefined, undefined, undefined, undefined, wbk.color, wbbm.color],
    })),
    { caption, note },
  );
}
