import type { Histogram } from './types.ts';

/** Statistics of one item from its answer counts: O(1) whatever the number of respondents. */
export interface ItemStats {
  /** number of answers */
  n: number;
  mean: number;
  /** sample variance (n − 1 denominator); null below 2 answers */
  variance: number | null;
}

export const EMPTY_HISTOGRAM: Histogram = [0, 0, 0, 0];

export function histogramTotal(h: Histogram): number {
  return h[0] + h[1] + h[2] + h[3];
}

/** null when the item has no answers */
export function itemStats(h: Histogram): ItemStats | null {
  const n = histogramTotal(h);
  if (n === 0) return null;
  const mean = (h[0] + 2 * h[1] + 3 * h[2] + 4 * h[3]) / n;
  if (n < 2) return { n, mean, variance: null };
  // Deviations from the mean rather than Σx² − n·m², which cancels badly for large n.
  const d1 = 1 - mean;
  const d2 = 2 - mean;
  const d3 = 3 - mean;
  const d4 = 4 - mean;
  const ss = h[0] * d1 * d1 + h[1] * d2 * d2 + h[2] * d3 * d3 + h[3] * d4 * d4;
  return { n, mean, variance: ss / (n - 1) };
}

/** Checks a histogram that came from outside TypeScript's reach (JSON, database rows). */
export function assertHistogram(h: unknown, label: string): asserts h is Histogram {
  if (!Array.isArray(h) || h.length !== 4) throw new RangeError(`${label}: a histogram has exactly 4 counts`);
  for (const c of h) {
    if (typeof c !== 'number' || !Number.isSafeInteger(c) || c < 0) {
      throw new RangeError(`${label}: counts must be non-negative integers (got ${String(c)})`);
    }
  }
}
