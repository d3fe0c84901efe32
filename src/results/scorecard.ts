// One ScoreCard per (scope, period, instrument) from the stored per-day tallies: the read costs
// the same whether a unit has a hundred responses or a million.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import type { Instrument } from '../instruments/schema.ts';
import { computeScoreCard, type ScoreCard } from '../scoring/index.ts';
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

/** A ScoreCard with the (merged) instrument it scores: its translations name the unsur in English. */
export interface ScoredInstrument {
  card: ScoreCard;
  instrument: Instrument;
  /** the instrument versions answered in the slice, ascending (a publication names them) */
  versions: number[];
}

/**
 * How `loadScoreCardSlices` cuts a scope in one read: per date range (a trend over periods; a day
 * counts in the first range that holds it), or within one range per loket, layanan or unit (null:
 * responses without one).
 */
export type Slicing = { ranges: readonly DateRange[] } | { range: DateRange; by: 'loket' | 'layanan' | 'unit' };

/** The ScoreCards of every instrument answered in the scope and range, IKM first, then IPAK, IPKP. */
export async function loadScoreCards(db: Kysely<Database>, scope: ScoreScope, range: DateRange): Promise<ScoreCard[]> {
  const slices = await loadScoreCardSlices(db, scope, { ranges: [range] });
  return (slices.get('1') ?? []).map((s) => s.card);
}

/**
 * The ScoreCards of each slice of the scope (key: the range's position from 1, as text, or the loket,
 * layanan or unit id), each slice's cards ordered as `loadScoreCards` orders them. One query per
 * tally table whatever the number of slices, so a dashboard's trend and breakdowns stay cheap.
 */
export async function loadScoreCardSlices(db: Kysely<Database>, scope: ScoreScope, slicing: Slicing): Promise<Map<string | null, ScoredInstrument[]>> {
  const slices = new Map<string | null, ScoredInstrument[]>();
  const ranges = 'ranges' in slicing ? slicing.ranges : [slicing.range];
  if (scope.unitIds.length === 0 || ranges.length === 0) return slices;
  // submissions not yet folded into the tallies would be missing from the numbers
  await foldPending(db);
  const filters = [sql`t.unit_id = any(${[...scope.unitIds]}::uuid[])`];
  if (scope.loketId) filters.push(sql`t.loket_id = ${scope.loketId}`);
  if (scope.layananId) filters.push(sql`t.layanan_id = ${scope.layananId}`);
  // the days of all ranges together bound the index scan; per range, a row's slice is the
  // position (from 1) of the first range that holds its day (a CASE: far cheaper than a join)
  const first = ranges.reduce((day, r) => (r.from < day ? r.from : day), ranges[0]!.from);
  const last = ranges.reduce((day, r) => (r.to > day ? r.to : day), ranges[0]!.to);
  filters.push(sql`t.local_date between ${first}::date and ${last}::date`);
  const slice =
    'ranges' in slicing
      ? sql`case ${sql.join(
          ranges.map((r, i) => sql`when t.local_date between ${r.from}::date and ${r.to}::date then ${i + 1}::int`),
          sql` `,
        )} end`
      : sql.ref(`t.${slicing.by}_id`);
  const where = sql.join(filters, sql` and `);
  // grouped by version, not instrument: no join on the rows counted; versions are pooled below
  const [tallies, respondents] = await Promise.all([
    sql<{ slice: string | number | null; version_id: string; item_code: string; n1: number; n2: number; n3: number; n4: number }>`
      select ${slice} as slice, t.version_id, t.item_code, sum(t.n1) as n1, sum(t.n2) as n2, sum(t.n3) as n3, sum(t.n4) as n4
      from answer_tally t where ${where} group by 1, 2, 3`.execute(db),
    sql<{ slice: string | number | null; version_id: string; respondents: number }>`
      select ${slice} as slice, t.version_id, sum(t.respondents) as respondents
      from response_tally t where ${where} group by 1, 2`.execute(db),
  ]);
  if (respondents.rows.length === 0) return slices;
  // every version of each instrument answered, pooled by instrument code: a unit that rewords the
  // built-in SKM runs the instansi's own "skm" with the same items, one IKM across the change;
  // names and unsur come from the newest version
  const versions = await db
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .where('v.instrument_id', 'in', (eb) => eb.selectFrom('instrument_version').where('id', 'in', [...new Set(respondents.rows.map((r) => r.version_id))]).select('instrument_id'))
    .select(['v.id', 'i.code', 'v.version', 'v.definition'])
    .orderBy('v.created_at', 'desc')
    .orderBy('v.version', 'desc')
    .execute();
  const instrumentOf = new Map(versions.map((v) => [v.id, v.code]));
  const versionNumber = new Map(versions.map((v) => [v.id, v.version]));
  const merged = new Map<string, Instrument>();
  for (const code of new Set(instrumentOf.values())) merged.set(code, mergeVersions(versions.filter((v) => v.code === code).map((v) => v.definition as Instrument)));

  const keyOf = (r: { slice: string | number | null }) => (r.slice === null ? null : String(r.slice));
  const cells = new Map<string, { slice: string | null; instrumentId: string; respondents: number; versions: Set<number>; histograms: Map<string, [number, number, number, number]> }>();
  const cellOf = (r: { slice: string | number | null; version_id: string }) => {
    const instrumentId = instrumentOf.get(r.version_id)!;
    const key = `${keyOf(r)}|${instrumentId}`;
    let cell = cells.get(key);
    if (!cell) cells.set(key, (cell = { slice: keyOf(r), instrumentId, respondents: 0, versions: new Set(), histograms: new Map() }));
    cell.versions.add(versionNumber.get(r.version_id)!);
    return cell;
  };
  for (const r of respondents.rows) cellOf(r).respondents += r.respondents;
  for (const t of tallies.rows) {
    const histograms = cellOf(t).histograms;
    const h = histograms.get(t.item_code) ?? [0, 0, 0, 0];
    histograms.set(t.item_code, [h[0] + t.n1, h[1] + t.n2, h[2] + t.n3, h[3] + t.n4]);
  }
  const order = { ikm: 0, ipak: 1, ipkp: 2 };
  for (const cell of cells.values()) {
    const instrument = merged.get(cell.instrumentId)!;
    const card = computeScoreCard(instrument, cell.histograms, cell.respondents);
    if (card.respondents === 0) continue;
    const list = slices.get(cell.slice) ?? [];
    list.push({ card, instrument, versions: [...cell.versions].sort((a, b) => a - b) });
    slices.set(cell.slice, list);
  }
  for (const list of slices.values()) list.sort((a, b) => order[a.card.kind] - order[b.card.kind] || a.card.instrument.localeCompare(b.card.instrument));
  return slices;
}
