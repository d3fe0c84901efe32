// The periods a follow-up plan belongs to: the one asked for (default: the current triwulan in the
// instansi's zone), the one before it (whose realisation the plan shows), and recent ones to pick.
import { type Period, parsePeriod, periodOf } from '../../results/period.ts';

/** The period of the same kind just before: 2026-Q1 → 2025-Q4, 2026-S1 → 2025-S2, 2026 → 2025. */
export function previousPeriod(period: Period): Period {
  const year = Number(period.code.slice(0, 4));
  const part = period.code.slice(5);
  if (period.kind === 'tahun') return parsePeriod(String(year - 1))!;
  const n = Number(part.slice(1));
  const code = n > 1 ? `${year}-${part[0]}${n - 1}` : `${year - 1}-${part[0]}${period.kind === 'triwulan' ? 4 : 2}`;
  return parsePeriod(code)!;
}

/** Codes to offer in the period picker: the last eight triwulan, two semesters and two years. */
export function recentPeriods(today: string): string[] {
  const codes: string[] = [];
  for (const [kind, count] of [['triwulan', 8], ['semester', 2], ['tahun', 2]] as const) {
    let period = periodOf(today, kind);
    for (let i = 0; i < count; i++) {
      codes.push(period.code);
      period = previousPeriod(period);
    }
  }
  return codes;
}
