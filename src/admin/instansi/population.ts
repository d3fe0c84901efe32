// The estimated number of service users of a unit in a period (triwulan, semester or tahun): the N
// of the Krejcie–Morgan minimum sample the dashboard and the report judge the respondents against.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.ts';
import { parsePeriod } from '../../results/period.ts';
import { krejcieMorgan } from '../../scoring/index.ts';
import { audit } from '../audit.ts';
import { fieldError, text } from './form.ts';

// the database's column is an integer
const MAX_USERS = 2_147_483_647;

const populationForm = z.object({
  period: z
    .string()
    .trim()
    .refine((v) => parsePeriod(v) !== undefined, 'must be a quarter (2026-Q1), a semester (2026-S1) or a year (2026)'),
  users: z
    .string()
    .trim()
    .regex(/^[0-9]+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(MAX_USERS, `must be at most ${MAX_USERS}`)),
});

export type PopulationInput = z.output<typeof populationForm>;

export function parsePopulationForm(body: Record<string, unknown>): PopulationInput {
  const result = populationForm.safeParse({ period: text(body, 'period'), users: text(body, 'users') });
  if (!result.success) throw fieldError(result.error);
  return result.data;
}

/** The unit's populations, the latest year first (in a year: the tahun, then triwulan, then semester). */
export async function listPopulation(db: Kysely<Database>, unitId: string) {
  const rows = await db
    .selectFrom('population as p')
    .leftJoin('app_user as u', 'u.id', 'p.updated_by')
    .where('p.unit_id', '=', unitId)
    .select(['p.period', 'p.users', 'p.updated_at', 'u.name as updated_by'])
    .execute();
  return rows
    .map((r) => ({ ...r, minimum: krejcieMorgan(r.users) }))
    .sort((a, b) => b.period.slice(0, 4).localeCompare(a.period.slice(0, 4)) || a.period.localeCompare(b.period));
}

/** Records (or changes) one period's population, audited with the old and the new value. */
export async function savePopulation(db: Kysely<Database>, unit: { id: string; instansiId: string; slug: string }, input: PopulationInput, by: { userId: string; address: string | null }) {
  return db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('population').where('unit_id', '=', unit.id).where('period', '=', input.period).select('users').forUpdate().executeTakeFirst();
    const now = new Date();
    await tx
      .insertInto('population')
      .values({ unit_id: unit.id, period: input.period, users: input.users, updated_at: now, updated_by: by.userId })
      .onConflict((oc) => oc.columns(['unit_id', 'period']).doUpdateSet({ users: input.users, updated_at: now, updated_by: by.userId }))
      .execute();
    await audit(tx, {
      instansiId: unit.instansiId,
      userId: by.userId,
      action: 'population.set',
      targetType: 'unit',
      targetId: unit.id,
      detail: { unit: unit.slug, period: input.period, from: old?.users ?? null, to: input.users },
      address: by.address,
    });
    return { period: input.period, users: input.users, minimum: krejcieMorgan(input.users) };
  });
}
