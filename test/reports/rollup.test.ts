// The instansi's rekapitulasi: every unit's cards as the dashboard reads them, ranked by IKM
// konversi with shared ranks for ties, population against the minimum, the ZI thresholds, the
// visible publication and the follow-up counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { loadRollup } from '../../src/reports/rollup.ts';
import type { RollupData } from '../../src/reports/rollup-data.ts';
import { periodBefore } from '../../src/results/period.ts';
import { unpublish } from '../../src/results/publication.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';
import { responseOf, unitVersions } from './responses-support.ts';

describe.each(DATABASE_KINDS)('loadRollup (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let rollup: RollupData;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    world = await seedPublishedWorld(db);
    // Dinas Pariwisata ties with Disduk at 100,00; Bappeda has nothing; Dinas Lama is closed and empty
    const dispar = await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Pariwisata', slug: 'dispar', instruments: ['skm'] });
    await addUnit(db, { instansi: 'kab-uji', name: 'Bappeda', slug: 'bappeda', instruments: ['skm'] });
    const lama = await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Lama', slug: 'lama', instruments: ['skm'] });
    await db.updateTable('unit').set({ active: false }).where('id', '=', lama.id).execute();
    const versions = await unitVersions(db, dispar.id);
    const at = new Date(Date.parse(`${world.period.from}T03:00:00Z`) + 10 * 86_400_000);
    await storeResponses(db, Array.from({ length: 4 }, () => responseOf(dispar.id, versions, { skm: Object.fromEntries(SKM.map((c) => [c, 4])) }, { submittedAt: at })));
    await db
      .insertInto('population')
      .values([
        { unit_id: world.dinkes.id, period: world.period.code, users: 100 },
        { unit_id: world.disduk.id, period: world.period.code, users: 10 },
      ])
      .execute();
    const action = (unitId: string, status: 'planned' | 'in_progress' | 'done', period = world.period.code) => ({ unit_id: unitId, period, unsur_code: 'U8', action: 'Perbaiki kanal pengaduan', status });
    await db
      .insertInto('follow_up')
      .values([action(world.dinkes.id, 'planned'), action(world.dinkes.id, 'done'), action(world.dinkes.id, 'done'), action(world.dinkes.id, 'done', periodBefore(world.period).code), action(world.disduk.id, 'in_progress')])
      .execute();
    await unpublish(db, { instansiId: world.instansi.id, unitId: world.disduk.id, period: world.period.code, userId: world.adminId });
    rollup = await loadRollup(db, world.instansi.id, world.period);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('ranks by IKM konversi, ties sharing a rank and ordered by name, units without an IKM last', () => {
    expect(rollup.units.map((u) => [u.unit.slug, u.rank, u.ikm?.konversi ?? null])).toEqual([
      ['disduk', 1, 100],
      ['dispar', 1, 100],
      ['dinkes', 3, 78.89],
      ['bappeda', null, null],
    ]);
    expect(rollup.units.every((u) => u.unit.active)).toBe(true);
  });

  it('holds the cards the dashboard reads, per unit and pooled', async () => {
    const range = { from: world.period.from, to: world.period.to };
    for (const u of rollup.units) {
      const cards = await loadScoreCards(database.db, { unitIds: [u.unit.id] }, range);
      expect([u.ikm, u.ipak, u.ipkp].filter((c) => c !== null)).toEqual(cards);
    }
    const all = (await database.db.selectFrom('unit').select('id').execute()).map((u) => u.id);
    expect(rollup.total.map((t) => t.card)).toEqual(await loadScoreCards(database.db, { unitIds: all }, range));
    expect(rollup.total[0]!.card.respondents).toBe(24);
    expect(rollup.instansi).toMatchObject({ slug: 'kab-uji', name: 'Kabupaten Uji', timeZone: 'Asia/Jakarta', logo: null });
    expect(rollup.period).toEqual(world.period);
  });

  it('shows population against the minimum, the ZI thresholds, publication and follow-up status', () => {
    const [disduk, dispar, dinkes, bappeda] = rollup.units;
    expect(dinkes!.population).toBe(100);
    expect(dinkes!.sample).toEqual({ minimum: 80, actual: 10, met: false });
    expect(disduk!.sample).toEqual({ minimum: 10, actual: 10, met: true });
    expect(dispar!.sample).toBeNull();
    // IPAK 3,50 → 15,31 (below 15,75); IPKP 3,20 → 14,00 (WBK 14,00 met, WBBM 15,75 not)
    expect(dinkes!.thresholds).toEqual({ ipakWbk: false, ipakWbbm: false, ipkpWbk: true, ipkpWbbm: false });
    expect(disduk!.thresholds).toEqual({ ipakWbk: null, ipakWbbm: null, ipkpWbk: null, ipkpWbbm: null });
    expect(dinkes!.publication?.revision).toBe(1);
    expect(dinkes!.publication?.publishedAt).toBeInstanceOf(Date);
    expect(disduk!.publication).toBeNull();
    expect(dispar!.publication).toBeNull();
    expect(dinkes!.followUp).toEqual({ planned: 1, in_progress: 0, done: 2, total: 3 });
    expect(disduk!.followUp).toEqual({ planned: 0, in_progress: 1, done: 0, total: 1 });
    expect(bappeda!).toMatchObject({ ikm: null, ipak: null, ipkp: null, population: null, sample: null, publication: null, followUp: { total: 0 } });
  });

  it('shows a closed unit that has results, and republication as the newest revision', async () => {
    const db = database.db;
    await db.updateTable('unit').set({ active: false }).where('id', '=', world.disduk.id).execute();
    await world.answer('dinkes', 1, 1);
    await world.publish('dinkes');
    const again = await loadRollup(db, world.instansi.id, world.period);
    expect(again.units.find((u) => u.unit.slug === 'disduk')?.unit.active).toBe(false);
    expect(again.units.find((u) => u.unit.slug === 'dinkes')?.publication?.revision).toBe(2);
    expect(again.units.map((u) => u.unit.slug)).not.toContain('lama');
    await db.updateTable('unit').set({ active: true }).where('id', '=', world.disduk.id).execute();
  });
});
