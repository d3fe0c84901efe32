// The periods a follow-up plan belongs to: the one asked for (default: the current triwulan in the
// instansi's zone), the one before it (whose realisation the plan shows), and recent ones to pick.
import { periodOf, periodsEndingWith } from '../../results/period.ts';

/** Codes to offer in the period picker: the last eight triwulan, two semesters and two years. */
export function recentPeriods(today: string): string[] {
  const codes: string[] = [];
  for (const [kind, count] of [['triwulan', 8], ['semester', 2], ['tahun', 2]] as const) {
    codes.push(...periodsEndingWith(periodOf(today, kind), count).reverse().map((p) => p.code));
  }
  return codes;
}
