/**
 * 95 % confidence interval of an index (IKM / IPAK / IPKP) from per-item answer histograms.
 *
 * The index is a weighted sum of item means: index = Σ wᵢ·x̄ᵢ with wᵢ = (1/k)·(1/m_u), where k is the
 * number of answered unsur and m_u the number of answered items in item i's unsur. Each item mean has
 * standard error sᵢ/√nᵢ (sᵢ = sample standard deviation of its nᵢ answers, from the histogram). The
 * histograms do not carry the covariance between items — the same respondent answers several items,
 * so the item means are correlated, usually positively — and for ANY correlation the standard
 * deviation of a sum is at most the sum of the standard deviations (Minkowski / Cauchy–Schwarz):
 *
 *   SE(index) ≤ Σ wᵢ · sᵢ / √nᵢ
 *
 * The interval is index ± z·SE with z the exact standard-normal 0.975 quantile, clamped to the scale
 * [1, 4]. It is therefore conservative: never narrower than the true 95 % interval under the normal
 * approximation, and equal to it when all items are perfectly correlated. An item with a single
 * answer has no sample variance; it gets sᵢ = 1.5, the largest standard deviation possible on a 1–4
 * scale, so a thin sample shows as a wide interval instead of a falsely precise one.
 */
import { itemStats } from './histogram.ts';
import type { Histogram } from './types.ts';

/** Largest standard deviation of values confined to [1, 4]: half at 1, half at 4. */
export const MAX_SD = 1.5;

/** Φ⁻¹(0.975) exactly; simple-statistics' probit gives 1.95716, narrower than the true 95 % interval. */
export const Z_95 = 1.959963984540054;

export interface IntervalTerm {
  /** weight of this item's mean in the index */
  weight: number;
  histogram: Histogram;
}

/** Upper bound of the standard error of Σ weight·mean over items with answers. */
export function indexStandardError(terms: readonly IntervalTerm[]): number {
  let se = 0;
  for (const { weight, histogram } of terms) {
    const stats = itemStats(histogram);
    if (stats === null) continue;
    const sd = stats.variance === null ? MAX_SD : Math.sqrt(stats.variance);
    se += (weight * sd) / Math.sqrt(stats.n);
  }
  return se;
}

export function indexInterval95(index: number, terms: readonly IntervalTerm[]): [number, number] {
  const half = Z_95 * indexStandardError(terms);
  return [Math.max(1, index - half), Math.min(4, index + half)];
}
