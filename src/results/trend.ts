// The trend of a scope: its ScoreCards over the last periods of one kind (triwulan, semester or
// tahun), read from the tallies in one pass.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { type Period, periodOf } from './period.ts';
import { loadScoreCardSlices, type ScoredInstrument, type ScoreScope } from './scorecard.ts';

/** The period just before, of the same kind: 2026-Q1 → 2025-Q4, 2026-S1 → 2025-S2, 2026 → 2025. */
export function periodBefore(period: Period): Period {
  const dayBefore = new Date(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return periodOf(dayBefore, period.kind);
}

/** The `count` periods of the kind of `last` that end with it, oldest first. */
export function periodsEndingWith(last: Period, count: number): Period[] {
  const periods = [last];
  while (periods.length < count) periods.unshift(periodBefore(periods[0]!));
  return periods;
}

export interface TrendPoint {
  period: Period;
  /** the ScoreCards of the period (none when nothing was answered) */
  cards: ScoredInstrument[];
}

export async function loadTrend(db: Kysely<Database>, scope: ScoreScope, periods: readonly Period[]): Promise<TrendPoint[]> {
  const slices = await loadScoreCardSlices(db, scope, { ranges: periods });
  return periods.map((period, i) => ({ period, cards: slices.get(String(i + 1)) ?? [] }));
}
