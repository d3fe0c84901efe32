// How many respondents came by each channel and trust level and gave each profile answer, from the
// per-day respondent tally: the read costs the same for a hundred responses or a million.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database, RespondentDimension } from '../db/types.ts';
import { foldPending } from './fold.ts';
import type { DateRange, ScoreScope } from './scorecard.ts';

export interface RespondentBreakdown {
  /** responses counted (not excluded) in the scope and range */
  respondents: number;
  /** per dimension, respondents by value; null: the profile question was left blank */
  counts: Record<RespondentDimension, Map<string | null, number>>;
}

export async function loadRespondentBreakdown(db: Kysely<Database>, scope: ScoreScope, range: DateRange): Promise<RespondentBreakdown> {
  const counts: RespondentBreakdown['counts'] = {
    channel: new Map(),
    trust: new Map(),
    gender: new Map(),
    age_band: new Map(),
    education: new Map(),
    occupation: new Map(),
    disability: new Map(),
  };
  if (scope.unitIds.length === 0) return { respondents: 0, counts };
  await foldPending(db);
  let query = db
    .selectFrom('respondent_tally')
    .where('unit_id', 'in', scope.unitIds)
    .where('local_date', '>=', range.from)
    .where('local_date', '<=', range.to)
    .select(['dimension', 'value', sql<number>`sum(respondents)`.as('respondents')])
    .groupBy(['dimension', 'value']);
  if (scope.loketId) query = query.where('loket_id', '=', scope.loketId);
  if (scope.layananId) query = query.where('layanan_id', '=', scope.layananId);
  for (const row of await query.execute()) if (row.respondents > 0) counts[row.dimension].set(row.value, row.respondents);
  // every counted response has exactly one channel
  const respondents = [...counts.channel.values()].reduce((n, c) => n + c, 0);
  return { respondents, counts };
}
