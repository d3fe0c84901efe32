import { sql } from 'kysely';
import { migrations } from '../../migrations/index.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { saveInstrument } from '../../src/admin/instruments.ts';
import { addUnit } from '../../src/admin/org.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { seedDemo, type DemoSummary } from '../../src/demo/seed.ts';
import { parsePeriod } from '../../src/results/period.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const NOW = new Date('2026-11-15T05:00:00Z');

// Everything both databases are asked; the answers must be identical, value for value and type for type.
async function observe(handle: DatabaseHandle, demo: DemoSummary) {
  const { db } = handle;
  const types = await sql<Record<string, unknown>>`
    select count(*) as count, sum(1::int8) as sum8, 1.5::numeric as numeric, date '2026-03-31' as day,
           timestamptz '2026-03-31 17:00:00+00' as at, '{"a":[1,2]}'::jsonb as json, array['x','y']::text[] as list,
           true as flag, null::text as nothing`.execute(db);
  const instruments = await db
    .selectFrom('instrument as i')
    .innerJoin('instrument_version as v', 'v.instrument_id', 'i.id')
    .select(['i.code', 'i.kind', 'v.version', (eb) => eb.selectFrom('instrument_item').whereRef('version_id', '=', 'v.id').select(eb.fn.countAll<number>().as('n')).as('items')])
    .orderBy('i.code')
    .execute();
  const units = await db.selectFrom('unit').select(['id', 'slug']).orderBy('slug').execute();
  const period = parsePeriod('2026-Q3')!;
  const cards = [];
  for (const unit of units) cards.push({ unit: unit.slug, cards: await loadScoreCards(db, { unitIds: [unit.id] }, period) });
  const instansiWide = await loadScoreCards(db, { unitIds: units.map((u) => u.id) }, parsePeriod('2026')!);
  const perDay = await db
    .selectFrom('response')
    .select(['local_date', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('local_date')
    .orderBy('local_date')
    .limit(5)
    .execute();
  return { types: types.rows[0], instruments, demo: demo.units.map((u) => [u.slug, u.responses]), cards, instansiWide, perDay };
}

const observed: Record<string, Awaited<ReturnType<typeof observe>>> = {};

describe.each(DATABASE_KINDS)('database %s', (kind) => {
  let handle: DatabaseHandle;
  let demo: DemoSummary;

  beforeAll(async () => {
    handle = await openTestDatabase(kind, { migrate: false });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('migrates from empty and seeds the built-in instruments', async () => {
    const applied = await migrateToLatest(handle.db);
    expect(applied).toEqual(Object.keys(migrations));
    expect(applied.slice(0, 4)).toEqual(['0001_schema', '0002_builtin_instruments', '0003_questionnaire', '0004_answers_inline']);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    const rows = await handle.db
      .selectFrom('instrument as i')
      .innerJoin('instrument_item as it', (j) => j.on(sql`it.version_id`, 'in', sql`(select id from instrument_version where instrument_id = i.id)`))
      .select(['i.code', 'it.code as item'])
      .orderBy('i.code')
      .orderBy('it.position')
      .execute();
    const items = (code: string) => rows.filter((r) => r.code === code).map((r) => r.item);
    expect(items('skm')).toEqual(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9']);
    expect(items('ipak')).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
    expect(items('ipkp')).toEqual(['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8a', 'P8b', 'P9a', 'P9b']);
  });

  it('stores a demo year and scores it from the tallies exactly as from the raw answers', async () => {
    demo = await seedDemo(handle.db, { slug: 'kab-uji', name: 'Kabupaten Uji', timeZone: 'Asia/Makassar', responses: 600, seed: 7, now: NOW });
    expect(demo.units.reduce((n, u) => n + u.responses, 0)).toBe(600);
    // the tallies must equal plain counts over the stored responses and answers, cell by cell
    const fromAnswers = await sql`
      select r.unit_id, r.loket_id, r.layanan_id, r.local_date, v.key::uuid as version_id, a.key as item_code, a.value::int as value, count(*) as n
      from response r, jsonb_each(r.answers) v, jsonb_each(v.value) a where r.excluded_at is null
      group by 1, 2, 3, 4, 5, 6, 7 order by 1, 2, 3, 4, 5, 6, 7`.execute(handle.db);
    const fromTallies = await sql`
      select unit_id, loket_id, layanan_id, local_date, version_id, item_code, v.value, n
      from answer_tally, lateral (values (1, n1), (2, n2), (3, n3), (4, n4)) as v(value, n)
      where n > 0 order by 1, 2, 3, 4, 5, 6, 7`.execute(handle.db);
    expect(fromTallies.rows.length).toBeGreaterThan(1000);
    expect(fromTallies.rows).toEqual(fromAnswers.rows);
    const respondents = await sql`
      select r.unit_id, r.loket_id, r.layanan_id, r.local_date, v.key::uuid as version_id, count(distinct r.id) as n
      from response r, jsonb_each(r.answers) v where r.excluded_at is null
      group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`.execute(handle.db);
    const respondentTallies = await sql`
      select unit_id, loket_id, layanan_id, local_date, version_id, respondents as n from response_tally
      where respondents > 0 order by 1, 2, 3, 4, 5`.execute(handle.db);
    expect(respondentTallies.rows).toEqual(respondents.rows);
  });

  it('stores a submission id once, however often it is sent', async () => {
    const unit = await handle.db.selectFrom('unit').select('id').where('slug', '=', 'dinkes').executeTakeFirstOrThrow();
    const version = await handle.db
      .selectFrom('instrument_version as v')
      .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
      .where('i.code', '=', 'skm')
      .select('v.id')
      .executeTakeFirstOrThrow();
    const response = {
      id: crypto.randomUUID(),
      unitId: unit.id,
      loketId: null,
      layananId: null,
      channel: 'qr' as const,
      submittedAt: new Date('2026-11-14T15:30:00Z'), // 23:30 WITA: still the 14th there
      answers: [{ versionId: version.id, itemCode: 'U1', value: 4 as const }],
    };
    const results = await Promise.all([1, 2, 3].map(() => storeResponses(handle.db, [response])));
    expect(results.filter((stored) => stored.has(response.id))).toHaveLength(1);
    // the same id twice in one call is stored once, not refused
    const twice = { ...response, id: crypto.randomUUID() };
    expect(await storeResponses(handle.db, [twice, { ...twice, answers: [{ ...response.answers[0]!, value: 1 as const }] }])).toEqual(new Set([twice.id]));
    expect(await handle.db.selectFrom('response').select('answers').where('id', '=', twice.id).execute()).toEqual([{ answers: { [version.id]: { U1: 4 } } }]);
    const rows = await handle.db.selectFrom('response').select(['local_date']).where('id', '=', response.id).execute();
    expect(rows).toEqual([{ local_date: '2026-11-14' }]);
  });

  it('refuses what the constraints forbid', async () => {
    const unit = await handle.db.selectFrom('unit').select('id').limit(1).executeTakeFirstOrThrow();
    const version = await handle.db.selectFrom('instrument_version').select('id').limit(1).executeTakeFirstOrThrow();
    const base = { id: crypto.randomUUID(), unitId: unit.id, loketId: null, layananId: null, channel: 'qr' as const, submittedAt: NOW };
    // an answer to an item the instrument version does not have
    await expect(storeResponses(handle.db, [{ ...base, answers: [{ versionId: version.id, itemCode: 'X9', value: 3 }] }])).rejects.toThrow(/unknown item X9/);
    // a value outside 1–4
    await expect(storeResponses(handle.db, [{ ...base, answers: [{ versionId: version.id, itemCode: 'U1', value: 5 as 4 }] }])).rejects.toMatchObject({ code: '23514' });
    // nothing half-stored
    expect(await handle.db.selectFrom('response').select('id').where('id', '=', base.id).execute()).toEqual([]);
  });

  it('pools answers to every version of a reworded instrument into one ScoreCard', async () => {
    const labels = ['Tidak', 'Kurang', 'Ya', 'Sangat'] as [string, string, string, string];
    const define = (items: string[]) => ({
      id: 'skm-uji',
      name: 'SKM Uji',
      kind: 'ikm' as const,
      scale: 4 as const,
      unsur: [
        { code: 'U1', name: 'Persyaratan', items: items.map((code) => ({ code, text: `Teks ${code}`, labels })) },
        { code: 'U2', name: 'Prosedur', items: [{ code: 'U2', text: 'Teks', labels }] },
      ],
    });
    expect(await saveInstrument(handle.db, 'kab-uji', define(['U1a', 'U1b']))).toMatchObject({ version: 1, changed: true });
    const unit = await addUnit(handle.db, { instansi: 'kab-uji', name: 'Kecamatan Uji', instruments: ['skm-uji'] });
    expect(unit.instruments).toEqual(['skm-uji']);
    const versionOf = async (version: number) =>
      (await handle.db.selectFrom('instrument_version as v').innerJoin('instrument as i', 'i.id', 'v.instrument_id').where('i.code', '=', 'skm-uji').where('v.version', '=', version).select('v.id').executeTakeFirstOrThrow()).id;
    const v1 = await versionOf(1);
    expect(await saveInstrument(handle.db, 'kab-uji', define(['U1a', 'U1b', 'U1c']))).toMatchObject({ version: 2, changed: true });
    const v2 = await versionOf(2);
    const answer = (versionId: string, itemCode: string, value: 1 | 2 | 3 | 4) => ({ versionId, itemCode, value });
    const at = new Date('2026-08-03T03:00:00Z');
    const response = (answers: ReturnType<typeof answer>[]) => ({ id: crypto.randomUUID(), unitId: unit.id, loketId: null, layananId: null, channel: 'paper' as const, submittedAt: at, answers });
    await storeResponses(handle.db, [
      response([answer(v1, 'U1a', 4), answer(v1, 'U1b', 2), answer(v1, 'U2', 3)]),
      response([answer(v2, 'U1a', 2), answer(v2, 'U1c', 4), answer(v2, 'U2', 4)]),
    ]);
    const [card] = await loadScoreCards(handle.db, { unitIds: [unit.id] }, parsePeriod('2026-Q3')!);
    // U1: mean of item means (U1a 3, U1b 2, U1c 4) = 3; U2 = 3.5; index = 3.25
    expect(card).toMatchObject({ instrument: 'skm-uji', respondents: 2, index: 3.25, konversi: 81.25, mutu: 'B' });
    expect(card!.unsur.map((u) => [u.code, u.answers, u.nrr])).toEqual([
      ['U1', 4, 3],
      ['U2', 2, 3.5],
    ]);
  });

  it('collects what every later comparison needs', async () => {
    observed[kind] = await observe(handle, demo);
    expect(observed[kind].types).toEqual({
      count: 1,
      sum8: 1,
      numeric: 1.5,
      day: '2026-03-31',
      at: new Date('2026-03-31T17:00:00Z'),
      json: { a: [1, 2] },
      list: ['x', 'y'],
      flag: true,
      nothing: null,
    });
    const disdukcapil = observed[kind].cards.find((c) => c.unit === 'disdukcapil')!;
    expect(disdukcapil.cards.map((c) => c.instrument)).toEqual(['skm', 'ipak', 'ipkp']);
    expect(disdukcapil.cards[0]!.index).toBeGreaterThan(2.5);
  });
});

describe('both databases', () => {
  it('return the same shapes and the same numbers', () => {
    expect(Object.keys(observed).sort()).toEqual(['pglite', 'postgres']);
    expect(observed.pglite).toEqual(observed.postgres);
  });
});
