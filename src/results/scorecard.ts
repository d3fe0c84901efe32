// One ScoreCard per (scope, period, instrument) from the stored per-day tallies: the read costs
// the same whether a unit has a hundred responses or a million.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Instrument } from '../instruments/schema.ts';
import { computeScoreCard, type Histogram, type ScoreCard } from '../scoring/index.ts';
import { foldPending } from './fold.ts';

export interface ScoreScope {
  /** the units counted together (one unit, or every unit of an instansi) */
  unitIds: readonly string[];
  loketId?: string;
  layananId?: string;
}

export interface DateRange {
  /** local calendar days, inclusive */
  from: string;
  to: string;
}

/**
 * Units may reword an instrument (a new version) within a period; the values keep their meaning,
 * so answers are pooled by item code. Names, order and each item's unsur come from the newest
 * version that has the item, so an item is never counted under two unsur.
 */
export function mergeVersions(newestFirst: Instrument[]): Instrument {
  const [newest, ...older] = newestFirst;
  const unsur = newest!.unsur.map((u) => ({ ...u, items: [...u.items] }));
  const placed = new Set(unsur.flatMap((u) => u.items.map((i) => i.code)));
  for (const definition of older) {
    for (const u of definition.unsur) {
      const items = u.items.filter((item) => !placed.has(item.code));
      if (items.length === 0) continue;
      for (const item of items) placed.add(item.code);
      const target = unsur.find((x) => x.code === u.code);
      if (target) target.items.push(...items);
      else unsur.push({ ...u, items });
    }
  }
  return { ...newest!, unsur };
}

/** The ScoreCards of every instrument answered in the scope and range, IKM first, then IPAK, IPKP. */
export async function loadScoreCards(db: Kysely<Database>, scope: ScoreScope, range: DateRange): Promise<ScoreCard[]> {
  if (scope.unitIds.length === 0) return [];
  // submissions not yet folded into the tallies would be missing from the numbers
  await foldPending(db);
  const inScope = (table: 'answer_tally' | 'response_tally') => {
    let query = db
      .selectFrom(table)
      .innerJoin('instrument_version as v', 'v.id', `${table}.version_id`)
      .where(`${table}.unit_id`, 'in', scope.unitIds)
      .where(`${table}.local_date`, '>=', range.from)
      .where(`${table}.local_date`, '<=', range.to);
    if (scope.loketId) query = query.where(`${table}.loket_id`, '=', scope.loketId);
    if (scope.layananId) query = query.where(`${table}.layanan_id`, '=', scope.layananId);
    return query;
  };
  const [tallies, respondents] = await Promise.all([
    inScope('answer_tally')
      .select([
        'v.instrument_id',
        'answer_tally.item_code',
        sql<number>`sum(answer_tally.n1)`.as('n1'),
        sql<number>`sum(answer_tally.n2)`.as('n2'),
        sql<number>`sum(answer_tally.n3)`.as('n3'),
        sql<number>`sum(answer_tally.n4)`.as('n4'),
      ])
      .groupBy(['v.instrument_id', 'answer_tally.item_code'])
      .execute(),
    inScope('response_tally')
      .select(['v.instrument_id', sql<number>`sum(response_tally.respondents)`.as('respondents')])
      .groupBy('v.instrument_id')
      .execute(),
  ]);
  if (respondents.length === 0) return [];
  const instrumentIds = respondents.map((r) => r.instrument_id);
  const versions = await db
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .where('v.instrument_id', 'in', instrumentIds)
    .select(['v.instrument_id', 'v.definition', 'i.kind'])
    .orderBy('v.version', 'desc')
    .execute();
  const order = { ikm: 0, ipak: 1, ipkp: 2 };
  return respondents
    .map((r) => {
      const definitions = versions.filter((v) => v.instrument_id === r.instrument_id).map((v) => v.definition as Instrument);
      const histograms = new Map<string, Histogram>();
      for (const t of tallies) if (t.instrument_id === r.instrument_id) histograms.set(t.item_code, [t.n1, t.n2, t.n3, t.n4]);
      return computeScoreCard(mergeVersions(definitions), histograms, r.respondents);
    })
    .filter((card) => card.respondents > 0)
    .sort((a, b) => order[a.kind] - order[b.kind] || a.instrument.localeCompare(b.instrument));
}
