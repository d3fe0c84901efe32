// The sums and counts of the answers, gathered while the responses stream past (a committed row
// cannot be read again): the cached values of the "Jumlah nilai" / "Jumlah jawaban" formulas.
import type { ScoredInstrument } from '../results/scorecard.ts';

export interface ItemTotal {
  sum: number;
  count: number;
}

export class AnswerTotals {
  readonly #byInstrument = new Map<string, Map<string, ItemTotal>>();

  /** one response's answers, by instrument id then item code */
  add(answers: ReadonlyMap<string, Readonly<Record<string, number>>>): void {
    for (const [instrument, items] of answers) {
      let totals = this.#byInstrument.get(instrument);
      if (!totals) this.#byInstrument.set(instrument, (totals = new Map()));
      for (const [code, value] of Object.entries(items)) {
        const total = totals.get(code);
        if (total) {
          total.sum += value;
          total.count += 1;
        } else totals.set(code, { sum: value, count: 1 });
      }
    }
  }

  item(instrument: string, code: string): ItemTotal {
    return this.#byInstrument.get(instrument)?.get(code) ?? { sum: 0, count: 0 };
  }

  /**
   * Throws unless every unsur has as many streamed answers as its ScoreCard counted: otherwise the
   * sheet's formulas would recompute to other numbers than the cached ones (responses stored or
   * excluded while the workbook was being written).
   */
  assertMatches(cards: readonly ScoredInstrument[]): void {
    for (const { card, instrument } of cards) {
      for (const unsur of instrument.unsur) {
        const streamed = unsur.items.reduce((n, item) => n + this.item(instrument.id, item.code).count, 0);
        const counted = card.unsur.find((u) => u.code === unsur.code)?.answers ?? 0;
        if (streamed !== counted) {
          throw new Error(`the responses changed while the workbook was written (${instrument.id} ${unsur.code}: ${streamed} answers, the ScoreCard counted ${counted}); export again`);
        }
      }
    }
  }
}
