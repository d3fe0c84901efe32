// The answer distribution per item (how many answered 1, 2, 3, 4) of a unit in a range, from the
// same per-day tallies the ScoreCards are computed from: the tabulation annex prints it so the Tim
// Survei can recompute every NRR by hand, whatever the number of respondents.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import type { DateRange } from '../results/scorecard.ts';
import type { Histogram } from '../scoring/index.ts';

/** Histograms by instrument code (= the definition id a ScoreCard names), then item code; versions pooled. */
export async function loadItemHistograms(db: Kysely<Database>, unitId: string, range: DateRange): Promise<Map<string, Map<string, Histogram>>> {
  const rows = await db
    .selectFrom('answer_tally as t')
    .innerJoin('instrument_version as v', 'v.id', 't.version_id')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .where('t.unit_id', '=', unitId)
    .where('t.local_date', '>=', range.from)
    .where('t.local_date', '<=', range.to)
    .select(['i.code', 't.item_code', sql<number>`sum(t.n1)`.as('n1'), sql<number>`sum(t.n2)`.as('n2'), sql<number>`sum(t.n3)`.as('n3'), sql<number>`sum(t.n4)`.as('n4')])
    .groupBy(['i.code', 't.item_code'])
    .execute();
  const byInstrument = new Map<string, Map<string, Histogram>>();
  for (const r of rows) {
    const items = byInstrument.get(r.code) ?? new Map<string, Histogram>();
    items.set(r.item_code, [Number(r.n1), Number(r.n2), Number(r.n3), Number(r.n4)]);
    byInstrument.set(r.code, items);
  }
  return byInstrument;
}
