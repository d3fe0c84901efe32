// The trend of a scope: its ScoreCards over the last periods of one kind (triwulan, semester or
// tahun), read from the tallies in one pass.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Period } from './period.ts';
import { loadScoreCardSlices, type ScoredInstrument, type ScoreScope } from './scorecard.ts';

export interface TrendPoint {
  period: Period;
  /** the ScoreCards of the period (none when nothing was answered) */
  cards: ScoredInstrument[];
}

export async function loadTrend(db: Kysely<Database>, scope: ScoreScope, periods: readonly Period[]): Promise<TrendPoint[]> {
  const slices = await loadScoreCardSlices(db, scope, { ranges: periods });
  return periods.map((period, i) => ({ period, cards: slices.get(String(i + 1)) ?? [] }));
}
