// The instansi's rekapitulasi for a period (types in rollup-data.ts): every unit's cards from one
// read of the tallies sliced per unit, with population, publication and follow-up status read for
// all units at once, ranked by IKM konversi.
import type { Kysely } from 'kysely';
import type { Database, FollowUpStatus } from '../db/types.ts';
import { countFollowUps } from '../admin/follow-up/store.ts';
import { foldPending } from '../results/fold.ts';
import type { Period } from '../results/period.ts';
import { loadScoreCardSlices, type ScoredInstrument } from '../results/scorecard.ts';
import { sampleAdequacy, type SampleAdequacy, type ScoreCard } from '../scoring/index.ts';
import { type ReportInstansi, toReportInstansi } from './data.ts';
import type { RollupData, RollupUnit } from './rollup-data.ts';

/** The instansi as the report pages print it (PNG or JPEG logo only); it must exist. */
export async function reportInstansi(db: Kysely<Database>, instansiId: string): Promise<ReportInstansi> {
  const row = await db.selectFrom('instansi').where('id', '=', instansiId).select(['id', 'slug', 'name', 'time_zone', 'logo', 'logo_type']).executeTakeFirstOrThrow();
  return toReportInstansi(row);
}

/** The first card of a kind (loadScoreCards orders IKM, IPAK, IPKP), or null. */
export function cardOf(cards: readonly ScoredInstrument[] | undefined, kind: ScoreCard['kind']): ScoreCard | null {
  return cards?.find((c) => c.card.kind === kind)?.card ?? null;
}

/** Krejcie–Morgan against the IKM's respondents; null without a (positive) population. */
export function sampleOf(population: number | null, ikm: ScoreCard | null): SampleAdequacy | null {
  return population === null || population < 1 ? null : sampleAdequacy(ikm?.respondents ?? 0, population);
}

/**
 * The newest visible unit publication of each unit for a period, in one query: a unit's newest
 * revision counts unless the period was unpublished (as `currentPublication` decides for one unit).
 */
export async function currentUnitPublications(db: Kysely<Database>, instansiId: string, periods: readonly string[]): Promise<Map<string, { period: string; revision: number; publishedAt: Date }[]>> {
  const out = new Map<string, { period: string; revision: number; publishedAt: Date }[]>();
  if (periods.length === 0) return out;
  const rows = await db
    .selectFrom('publication')
    .where('instansi_id', '=', instansiId)
    .where('unit_id', 'is not', null)
    .where('period', 'in', [...periods])
    .select(['unit_id', 'period', 'revision', 'published_at', 'unpublished_at'])
    .orderBy('unit_id')
    .orderBy('period')
    .orderBy('revision', 'desc')
    .execute();
  const seen = new Set<string>();
  for (const r of rows) {
    const key = `${r.unit_id}|${r.period}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (r.unpublished_at) continue;
    const list = out.get(r.unit_id!) ?? [];
    list.push({ period: r.period, revision: r.revision, publishedAt: r.published_at });
    out.set(r.unit_id!, list);
  }
  return out;
}

/** The facts the rekapitulasi and the quarterly export read for the units of an instansi and a period. */
export interface UnitFacts<U> {
  /** the units shown: every active one, and a closed one with results for the period (all with `keepAll`) */
  units: U[];
  perUnit: Map<string | null, ScoredInstrument[]>;
  /** the pooled cards of all the units */
  total: ScoredInstrument[];
  population: (unitId: string) => number | null;
  publication: (unitId: string) => { period: string; revision: number; publishedAt: Date } | undefined;
  followUp: (unitId: string) => Record<FollowUpStatus, number> & { total: number };
}

/**
 * Folds once, then reads per-unit and pooled cards, population, publications and follow-up counts
 * for `units`, with `extra` alongside (after the fold, so every read counts the same responses).
 */
export async function loadUnitFacts<U extends { id: string; active: boolean }, X>(
  db: Kysely<Database>,
  instansiId: string,
  period: Period,
  units: U[],
  opts: { keepAll?: boolean; extra: (unitIds: string[], range: { from: string; to: string }) => Promise<X> },
): Promise<UnitFacts<U> & { extra: X }> {
  const unitIds = units.map((u) => u.id);
  const range = { from: period.from, to: period.to };
  // fold once, so every read below counts the same responses
  await foldPending(db);
  const [perUnit, pooled, population, publications, followUps, extra] = await Promise.all([
    loadScoreCardSlices(db, { unitIds }, { range, by: 'unit' }),
    loadScoreCardSlices(db, { unitIds }, { ranges: [range] }),
    unitIds.length === 0 ? [] : db.selectFrom('population').where('unit_id', 'in', unitIds).where('period', '=', period.code).select(['unit_id', 'users']).execute(),
    currentUnitPublications(db, instansiId, [period.code]),
    countFollowUps(db, unitIds, period.code),
    opts.extra(unitIds, range),
  ]);
  const users = new Map(population.map((p) => [p.unit_id, p.users]));
  return {
    // a unit closed down still shows when it has results for the period
    units: units.filter((u) => opts.keepAll || u.active || perUnit.has(u.id)),
    perUnit,
    total: pooled.get('1') ?? [],
    population: (unitId) => users.get(unitId) ?? null,
    publication: (unitId) => publications.get(unitId)?.[0],
    followUp: (unitId) => {
      const counts: Record<FollowUpStatus, number> = followUps.get(unitId) ?? { planned: 0, in_progress: 0, done: 0 };
      return { ...counts, total: counts.planned + counts.in_progress + counts.done };
    },
    extra,
  };
}

export async function loadRollup(db: Kysely<Database>, instansiId: string, period: Period): Promise<RollupData> {
  const [instansi, allUnits] = await Promise.all([
    reportInstansi(db, instansiId),
    db.selectFrom('unit').where('instansi_id', '=', instansiId).select(['id', 'slug', 'name', 'active']).execute(),
  ]);
  const facts = await loadUnitFacts(db, instansiId, period, allUnits, { extra: async () => undefined });
  const rows: RollupUnit[] = facts.units.map((u) => {
    const cards = facts.perUnit.get(u.id);
    const ikm = cardOf(cards, 'ikm');
    const ipak = cardOf(cards, 'ipak');
    const ipkp = cardOf(cards, 'ipkp');
    const unitPopulation = facts.population(u.id);
    const publication = facts.publication(u.id);
    return {
      unit: { id: u.id, slug: u.slug, name: u.name, active: u.active },
      ikm,
      ipak,
      ipkp,
      population: unitPopulation,
      sample: sampleOf(unitPopulation, ikm),
      thresholds: {
        ipakWbk: ipak?.zi?.wbk.met ?? null,
        ipakWbbm: ipak?.zi?.wbbm.met ?? null,
        ipkpWbk: ipkp?.zi?.wbk.met ?? null,
        ipkpWbbm: ipkp?.zi?.wbbm.met ?? null,
      },
      publication: publication ? { revision: publication.revision, publishedAt: publication.publishedAt } : null,
      followUp: facts.followUp(u.id),
      rank: null,
    };
  });
  return { instansi, period, units: ranked(rows), total: facts.total };
}

/** By IKM konversi, highest first (equal konversi share a rank: 1, 1, 3), then by name; units without an IKM last, unranked. */
function ranked(units: RollupUnit[]): RollupUnit[] {
  const konversi = (u: RollupUnit) => u.ikm?.konversi ?? null;
  const sorted = [...units].sort((a, b) => {
    const ka = konversi(a);
    const kb = konversi(b);
    if (ka !== kb) return ka === null ? 1 : kb === null ? -1 : kb - ka;
    return a.unit.name.localeCompare(b.unit.name, 'id');
  });
  return sorted.map((u) => {
    const k = konversi(u);
    return { ...u, rank: k === null ? null : sorted.findIndex((v) => konversi(v) === k) + 1 };
  });
}
