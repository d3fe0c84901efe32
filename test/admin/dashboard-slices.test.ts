// The dashboard reads its per-loket, per-layanan, per-unit and per-period ScoreCards in one pass
// each (loadScoreCardSlices); every slice must be exactly the ScoreCard loadScoreCards gives for
// that loket, layanan, unit or period alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { seedDemo } from '../../src/demo/seed.ts';
import { parsePeriod } from '../../src/results/period.ts';
import { loadScoreCards, loadScoreCardSlices } from '../../src/results/scorecard.ts';
import { periodBefore, periodsEndingWith } from '../../src/results/period.ts';
import { loadTrend } from '../../src/results/trend.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('ScoreCard slices (%s)', (kind) => {
  let handle: DatabaseHandle;
  let unitIds: string[];
  const period = parsePeriod('2026-Q3')!;

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await seedDemo(handle.db, { slug: 'kab-uji', name: 'Kabupaten Uji', timeZone: 'Asia/Makassar', responses: 800, seed: 3, now: new Date('2026-11-15T05:00:00Z') });
    unitIds = (await handle.db.selectFrom('unit').select('id').execute()).map((u) => u.id);
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('gives per loket and per layanan the ScoreCards of each alone', async () => {
    for (const unitId of unitIds) {
      const scope = { unitIds: [unitId] };
      const lokets = await handle.db.selectFrom('loket').where('unit_id', '=', unitId).select('id').execute();
      const perLoket = await loadScoreCardSlices(handle.db, scope, { range: period, by: 'loket' });
      expect(lokets.some((l) => perLoket.has(l.id))).toBe(true);
      for (const { id } of lokets) {
        expect((perLoket.get(id) ?? []).map((s) => s.card)).toEqual(await loadScoreCards(handle.db, { ...scope, loketId: id }, period));
      }
      const layanan = await handle.db.selectFrom('layanan').where('unit_id', '=', unitId).select('id').execute();
      const perLayanan = await loadScoreCardSlices(handle.db, scope, { range: period, by: 'layanan' });
      for (const { id } of layanan) {
        expect((perLayanan.get(id) ?? []).map((s) => s.card)).toEqual(await loadScoreCards(handle.db, { ...scope, layananId: id }, period));
      }
      // every response is in exactly one loket slice (or the one without a loket)
      const respondents = (slices: typeof perLoket) => [...slices.values()].reduce((n, cards) => n + cards[0]!.card.respondents, 0);
      expect(respondents(perLoket)).toBe((await loadScoreCards(handle.db, scope, period))[0]!.respondents);
    }
  });

  it('gives per unit the ScoreCards of each unit, and per period those of each period', async () => {
    const perUnit = await loadScoreCardSlices(handle.db, { unitIds }, { range: period, by: 'unit' });
    expect(perUnit.size).toBe(unitIds.length);
    for (const unitId of unitIds) expect(perUnit.get(unitId)!.map((s) => s.card)).toEqual(await loadScoreCards(handle.db, { unitIds: [unitId] }, period));
    const periods = periodsEndingWith(period, 8);
    expect(periods.map((p) => p.code)).toEqual(['2024-Q4', '2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4', '2026-Q1', '2026-Q2', '2026-Q3']);
    const trend = await loadTrend(handle.db, { unitIds }, periods);
    for (const point of trend) expect(point.cards.map((s) => s.card)).toEqual(await loadScoreCards(handle.db, { unitIds }, point.period));
    expect(trend.filter((p) => p.cards.length > 0).length).toBeGreaterThanOrEqual(4);
  });
});

describe('the periods of a trend', () => {
  it('steps back through periods of each kind', () => {
    expect(periodBefore(parsePeriod('2026-Q1')!).code).toBe('2025-Q4');
    expect(periodBefore(parsePeriod('2026-S1')!).code).toBe('2025-S2');
    expect(periodBefore(parsePeriod('2026-S2')!).code).toBe('2026-S1');
    expect(periodBefore(parsePeriod('2026')!).code).toBe('2025');
    expect(periodsEndingWith(parsePeriod('2026-S1')!, 3).map((p) => p.code)).toEqual(['2025-S1', '2025-S2', '2026-S1']);
  });
});
