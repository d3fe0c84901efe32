import { parseInstrument, type Instrument } from '../../src/instruments/schema.ts';
import type { Histogram } from '../../src/scoring/index.ts';

/** Counts of the values in `answers` (null = blank), tallied one by one: the naive way. */
export function tally(answers: readonly (number | null)[]): Histogram {
  const h: [number, number, number, number] = [0, 0, 0, 0];
  for (const a of answers) if (a !== null) h[a - 1]! += 1;
  return h;
}

/** A valid instrument from unsur → item codes, e.g. { P8: ['P8a', 'P8b'] }. */
export function instrumentOf(kind: 'ikm' | 'ipak' | 'ipkp', unsur: Record<string, string[]>, id = 'test'): Instrument {
  const labels = ['satu', 'dua', 'tiga', 'empat'];
  return parseInstrument({
    id,
    name: `Test ${id}`,
    kind,
    scale: 4,
    unsur: Object.entries(unsur).map(([code, items]) => ({
      code,
      name: `Unsur ${code}`,
      items: items.map((c) => ({ code: c, text: `Item ${c}`, labels })),
    })),
  });
}

/** Ten answers per unsur with the given sum (DOMAIN.md §5 only states sums). */
export function tenAnswersSumming(sum: number): number[] {
  const base = Math.floor(sum / 10);
  const extra = sum - base * 10;
  return Array.from({ length: 10 }, (_, i) => (i < extra ? base + 1 : base));
}
