// The resilience scenarios' shared ground: one unit to answer, and what the database holds after
// a run (which acknowledged submissions are stored, and whether the tallies count each once).
import { type Kysely, sql } from 'kysely';
import { expect } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import type { Database } from '../../src/db/types.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';

export const APP_SECRET = 'resilience-secret-resilience-secret-0123456789';

/** Migrates and seeds a unit running SKM, IPAK and IPKP with two layanan and one loket serving both; returns the loket code. */
export async function seedQuestionnaire(db: Kysely<Database>): Promise<string> {
  await migrateToLatest(db);
  await addInstansi(db, { name: 'Kabupaten Tahan Uji', slug: 'kab-tahan' }, 'Asia/Jakarta');
  await addUnit(db, { instansi: 'kab-tahan', name: 'Dinas Kependudukan', slug: 'disduk', instruments: ['skm', 'ipak', 'ipkp'] });
  for (const name of ['Perekaman KTP-el', 'Kartu Keluarga']) await addLayanan(db, { instansi: 'kab-tahan', unit: 'disduk', name });
  return (await addLoket(db, { instansi: 'kab-tahan', unit: 'disduk', name: 'Loket 1' })).code;
}

export interface Held {
  /** distinct submissions the clients sent */
  sent: number;
  /** submissions answered 303 */
  acknowledged: number;
  /** acknowledged submissions found in `response` */
  stored: number;
  /** rows beyond one per submission, and respondents the tallies count more than once */
  duplicates: number;
  /** acknowledged submissions not stored */
  lost: number;
  /** stored rows nobody sent (must be none) */
  strangers: number;
  /** responses not folded into the tallies yet */
  pending: number;
  /** tally cells that disagree with the stored answers */
  tallyMismatches: string[];
}

const count = async (db: Kysely<Database>, query: string) => Number((await sql.raw<{ n: number }>(query).execute(db)).rows[0]!.n);

/** Compares what the clients were told with what the database holds. */
export async function heldIn(db: Kysely<Database>, sent: Set<string>, acknowledged: Set<string>): Promise<Held> {
  const rows = (await sql<{ id: string }>`select id from response`.execute(db)).rows.map((r) => r.id);
  const ids = new Set(rows);
  let stored = 0;
  for (const id of acknowledged) if (ids.has(id)) stored += 1;
  const strangers = [...ids].filter((id) => !sent.has(id)).length;
  const pending = await count(db, 'select count(*)::int as n from response where tallied_at is null');
  const mismatches = await tallyMismatches(db);
  const counted = await count(db, 'select count(*)::int as n from response where excluded_at is null');
  const tallied = await count(db, `select coalesce(sum(respondents), 0)::int as n from respondent_tally where dimension = 'channel'`);
  return {
    sent: sent.size,
    acknowledged: acknowledged.size,
    stored,
    duplicates: rows.length - ids.size + Math.max(0, tallied - counted),
    lost: acknowledged.size - stored,
    strangers,
    pending,
    tallyMismatches: mismatches,
  };
}

/**
 * Every tally against the stored responses it should count (those not excluded): answers per
 * layanan, instrument version, item and value; respondents per layanan and version; respondents per
 * layanan on each profile dimension. A response folded twice, or never, shows up here.
 */
async function tallyMismatches(db: Kysely<Database>): Promise<string[]> {
  const compare = async (what: string, expected: string, tallied: string) => {
    const { rows } = await sql.raw<{ key: string; expected: number | null; tallied: number | null }>(`
      with e as (${expected}), t as (${tallied})
      select coalesce(e.key, t.key) as key, e.n::int as expected, t.n::int as tallied
        from e full join t on e.key = t.key
       where coalesce(e.n, 0) <> coalesce(t.n, 0)`).execute(db);
    return rows.map((r) => `${what} ${r.key}: expected ${r.expected ?? 0}, tallied ${r.tallied ?? 0}`);
  };
  const answers = await compare(
    'answers',
    `select concat_ws('|', r.layanan_id, v.key, a.key, a.value::text) as key, count(*) as n
       from response r, jsonb_each(r.answers) v, jsonb_each(v.value) a where r.excluded_at is null group by 1`,
    `select concat_ws('|', layanan_id, version_id, item_code, x.value::text) as key, sum(x.n) as n
       from answer_tally, lateral (values (1, n1), (2, n2), (3, n3), (4, n4)) as x(value, n) where x.n > 0 group by 1`,
  );
  const respondents = await compare(
    'respondents',
    `select concat_ws('|', r.layanan_id, v.key) as key, count(*) as n from response r, jsonb_each(r.answers) v where r.excluded_at is null group by 1`,
    `select concat_ws('|', layanan_id, version_id) as key, sum(respondents) as n from response_tally where respondents > 0 group by 1`,
  );
  const profile = await compare(
    'profile',
    `select concat_ws('|', r.layanan_id, d.dimension) as key, count(*) as n
       from response r, (values ('channel'), ('trust'), ('gender'), ('age_band'), ('education'), ('occupation'), ('disability')) as d(dimension)
      where r.excluded_at is null group by 1`,
    `select concat_ws('|', layanan_id, dimension) as key, sum(respondents) as n from respondent_tally where respondents > 0 group by 1`,
  );
  const all = [...answers, ...respondents, ...profile];
  return all.length > 20 ? [...all.slice(0, 20), `… and ${all.length - 20} more`] : all;
}

/** Every acknowledged submission stored exactly once, nothing else stored, all counted once in the tallies. */
export function expectNothingLost(held: Held): void {
  expect(held.acknowledged).toBe(held.sent);
  expect(held.lost).toBe(0);
  expect(held.duplicates).toBe(0);
  expect(held.strangers).toBe(0);
  expect(held.pending).toBe(0);
  expect(held.tallyMismatches).toEqual([]);
}

/** One line of counts, as the issue asks every scenario to print. */
export function countsLine(scenario: string, held: Held, extra = ''): string {
  return `resilience ${scenario}: sent ${held.sent}, acknowledged (303) ${held.acknowledged}, stored ${held.stored}, duplicates ${held.duplicates}, lost ${held.lost}${extra ? `; ${extra}` : ''}`;
}

/**
 * Waits until the running server's background fold has counted every stored response; returns how
 * long it took in ms, or undefined when it did not within `timeoutMs` (the counts then show what is pending).
 */
export async function untilFolded(db: Kysely<Database>, timeoutMs = 30_000): Promise<number | undefined> {
  const started = Date.now();
  while ((await count(db, 'select count(*)::int as n from response where tallied_at is null')) > 0) {
    if (Date.now() - started > timeoutMs) return undefined;
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now() - started;
}

/** "folded 1.2 s after the load" */
export const foldedAfter = (ms: number | undefined) => (ms === undefined ? 'NOT folded 30 s after the load' : `folded ${(ms / 1000).toFixed(1)} s after the load`);
