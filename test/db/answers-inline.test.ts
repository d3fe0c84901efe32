// Migration 0004 moves each response's answer rows into its `answers` column, and the database
// keeps that column to the shape and the 1–4 scale.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('answers inline (%s)', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind, { migrate: false });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('moves answer rows into the response and drops the table', async () => {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0003_questionnaire')).error).toBeUndefined();
    const { rows: versions } = await sql<{ id: string; code: string }>`
      select v.id, i.code from instrument_version v join instrument i on i.id = v.instrument_id where i.code in ('skm', 'ipak')`.execute(handle.db);
    const skm = versions.find((v) => v.code === 'skm')!.id;
    const ipak = versions.find((v) => v.code === 'ipak')!.id;
    const { rows: units } = await sql<{ id: string }>`
      with i as (insert into instansi (slug, name, time_zone) values ('kab-lama', 'Kabupaten Lama', 'Asia/Jakarta') returning id)
      insert into unit (instansi_id, slug, name) select id, 'dinas', 'Dinas' from i returning id`.execute(handle.db);
    const [answered, empty] = [crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [answered, empty]) {
      await sql`insert into response (id, unit_id, channel, submitted_at, local_date, tallied_at) values (${id}, ${units[0]!.id}, 'qr', now(), '2026-11-20', now())`.execute(handle.db);
    }
    await sql`insert into answer (response_id, version_id, item_code, value) values
      (${answered}, ${skm}, 'U1', 4), (${answered}, ${skm}, 'U2', 1), (${answered}, ${ipak}, 'A1', 3)`.execute(handle.db);

    expect((await migrateToLatest(handle.db))[0]).toBe('0004_answers_inline');
    const { rows } = await sql<{ id: string; answers: unknown }>`select id, answers from response order by id`.execute(handle.db);
    expect(Object.fromEntries(rows.map((r) => [r.id, r.answers]))).toEqual({ [answered]: { [skm]: { U1: 4, U2: 1 }, [ipak]: { A1: 3 } }, [empty]: {} });
    const { rows: tables } = await sql`select 1 from information_schema.tables where table_name = 'answer'`.execute(handle.db);
    expect(tables).toEqual([]);
  });

  it.each([
    ['a value outside 1–4', { v: { U1: 5 } }],
    ['a value that is not whole', { v: { U1: 2.5 } }],
    ['a value that is text', { v: { U1: '3' } }],
    ['a version that is not an object', { v: 3 }],
    ['answers that are not an object', [1, 2]],
  ])('refuses %s', async (_, answers) => {
    const unit = await sql<{ id: string }>`select id from unit limit 1`.execute(handle.db);
    const insert = sql`insert into response (id, unit_id, channel, submitted_at, local_date, answers)
      values (${crypto.randomUUID()}, ${unit.rows[0]!.id}, 'qr', now(), '2026-11-20', ${JSON.stringify(answers)}::jsonb)`;
    await expect(insert.execute(handle.db)).rejects.toMatchObject({ code: '23514' });
  });
});
