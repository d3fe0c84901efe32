import { round2 } from './round.ts';
import type { ZiResult, ZiThresholdResult } from './types.ts';

/** Each of IPAK and IPKP weighs 17.5 of the 100-point ZI score (PermenPANRB 90/2021). */
export const ZI_WEIGHT = 17.5;

/** Minimum index (1–4) for Menuju WBK / Menuju WBBM. */
export const ZI_THRESHOLDS = {
  ipak: { wbk: 3.6, wbbm: 3.6 },
  ipkp: { wbk: 3.2, wbbm: 3.6 },
} as const;

export type ZiKind = keyof typeof ZI_THRESHOLDS;

/** index ÷ 4 × 17.5, rounded to 2 decimals as it is entered in the ZI worksheet */
export function ziWorksheetValue(index: number): number {
  return round2((index / 4) * ZI_WEIGHT);
}

/**
 * `met` compares the 2-decimal worksheet value with the threshold's worksheet value (15.75, 14.00),
 * the same "classify what is displayed, with ≥" rule as mutu.
 *
 * The result is exactly the `zi` JSON contract; the margin of error is derived where it is shown, with
 * `thresholdWithinMargin`.
 */
export function evaluateZi(kind: ZiKind, index: number): ZiResult {
  const worksheetValue = ziWorksheetValue(index);
  const judge = (threshold: number): ZiThresholdResult => ({
    threshold,
    met: worksheetValue >= ziWorksheetValue(threshold),
  });
  const t = ZI_THRESHOLDS[kind];
  return { worksheetValue, wbk: judge(t.wbk), wbbm: judge(t.wbbm) };
}

/**
 * True when `threshold` (1–4 scale) lies inside the 95 % interval: the verdict on it, met or not, holds
 * only within the margin of error. No interval (nothing answered) means no margin to speak of: false.
 */
export function thresholdWithinMargin(ci95: readonly [number, number] | null, threshold: number): boolean {
  return ci95 !== null && ci95[0] <= threshold && threshold <= ci95[1];
}
