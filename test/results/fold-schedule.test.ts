// The background fold: everything pending each tick, but only one batch every few ticks while
// submissions arrive in a burst; a clean stop leaves nothing pending.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { startFolding } from '../../src/results/fold.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const BATCH = 1_000;

describe.each(DATABASE_KINDS)('background fold (%s)', (kind) => {
  let database: DatabaseHandle;
  const pending = async () => Number((await sql<{ n: number }>`select count(*) as n from response where tallied_at is null`.execute(database.db)).rows[0]!.n);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await addInstansi(database.db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    const unit = await addUnit(database.db, { instansi: 'kab-uji', name: 'Dinas Uji', slug: 'dinas', instruments: [] });
    const version = await sql<{ id: string }>`select v.id from instrument_version v join instrument i on i.id = v.instrument_id where i.code = 'skm'`.execute(database.db);
    await sql`
      insert into response (id, unit_id, channel, submitted_at, local_date, answers)
      select gen_random_uuid(), ${unit.id}, 'qr', now(), '2026-11-20', jsonb_build_object(${version.rows[0]!.id}::text, '{"U1": 3}'::jsonb)
      from generate_series(1, ${2 * BATCH + 500})`.execute(database.db);
  });
  afterAll(async () => {
    vi.useRealTimers();
    await database?.close();
  });

  it('yields during a burst, catches up after it, and stops with nothing pending', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let rate = 1_000;
    const folding = startFolding(database.db, { intervalMs: 1_000, log: () => {}, arrivals: { mark() {}, perSecond: () => rate } });
    const tick = async () => {
      vi.advanceTimersByTime(1_000);
      await folding.settled();
    };
    for (let i = 0; i < 4; i++) await tick();
    expect(await pending()).toBe(2 * BATCH + 500); // a burst: nothing yet
    await tick();
    expect(await pending()).toBe(BATCH + 500); // the fifth tick: one batch
    rate = 3; // the burst is over: everything at the next tick
    await tick();
    expect(await pending()).toBe(0);
    const tallied = await sql<{ n: number }>`select sum(n3) as n from answer_tally`.execute(database.db);
    expect(Number(tallied.rows[0]!.n)).toBe(2 * BATCH + 500);
    await folding.stop();
  });
});
