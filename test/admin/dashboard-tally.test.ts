// The respondent tally behind the dashboard's channel, trust and profile breakdowns: migration 0006
// fills it from the responses already counted, and every later move (the fold, storeResponses, an
// exclusion or a restore through addToTallies) keeps it equal to plain counts over the responses.
import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadRespondentBreakdown } from '../../src/results/breakdowns.ts';
import { foldPending } from '../../src/results/fold.ts';
import { localDate } from '../../src/results/period.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { addToTallies, TALLY_COLUMNS, tallyInputOf } from '../../src/results/tally.ts';
import { type NewResponse, storeResponses } from '../../src/survey/store.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const GENDERS = ['L', 'P', null] as const;
const AGES = [null, 15, 20, 29, 37, 44, 58, 60, 70];
const EDUCATION = ['sd', 'sma', 'd4_s1', null];
const OCCUPATION = ['pns', 'swasta', 'pelajar', 'lainnya', null];
const DISABILITY = ['none', 'fisik', null];
const CHANNELS = ['qr', 'kiosk', 'paper'] as const;
const TRUSTS = ['open', 'presence'] as const;

/** Respondents per day, loket, layanan, dimension and value, counted plainly over the responses. */
async function plainCounts(handle: DatabaseHandle) {
  const { rows } = await sql<Record<string, unknown>>`
    select r.unit_id, r.local_date, r.loket_id, r.layanan_id, d.dimension, d.value, count(*) as n
    from response r cross join lateral (values
      ('channel', r.channel), ('trust', r.trust), ('gender', r.gender),
      ('age_band', case when r.age is null then null when r.age <= 19 then '<20' when r.age <= 29 then '20-29' when r.age <= 39 then '30-39'
                        when r.age <= 49 then '40-49' when r.age <= 59 then '50-59' else '60+' end),
      ('education', r.education), ('occupation', r.occupation), ('disability', r.disability)) as d(dimension, value)
    where r.tallied_at is not null and r.excluded_at is null
    group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`.execute(handle.db);
  return rows;
}

async function talliedCounts(handle: DatabaseHandle) {
  const { rows } = await sql<Record<string, unknown>>`
    select unit_id, local_date, loket_id, layanan_id, dimension, value, respondents as n
    from respondent_tally where respondents > 0 order by 1, 2, 3, 4, 5, 6`.execute(handle.db);
  return rows;
}

describe.each(DATABASE_KINDS)('the respondent tally (%s)', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind, { migrate: false });
  });
  afterAll(async () => {
    await handle?.close();
  });

  it('is filled by migration 0006 from the counted, not excluded responses, and the fold adds the pending ones', async () => {
    const migrator = new Migrator({ db: handle.db, provider: { getMigrations: async () => migrations } });
    expect((await migrator.migrateTo('0005_workspace')).error).toBeUndefined();
    const { rows: units } = await sql<{ id: string }>`
      with i as (insert into instansi (slug, name, time_zone) values ('kab-lama', 'Kabupaten Lama', 'Asia/Jakarta') returning id)
      insert into unit (instansi_id, slug, name) select id, 'dinas', 'Dinas' from i returning id`.execute(handle.db);
    const unitId = units[0]!.id;
    for (let i = 0; i < 40; i++) {
      // every fifth is excluded, every seventh still pending (not yet folded)
      const excluded = i % 5 === 0;
      const pending = i % 7 === 0;
      await sql`insert into response (id, unit_id, channel, trust, submitted_at, local_date, gender, age, education, occupation, disability, answers, tallied_at, excluded_at, excluded_reason)
        values (${crypto.randomUUID()}, ${unitId}, ${CHANNELS[i % 3]}, ${TRUSTS[i % 2]}, ${`2026-08-${String(1 + (i % 3)).padStart(2, '0')}T03:00:00Z`}, ${`2026-08-0${1 + (i % 3)}`},
          ${GENDERS[i % 3]}, ${AGES[i % AGES.length]}, ${EDUCATION[i % 4]}, ${OCCUPATION[i % 5]}, ${DISABILITY[i % 3]}, '{}'::jsonb,
          ${pending ? null : new Date()}, ${excluded ? new Date() : null}, ${excluded ? 'test' : null})`.execute(handle.db);
    }
    expect(await migrateToLatest(handle.db)).toContain('0006_respondent_tally');
    const filled = await talliedCounts(handle);
    expect(filled.length).toBeGreaterThan(20);
    expect(filled).toEqual(await plainCounts(handle));
    // 40 responses, 8 excluded, 6 pending of which 2 (0 and 35) are among the excluded
    const channelTotal = (rows: Record<string, unknown>[]) => rows.filter((r) => r.dimension === 'channel').reduce((n, r) => n + Number(r.n), 0);
    expect(channelTotal(filled)).toBe(40 - 8 - 4);
    expect(await foldPending(handle.db)).toBe(6);
    const folded = await talliedCounts(handle);
    expect(channelTotal(folded)).toBe(40 - 8);
    expect(folded).toEqual(await plainCounts(handle));
  });

  it('follows storeResponses, the fold, an exclusion and a restore through addToTallies', async () => {
    const { db } = handle;
    await migrateToLatest(db);
    await addInstansi(db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WITA' }, 'Asia/Jakarta');
    const unit = await addUnit(db, { instansi: 'kab-uji', name: 'Puskesmas', slug: 'puskesmas', instruments: ['skm'] });
    const layanan = await addLayanan(db, { instansi: 'kab-uji', unit: 'puskesmas', name: 'Rawat Jalan' });
    const lokets = [await addLoket(db, { instansi: 'kab-uji', unit: 'puskesmas', name: 'Loket 1', layanan: 'Rawat Jalan' }), await addLoket(db, { instansi: 'kab-uji', unit: 'puskesmas', name: 'Loket 2' })];
    const loketIds = await db.selectFrom('loket').where('code', 'in', lokets.map((l) => l.code)).select(['id', 'layanan_id']).orderBy('name').execute();
    const version = await db.selectFrom('instrument_version as v').innerJoin('instrument as i', 'i.id', 'v.instrument_id').where('i.code', '=', 'skm').select('v.id').executeTakeFirstOrThrow();
    const response = (i: number): NewResponse => {
      const loket = i % 3 === 2 ? null : loketIds[i % 2]!;
      return {
        id: crypto.randomUUID(),
        unitId: unit.id,
        loketId: loket?.id ?? null,
        layananId: loket?.layanan_id ?? (i % 4 === 0 ? layanan.id : null),
        channel: CHANNELS[i % 3]!,
        trust: TRUSTS[i % 2]!,
        submittedAt: new Date(Date.UTC(2026, 8, 1 + (i % 4), 20, 0)), // 04:00 WITA the next day
        gender: GENDERS[i % 3]!,
        age: AGES[i % AGES.length]!,
        education: EDUCATION[i % 4]!,
        occupation: OCCUPATION[i % 5]!,
        disability: DISABILITY[i % 3]!,
        answers: [{ versionId: version.id, itemCode: 'U1', value: ((i % 4) + 1) as 1 | 2 | 3 | 4 }],
      };
    };
    // stored and counted at once (the bulk path)…
    await storeResponses(db, Array.from({ length: 30 }, (_, i) => response(i)));
    expect(await talliedCounts(handle)).toEqual(await plainCounts(handle));
    // …and as citizens' submissions are: one row each, counted by the fold
    for (let i = 30; i < 75; i++) {
      const r = response(i);
      await sql`insert into response (id, unit_id, loket_id, layanan_id, channel, trust, submitted_at, local_date, gender, age, education, occupation, disability, answers)
        values (${r.id}, ${r.unitId}, ${r.loketId}, ${r.layananId}, ${r.channel}, ${r.trust!}, ${r.submittedAt}, ${localDate(r.submittedAt, 'Asia/Makassar')},
          ${r.gender ?? null}, ${r.age ?? null}, ${r.education ?? null}, ${r.occupation ?? null}, ${r.disability ?? null}, ${JSON.stringify({ [version.id]: { U1: r.answers[0]!.value } })}::jsonb)`.execute(db);
    }
    expect(await foldPending(db)).toBe(45);
    expect(await talliedCounts(handle)).toEqual(await plainCounts(handle));
    const range = { from: '2026-09-01', to: '2026-09-30' };
    expect((await loadRespondentBreakdown(db, { unitIds: [unit.id] }, range)).respondents).toBe(75);

    // an exclusion, as the review screen makes it: the rows and the tallies move in one transaction
    const move = (ids: string[], sign: 1 | -1) =>
      db.transaction().execute(async (tx) => {
        const rows = await tx.selectFrom('response').where('id', 'in', ids).select(TALLY_COLUMNS).execute();
        await tx
          .updateTable('response')
          .set(sign === -1 ? { excluded_at: new Date(), excluded_reason: 'test' } : { excluded_at: null, excluded_reason: null })
          .where('id', 'in', ids)
          .execute();
        await addToTallies(tx, rows.map(tallyInputOf), sign);
      });
    const excluded = (await db.selectFrom('response').where('unit_id', '=', unit.id).select('id').orderBy('id').limit(11).execute()).map((r) => r.id);
    await move(excluded, -1);
    expect(await talliedCounts(handle)).toEqual(await plainCounts(handle));
    const breakdown = await loadRespondentBreakdown(db, { unitIds: [unit.id] }, range);
    expect(breakdown.respondents).toBe(64);
    const expectedGender = await db.selectFrom('response').where('unit_id', '=', unit.id).where('excluded_at', 'is', null).where('gender', '=', 'P').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(breakdown.counts.gender.get('P')).toBe(Number(expectedGender.n));
    expect((await loadScoreCards(db, { unitIds: [unit.id] }, range))[0]!.respondents).toBe(64);
    // restored: back to where it was
    await move(excluded, 1);
    expect(await talliedCounts(handle)).toEqual(await plainCounts(handle));
    // taking away what was never counted fails, and moves nothing
    const before = await talliedCounts(handle);
    const [counted] = await db.selectFrom('response').where('unit_id', '=', unit.id).select(TALLY_COLUMNS).limit(1).execute();
    await expect(db.transaction().execute((tx) => addToTallies(tx, [{ ...tallyInputOf(counted!), localDate: '2026-01-15' }], -1))).rejects.toThrow(/never counted/);
    expect(await talliedCounts(handle)).toEqual(before);
    expect((await loadRespondentBreakdown(db, { unitIds: [unit.id], loketId: loketIds[0]!.id }, range)).respondents).toBe(
      Number((await db.selectFrom('response').where('loket_id', '=', loketIds[0]!.id).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n),
    );
  });
});
