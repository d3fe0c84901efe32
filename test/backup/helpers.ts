// Shared ground of the backup tests: a world with every kind of value (seedPublishedWorld plus
// bytea, arrays, jsonb, an identity column, a self-reference stored child-first, pending
// submissions), what a database holds (every table's rows as PostgreSQL's JSON), and rewriting a
// backup file the way a damaged or forged one would look.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/types.ts';
import { describeTables } from '../../src/backup/schema.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

/** seedPublishedWorld and one of each value the schema can hold. */
export async function seedEverything(db: Kysely<Database>): Promise<PublishedWorld> {
  const world = await seedPublishedWorld(db);
  // pending: stored, not yet folded into the tallies
  await world.answer('disduk', 3, 2);
  await db
    .updateTable('instansi')
    .set({
      logo: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff, 0x0a, 0x5c, 0x22]),
      logo_type: 'image/png',
      embed_origins: ['https://kab-uji.go.id', 'https://dinkes.kab-uji.go.id'],
      service_hours: JSON.stringify({ days: [1, 2, 3, 4, 5], open: '08:00', close: '15:30' }),
    })
    .where('id', '=', world.instansi.id)
    .execute();
  // a unit whose parent comes after it in the table: its row is updated last, so it is read first
  const puskesmas = await db.insertInto('unit').values({ instansi_id: world.instansi.id, slug: 'puskesmas-kota', name: 'Puskesmas "Kota"\nBaru' }).returning('id').executeTakeFirstOrThrow();
  await db.updateTable('unit').set({ parent_id: world.dinkes.id }).where('id', '=', puskesmas.id).execute();
  await db.updateTable('unit').set({ head_name: 'dr. Siti Ø’Brien' }).where('id', '=', world.dinkes.id).execute();
  await db
    .insertInto('follow_up')
    .values({
      unit_id: world.dinkes.id,
      period: world.period.code,
      unsur_code: 'U5',
      action: 'Percepatan layanan imunisasi',
      due: '2026-12-31',
      evidence_file: new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0xfe]),
      evidence_file_name: 'bukti.pdf',
      evidence_file_type: 'application/pdf',
      published: true,
      created_by: world.adminId,
    })
    .execute();
  for (const action of ['sign_in', 'publish', 'export']) {
    await db.insertInto('audit_log').values({ instansi_id: world.instansi.id, user_id: world.adminId, action, detail: JSON.stringify({ big: 12345678901234, frac: 0.1 }), address: '203.0.113.9' }).execute();
  }
  await db.insertInto('population').values({ unit_id: world.dinkes.id, period: world.period.code, users: 1234, updated_by: world.adminId }).execute();
  await db.insertInto('session').values({ token_hash: 'h'.repeat(43), user_id: world.adminId, expires_at: new Date(Date.now() + 3_600_000) }).execute();
  await db.insertInto('signin_failure').values({ key: 'account:x@uji.go.id', failures: 3, last_at: new Date('2026-03-01T01:02:03.456Z') }).execute();
  return world;
}

/** Every table's rows as PostgreSQL's JSON (instants in UTC), sorted: equal means the same data. */
export async function contentOf(db: Kysely<Database>): Promise<Record<string, string[]>> {
  return db.transaction().execute(async (tx) => {
    await sql`set local timezone = 'UTC'`.execute(tx);
    const content: Record<string, string[]> = {};
    for (const { name } of await describeTables(tx)) {
      content[name] = (await sql<{ r: string }>`select row_to_json(t)::text as r from ${sql.id(name)} t`.execute(tx)).rows.map((r) => r.r).sort();
    }
    return content;
  });
}

export const countsOf = (content: Record<string, string[]>) => Object.fromEntries(Object.entries(content).map(([t, rows]) => [t, rows.length]));

/** The ScoreCards of each unit and of the instansi for the world's period, read as the app reads them (folding pending submissions first). */
export async function scoreCardsOf(db: Kysely<Database>, world: Pick<PublishedWorld, 'dinkes' | 'disduk' | 'period'>) {
  const range = { from: world.period.from, to: world.period.to };
  return {
    dinkes: await loadScoreCards(db, { unitIds: [world.dinkes.id] }, range),
    disduk: await loadScoreCards(db, { unitIds: [world.disduk.id] }, range),
    instansi: await loadScoreCards(db, { unitIds: [world.dinkes.id, world.disduk.id] }, range),
  };
}

export const publicationsOf = (db: Kysely<Database>) => db.selectFrom('publication').selectAll().orderBy('id').execute();

/** The lines of a backup file (without the trailing empty string). */
export const linesOf = (path: string) => gunzipSync(readFileSync(path)).toString('utf8').split('\n').slice(0, -1);

/** Writes lines as a backup file; `reseal` recomputes the end line so only the content is wrong (a forgery, not damage). */
export function writeLines(path: string, lines: string[], { reseal = false } = {}) {
  let out = lines;
  if (reseal) {
    const body = lines.slice(0, -1);
    const hash = createHash('sha256');
    for (const line of body) hash.update(`${line}\n`);
    out = [...body, JSON.stringify({ end: 'survei-backup/1', rows: body.length - 1, sha256: hash.digest('hex') })];
  }
  writeFileSync(path, gzipSync(`${out.join('\n')}\n`));
}

/**
 * Tally cells against the stored responses they count (folded, not excluded): respondents per
 * instrument version and answers per version, item and value. A snapshot taken across two
 * moments would hold a response without its counts, or counts without it.
 */
export async function tallyDisagreements(db: Kysely<Database>): Promise<string[]> {
  const counted = await sql<{ k: string; n: number }>`
    select v.key || ' ' || i.key || ' ' || i.value as k, count(*)::int as n
    from response r, jsonb_each(r.answers) v, jsonb_each_text(v.value) i
    where r.tallied_at is not null and r.excluded_at is null group by 1
    union all
    select v.key as k, count(*)::int from response r, jsonb_object_keys(r.answers) v(key)
    where r.tallied_at is not null and r.excluded_at is null group by 1`.execute(db);
  const tallied = await sql<{ k: string; n: number }>`
    select version_id || ' ' || item_code || ' ' || value as k, sum(n)::int as n
    from answer_tally, lateral (values (1, n1), (2, n2), (3, n3), (4, n4)) as c(value, n) group by 1 having sum(n) > 0
    union all
    select version_id::text as k, sum(respondents)::int from response_tally group by 1 having sum(respondents) > 0`.execute(db);
  const want = new Map(counted.rows.map((r) => [r.k, r.n]));
  const have = new Map(tallied.rows.map((r) => [r.k, r.n]));
  return [...new Set([...want.keys(), ...have.keys()])].filter((k) => want.get(k) !== have.get(k)).map((k) => `${k}: responses ${want.get(k) ?? 0}, tallies ${have.get(k) ?? 0}`);
}
