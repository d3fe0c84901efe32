// Publications freeze the results: later answers and exclusions never change a published number;
// republishing makes the next revision with what changed; unpublishing is audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { changeExclusion } from '../../src/results/exclusion.ts';
import { currentPublication, driftOf, listPublications, snapshotSchema, unpublish } from '../../src/results/publication.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

describe.each(DATABASE_KINDS)('publications (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('freeze the ScoreCards, n, minimum sample and instrument versions as revision 1', async () => {
    const dinkes = (await currentPublication(world.db, { instansiId: world.instansi.id, unitId: world.dinkes.id }, world.period.code))!;
    expect(dinkes.revision).toBe(1);
    expect(snapshotSchema.parse(dinkes.snapshot)).toEqual(dinkes.snapshot);
    const [skm, ipak, ipkp] = dinkes.snapshot.instruments;
    expect(skm!.card.konversi).toBe(78.89);
    expect(skm!.card.mutu).toBe('B');
    expect(skm!.versions).toEqual([1]);
    expect(ipak!.card.zi!.worksheetValue).toBe(15.31);
    expect(ipkp!.card.zi!.worksheetValue).toBe(14);
    expect(ipkp!.card.zi!.wbk.met).toBe(true);
    expect(dinkes.snapshot.respondents).toBe(10);
    expect(dinkes.snapshot.changes).toEqual([]);
    const wide = (await currentPublication(world.db, { instansiId: world.instansi.id, unitId: null }, world.period.code))!;
    expect(wide.snapshot.respondents).toBe(20);
  });

  it('keep their numbers while answers arrive and are excluded; the drift shows; revision 2 says what changed', async () => {
    const scope = { instansiId: world.instansi.id, unitId: world.disduk.id };
    const before = (await currentPublication(world.db, scope, world.period.code))!;
    const ids = await world.answer('disduk', 10, 1);
    await changeExclusion(world.db, 'exclude', { ids: ids.slice(0, 2), unitIds: [world.disduk.id], reason: 'uji', userId: world.adminId });
    const still = (await currentPublication(world.db, scope, world.period.code))!;
    expect(still).toEqual(before);
    const drift = await driftOf(world.db, still);
    expect(drift.some((c) => c.field === 'konversi' && c.from === 100)).toBe(true);

    const second = await world.publish('disduk');
    expect(second.revision).toBe(2);
    expect(second.snapshot.changes).toEqual(drift);
    await expect(world.publish('disduk')).rejects.toMatchObject({ status: 409 });
    expect(await driftOf(world.db, second)).toEqual([]);
  });

  it('unpublish every revision of a period, audited; publishing again makes the next revision', async () => {
    const scope = { instansiId: world.instansi.id, unitId: world.disduk.id };
    await unpublish(world.db, { ...scope, period: world.period.code, userId: world.adminId });
    expect(await currentPublication(world.db, scope, world.period.code)).toBeUndefined();
    await expect(unpublish(world.db, { ...scope, period: world.period.code, userId: world.adminId })).rejects.toMatchObject({ status: 404 });
    const log = await world.db.selectFrom('audit_log').where('action', 'like', 'publication.%').select(['action', 'detail']).orderBy('id').execute();
    expect(log.map((l) => l.action)).toContain('publication.unpublish');
    const third = await world.publish('disduk');
    expect(third.revision).toBe(3);
    expect((await listPublications(world.db, scope)).map((p) => [p.revision, p.unpublishedAt === null])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
  });
});
