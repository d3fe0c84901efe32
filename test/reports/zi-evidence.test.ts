// The ZI evidence of a unit and year: the year's komponen hasil, the triwulan run, the results
// published online and at the counter (the poster route audits each print), the follow-up done.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/admin/audit.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { loadZiEvidence } from '../../src/reports/zi-evidence-load.ts';
import type { ZiEvidence } from '../../src/reports/zi-evidence.ts';
import { parsePeriod, periodOf } from '../../src/results/period.ts';
import { publish, unpublish } from '../../src/results/publication.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, SKM, seedPublishedWorld } from '../support/published.ts';
import { responseOf, unitVersions } from './responses-support.ts';

describe.each(DATABASE_KINDS)('loadZiEvidence (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let year: number;
  let other: string;
  let evidence: ZiEvidence;
  let printedFrom: Date;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    world = await seedPublishedWorld(db);
    year = Number(world.period.code.slice(0, 4));
    // a second triwulan of the same year with five SKM answers of 3
    other = world.period.code.endsWith('Q1') ? `${year}-Q2` : `${year}-Q1`;
    const versions = await unitVersions(db, world.dinkes.id);
    const at = new Date(Date.parse(`${parsePeriod(other)!.from}T04:00:00Z`) + 5 * 86_400_000);
    await storeResponses(db, Array.from({ length: 5 }, () => responseOf(world.dinkes.id, versions, { skm: Object.fromEntries(SKM.map((c) => [c, 3])) }, { submittedAt: at })));
    // at the counter: a poster printed through the workspace shows the newest publication, the triwulan's
    printedFrom = new Date();
    const agent = new Agent(testApp(database).app);
    expect((await agent.signIn('a@uji.go.id')).status).toBe(303);
    expect((await agent.request(`/admin/publish/dinkes/poster.pdf?loket=${world.dinkes.loketCode}`)).status).toBe(200);
    // online: the triwulan (seeded) and the year; a semester published then withdrawn does not count
    const input = { instansiId: world.instansi.id, unitId: world.dinkes.id, userId: world.adminId };
    await publish(db, { ...input, period: String(year) });
    const semester = periodOf(world.period.from, 'semester').code;
    await publish(db, { ...input, period: semester });
    await unpublish(db, { ...input, period: semester });
    // posters that show nothing of the year do not count: last year's results, or none yet
    const poster = (detail: Record<string, unknown>) =>
      audit(db, { instansiId: world.instansi.id, userId: null, action: 'publication.poster', targetType: 'unit', targetId: world.dinkes.id, detail });
    await poster({ loket: world.dinkes.loketCode, period: `${year - 1}-Q4` });
    await poster({ loket: world.dinkes.loketCode });
    const action = (status: 'planned' | 'in_progress' | 'done', period: string) => ({ unit_id: world.dinkes.id, period, unsur_code: 'U8', action: 'Perbaiki kanal pengaduan', status });
    await db
      .insertInto('follow_up')
      .values([action('done', world.period.code), action('planned', world.period.code), action('done', String(year)), action('in_progress', other), action('done', `${year - 1}-Q4`)])
      .execute();
    evidence = await loadZiEvidence(db, world.dinkes.id, year);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('audits the results poster with its loket and the period it shows', async () => {
    const rows = await database.db.selectFrom('audit_log').where('action', '=', 'publication.poster').select(['user_id', 'target_type', 'target_id', 'detail', 'at']).orderBy('id').execute();
    expect(rows[0]).toMatchObject({ target_type: 'unit', target_id: world.dinkes.id, detail: { loket: world.dinkes.loketCode, period: world.period.code } });
    expect(rows[0]!.user_id).not.toBeNull();
  });

  it('holds the year cards, with the ZI worksheet values of IPAK and IPKP', async () => {
    const whole = parsePeriod(String(year))!;
    const cards = await loadScoreCards(database.db, { unitIds: [world.dinkes.id] }, whole);
    expect([evidence.ikm, evidence.ipak.card, evidence.ipkp.card]).toEqual(cards);
    expect(evidence.ikm!.respondents).toBe(15);
    // the seeded IPAK 3,50 and IPKP 3,20 were answered only in the triwulan
    expect(evidence.ipak).toMatchObject({ worksheetValue: 15.31, wbk: false, wbbm: false });
    expect(evidence.ipkp).toMatchObject({ worksheetValue: 14, wbk: true, wbbm: false });
    expect(evidence.unit).toMatchObject({ slug: 'dinkes', name: 'Dinas Kesehatan' });
    expect(evidence.instansi.slug).toBe('kab-uji');
    expect(evidence.year).toBe(year);
  });

  it('lists the four triwulan with their IKM and counts those run', () => {
    expect(evidence.skmPeriods.map((p) => p.code)).toEqual([1, 2, 3, 4].map((q) => `${year}-Q${q}`));
    const byCode = new Map(evidence.skmPeriods.map((p) => [p.code, p]));
    expect(byCode.get(world.period.code)).toEqual({ code: world.period.code, respondents: 10, konversi: 78.89, mutu: 'B' });
    expect(byCode.get(other)).toEqual({ code: other, respondents: 5, konversi: 75, mutu: 'C' });
    expect(evidence.skmPeriods.filter((p) => p.respondents === 0).every((p) => p.konversi === null && p.mutu === null)).toBe(true);
    expect(evidence.periodsRun).toBe(2);
  });

  it('lists the visible publications of the year and the posters that showed its results', () => {
    expect(evidence.publishedOnline.map((p) => p.period).sort()).toEqual([String(year), world.period.code].sort());
    expect(evidence.publishedOnline.every((p) => p.revision === 1 && p.publishedAt instanceof Date)).toBe(true);
    expect(evidence.publishedAtServicePoint).toHaveLength(1);
    expect(evidence.publishedAtServicePoint[0]).toMatchObject({ loket: world.dinkes.loketCode, period: world.period.code });
    expect(evidence.publishedAtServicePoint[0]!.at.getTime()).toBeGreaterThanOrEqual(printedFrom.getTime() - 1000);
  });

  it('shares the follow-up actions of every period of the year that are done', () => {
    expect(evidence.followUp).toEqual({ total: 4, done: 2, share: 0.5 });
  });

  it('is empty but complete for a year without anything', async () => {
    const empty = await loadZiEvidence(database.db, world.disduk.id, year - 3);
    expect(empty).toMatchObject({
      ikm: null,
      ipak: { card: null, worksheetValue: null, wbk: null, wbbm: null },
      ipkp: { card: null, worksheetValue: null, wbk: null, wbbm: null },
      periodsRun: 0,
      publishedOnline: [],
      publishedAtServicePoint: [],
      followUp: { total: 0, done: 0, share: null },
    });
    expect(empty.skmPeriods).toHaveLength(4);
  });
});
