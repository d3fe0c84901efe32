// Everything a dashboard shows for a scope (one unit, or every unit of the instansi) and period,
// read from the tallies: ScoreCards, their slices per loket, layanan and unit, the trend, and the
// respondent breakdowns. No query here reads the responses themselves.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.ts';
import { type RespondentBreakdown, loadRespondentBreakdown } from '../../results/breakdowns.ts';
import { foldPending } from '../../results/fold.ts';
import { loadScoreCardSlices, type ScoredInstrument } from '../../results/scorecard.ts';
import { loadTrend, type TrendPoint } from '../../results/trend.ts';
import type { ReachedUnit } from '../access.ts';
import type { Selection } from './period.ts';

export interface Named {
  id: string;
  name: string;
  unitName: string;
  active: boolean;
}

/** The population the minimum sample is computed from, or why there is none. */
export type PopulationBasis =
  | { kind: 'range' }
  | { kind: 'unit'; users: number | null }
  /** the instansi view: the sum over the units that entered one for the period */
  | { kind: 'pooled'; users: number; withPopulation: number; units: number };

export interface Dashboard {
  cards: ScoredInstrument[];
  perLoket: Map<string | null, ScoredInstrument[]>;
  perLayanan: Map<string | null, ScoredInstrument[]>;
  /** the instansi view only */
  perUnit?: Map<string | null, ScoredInstrument[]>;
  trend: TrendPoint[];
  respondents: RespondentBreakdown;
  lokets: Named[];
  layanan: Named[];
  population: PopulationBasis;
}

export async function loadDashboard(db: Kysely<Database>, units: readonly ReachedUnit[], instansiWide: boolean, selection: Selection): Promise<Dashboard> {
  const unitIds = units.map((u) => u.id);
  const scope = { unitIds };
  // `= any(…)`, not `in (…)`: an instansi may have no units yet
  const inUnits = sql<boolean>`unit_id = any(${unitIds}::uuid[])`;
  const { range } = selection;
  // fold once before the reads below run side by side, so they all count the same responses
  await foldPending(db);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const [main, perLoket, perLayanan, perUnit, trend, respondents, lokets, layanan, population] = await Promise.all([
    loadScoreCardSlices(db, scope, { ranges: [range] }),
    loadScoreCardSlices(db, scope, { range, by: 'loket' }),
    loadScoreCardSlices(db, scope, { range, by: 'layanan' }),
    instansiWide ? loadScoreCardSlices(db, scope, { range, by: 'unit' }) : undefined,
    loadTrend(db, scope, selection.trend),
    loadRespondentBreakdown(db, scope, range),
    db.selectFrom('loket').where(inUnits).select(['id', 'name', 'unit_id', 'active']).orderBy('name').execute(),
    db.selectFrom('layanan').where(inUnits).select(['id', 'name', 'unit_id', 'active']).orderBy('name').execute(),
    selection.period ? db.selectFrom('population').where(inUnits).where('period', '=', selection.period.code).select(['unit_id', 'users']).execute() : undefined,
  ]);
  const named = (rows: { id: string; name: string; unit_id: string; active: boolean }[]): Named[] =>
    rows.map((r) => ({ id: r.id, name: r.name, unitName: unitName.get(r.unit_id) ?? '', active: r.active }));
  return {
    cards: main.get('1') ?? [],
    perLoket,
    perLayanan,
    perUnit,
    trend,
    respondents,
    lokets: named(lokets),
    layanan: named(layanan),
    population: !population
      ? { kind: 'range' }
      : instansiWide
        ? { kind: 'pooled', users: population.reduce((n, p) => n + p.users, 0), withPopulation: population.length, units: units.length }
        : { kind: 'unit', users: population[0]?.users ?? null },
  };
}
