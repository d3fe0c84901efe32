// Reviewing responses: filters and pages within the user's reach, flags with their reasons,
// exclusion and restore (single and bulk) moving the tallies exactly once, audited, and the
// ScoreCard following them.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { foldPending } from '../../src/results/fold.ts';
import { loadScoreCards } from '../../src/results/scorecard.ts';
import { type NewResponse, storeResponses, submissionWriter } from '../../src/survey/store.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

// the fixtures' period: never the current one, which a test fills with a response of today
const Q3 = { from: '2025-07-01', to: '2025-09-30' };

describe.each(DATABASE_KINDS)('reviewing responses (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let skm: string;
  let unitA: { id: string };
  let unitB: { id: string };
  let loketA: { id: string };
  let loketA2: { id: string };
  let loketB: { id: string };
  let layananA: { id: string };
  const ids: Record<string, string> = {};

  const db = () => database.db;
  let minute = 0;
  /** A response of unit A or B in 2025-Q3, one minute after the previous one; all nine SKM unsur answered `value`. */
  function response(unit: { id: string }, options: Partial<NewResponse> & { value?: number } = {}): NewResponse {
    minute += 1;
    const { value = 4, ...rest } = options;
    return {
      id: crypto.randomUUID(),
      unitId: unit.id,
      loketId: null,
      layananId: null,
      channel: 'qr',
      submittedAt: new Date(Date.UTC(2025, 7, 3, 1, minute)),
      answers: ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'].map((itemCode) => ({ versionId: skm, itemCode, value: value as 1 | 2 | 3 | 4 })),
      ...rest,
    };
  }
  async function store(name: string, r: NewResponse) {
    await storeResponses(db(), [r]);
    ids[name] = r.id;
    return r.id;
  }
  const respondents = async (unitId: string) =>
    Number((await sql<{ n: number | null }>`select sum(respondents) as n from response_tally where unit_id = ${unitId}`.execute(db())).rows[0]!.n ?? 0);
  const ikm = async (unitId: string) => {
    const [card] = await loadScoreCards(db(), { unitIds: [unitId] }, Q3);
    return card ? { index: card.index, respondents: card.respondents } : undefined;
  };
  /** Every tally row, in a fixed order. */
  const tallies = async () => {
    const rows = async (table: string) => (await sql.raw(`select * from ${table} order by 1, 2, 3, 4, 5, 6`).execute(db())).rows;
    return { answers: await rows('answer_tally'), respondents: await rows('response_tally'), profile: await rows('respondent_tally') };
  };
  /** The answer tallies as a plain count of the counted, not excluded responses would give them. */
  const answerTalliesMatchResponses = async () => {
    const recount = await sql<Record<string, unknown>>`
      select r.unit_id, r.local_date, r.loket_id, r.layanan_id, v.key as version_id, i.key as item_code,
        count(*) filter (where i.value = '1')::int as n1, count(*) filter (where i.value = '2')::int as n2,
        count(*) filter (where i.value = '3')::int as n3, count(*) filter (where i.value = '4')::int as n4
      from response r cross join jsonb_each(r.answers) v cross join jsonb_each_text(v.value) i
      where r.tallied_at is not null and r.excluded_at is null
      group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`.execute(db());
    const stored = await sql<Record<string, unknown>>`
      select unit_id, local_date, loket_id, layanan_id, version_id, item_code, n1, n2, n3, n4 from answer_tally
      where n1 + n2 + n3 + n4 > 0 order by 1, 2, 3, 4, 5, 6`.execute(db());
    expect(stored.rows).toEqual(recount.rows);
  };
  const state = (id: string) => db().selectFrom('response').where('id', '=', id).select(['excluded_at', 'excluded_by', 'excluded_reason', 'tallied_at']).executeTakeFirstOrThrow();
  const auditsOf = (id: string) => db().selectFrom('audit_log').where('target_id', '=', id).where('action', 'like', 'response.%').select(['action', 'detail', 'user_id', 'address']).orderBy('id').execute();

  async function agentFor(email: string) {
    const agent = new Agent(app, { 'X-Forwarded-For': '10.1.2.3' });
    expect((await agent.signIn(email)).status).toBe(303);
    return agent;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(db(), { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addInstansi(db(), { name: 'Kota Lain', slug: 'kota-lain', timeZone: 'WITA' }, 'Asia/Jakarta');
    unitA = await addUnit(db(), { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: [] });
    unitB = await addUnit(db(), { instansi: 'kab-uji', name: 'Dukcapil', slug: 'dukcapil', instruments: [] });
    const unitC = await addUnit(db(), { instansi: 'kota-lain', name: 'Dinas Lain', slug: 'dinas-lain', instruments: [] });
    layananA = await addLayanan(db(), { instansi: 'kab-uji', unit: 'dinkes', name: 'Imunisasi' });
    loketA = await addLoket(db(), { instansi: 'kab-uji', unit: 'dinkes', name: 'Loket Satu', layanan: 'Imunisasi' });
    loketA2 = await addLoket(db(), { instansi: 'kab-uji', unit: 'dinkes', name: 'Loket Dua' });
    loketB = await addLoket(db(), { instansi: 'kab-uji', unit: 'dukcapil', name: 'Loket KTP' });
    const version = await sql<{ id: string }>`select v.id from instrument_version v join instrument i on i.id = v.instrument_id where i.code = 'skm'`.execute(db());
    skm = version.rows[0]!.id;
    for (const [email, role, units] of [
      ['admin@uji.go.id', 'admin', []],
      ['unit-a@uji.go.id', 'unit_admin', ['dinkes']],
      ['viewer-a@uji.go.id', 'viewer', ['dinkes']],
      ['unit-b@uji.go.id', 'unit_admin', ['dukcapil']],
    ] as const) {
      await addUser(db(), { email, name: email.split('@')[0]!, role, instansi: 'kab-uji', units: [...units], password: 'correct horse battery staple' });
    }
    await addUser(db(), { email: 'admin@lain.go.id', name: 'Admin Lain', role: 'admin', instansi: 'kota-lain', password: 'correct horse battery staple' });

    await store('plain', response(unitA, { loketId: loketA.id, layananId: layananA.id, value: 4 }));
    await store('flagged', response(unitA, { loketId: loketA2.id, flags: ['too_fast', 'repeat_device'], channel: 'kiosk', trust: 'presence', value: 1, gender: 'P', age: 34, education: 'd4_s1' }));
    await store('burst', response(unitA, { flags: ['burst'], channel: 'paper', value: 3, saran: 'Antre 3 jam. Hubungi saya di 0812-3456-7890 <script>alert(1)</script>' }));
    await store('invited', response(unitA, { trust: 'invited', value: 2 }));
    await store('b', response(unitB, { loketId: loketB.id, value: 4, saran: 'Pelayanan KTP cepat' }));
    await store('c', response(unitC, { value: 4 }));
    await store('lastYear', { ...response(unitA), submittedAt: new Date('2024-08-03T01:00:00Z') });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists the period newest first, with flags explained, the profile, the answers in short and the saran masked and escaped', async () => {
    const admin = await agentFor('admin@uji.go.id');
    const { res, text } = await admin.page('/admin/responses?period=2025-Q3');
    expect(res.status).toBe(200);
    for (const name of ['plain', 'flagged', 'burst', 'invited', 'b']) expect(text).toContain(ids[name]);
    expect(text).not.toContain(ids.c); // another instansi
    expect(text).not.toContain(ids.lastYear); // another period
    // newest first
    expect(text.indexOf(ids.b!)).toBeLessThan(text.indexOf(ids.invited!));
    expect(text.indexOf(ids.invited!)).toBeLessThan(text.indexOf(ids.plain!));
    // times in the instansi's zone: 01:02 UTC is 08:02 WIB
    expect(text).toContain('2025-08-03 08:02 WIB');
    expect(text).toContain('perangkat yang sama mengirim lagi dalam 60 menit');
    expect(text).toContain('dijawab kurang dari 1,5 detik per pertanyaan');
    expect(text).toContain('sudah 20 respons atau lebih dari alamat yang sama dalam 10 menit sebelumnya');
    expect(text).toContain('Jenis kelamin: Perempuan; Usia: 34 tahun; Pendidikan: D4/S1');
    expect(text).toContain('9 jawaban, rata-rata 1,00');
    expect(text).toContain('Antre 3 jam. Hubungi saya di [nomor telepon] &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('0812-3456-7890');
    expect(text).not.toContain('<script>alert(1)');

    const en = await admin.page('/admin/responses?period=2025-Q3&lang=en');
    expect(en.text).toContain('same device again within 60 minutes');
    await admin.page('/admin/responses?lang=id');
  });

  it('filters by unit, loket, layanan, flag, channel, trust and exclusion', async () => {
    const admin = await agentFor('admin@uji.go.id');
    const shown = async (query: string) => {
      const { res, text } = await admin.page(`/admin/responses?period=2025-Q3&${query}`);
      expect(res.status).toBe(200);
      return Object.keys(ids).filter((name) => text.includes(ids[name]!)).sort();
    };
    expect(await shown('unit=dukcapil')).toEqual(['b']);
    expect(await shown(`loket=${loketA.id}`)).toEqual(['plain']);
    expect(await shown(`layanan=${layananA.id}`)).toEqual(['plain']);
    expect(await shown('flag=too_fast')).toEqual(['flagged']);
    expect(await shown('flag=burst')).toEqual(['burst']);
    expect(await shown('channel=kiosk')).toEqual(['flagged']);
    expect(await shown('channel=paper')).toEqual(['burst']);
    expect(await shown('trust=invited')).toEqual(['invited']);
    expect(await shown('trust=presence&unit=dinkes')).toEqual(['flagged']);
    expect(await shown('excluded=yes')).toEqual([]);
    expect(await shown('from=2024-08-01&to=2024-08-31')).toEqual(['lastYear']);
    expect(await shown('period=2025-Q3&from=&to=&flag=&channel=')).toEqual(['b', 'burst', 'flagged', 'invited', 'plain']);
  });

  it('refuses a bad filter with 400 naming the field', async () => {
    const admin = await agentFor('admin@uji.go.id');
    const cases: [string, string][] = [
      ['period=2026-Q5', 'period'],
      ['from=2026-02-30&to=2026-03-01', 'from/to'],
      ['from=2026-03-01', 'from/to'],
      ['from=2026-04-01&to=2026-03-01', 'from/to'],
      ['flag=sneaky', 'flag'],
      ['channel=fax', 'channel'],
      ['loket=nope', 'loket'],
      ['after=garbage', 'after'],
    ];
    for (const [query, name] of cases) {
      const { res, text } = await admin.page(`/admin/responses?${query}`);
      expect(res.status, query).toBe(400);
      expect(text, query).toContain(`${name}:`);
    }
  });

  it('defaults to the current triwulan in the instansi zone', async () => {
    const now = response(unitA, { value: 3 });
    const id = await store('now', { ...now, submittedAt: new Date() });
    const admin = await agentFor('admin@uji.go.id');
    const { text } = await admin.page('/admin/responses');
    expect(text).toContain(id);
    expect(text).not.toContain(ids.plain);
    delete ids.now;
  });

  it('pages 50 at a time by keyset, newest first, without repeats or gaps', async () => {
    const many = Array.from({ length: 120 }, () => response(unitB, { value: 3 }));
    // two share the same instant: the id breaks the tie
    many[60] = { ...many[60]!, submittedAt: many[59]!.submittedAt };
    await storeResponses(db(), many);
    const admin = await agentFor('admin@uji.go.id');
    const seen: string[] = [];
    let path: string | undefined = '/admin/responses?unit=dukcapil&period=2025-Q3';
    let pages = 0;
    while (path) {
      const { res, text } = await admin.page(path);
      expect(res.status).toBe(200);
      const onPage = [...text.matchAll(/href="\/admin\/responses\/([0-9a-f-]{36})"/g)].map((m) => m[1]!);
      expect(onPage.length).toBeLessThanOrEqual(50);
      seen.push(...onPage);
      pages += 1;
      path = /<a href="([^"]+)" rel="next">/.exec(text)?.[1]?.replaceAll('&amp;', '&');
    }
    expect(pages).toBe(3);
    expect(seen.length).toBe(121);
    expect(new Set(seen).size).toBe(121);
    const stored = await db()
      .selectFrom('response')
      .where('unit_id', '=', unitB.id)
      .where('local_date', '>=', Q3.from)
      .where('local_date', '<=', Q3.to)
      .select('id')
      .orderBy('submitted_at', 'desc')
      .orderBy('id', 'desc')
      .execute();
    expect(seen).toEqual(stored.map((r) => r.id));
  });

  it('shows one response in full, and 404 for an id outside the reach or unknown', async () => {
    const admin = await agentFor('admin@uji.go.id');
    const { res, text } = await admin.page(`/admin/responses/${ids.flagged}`);
    expect(res.status).toBe(200);
    expect(text).toContain('Loket Dua');
    expect(text).toContain('Hadir di loket');
    expect(text).toContain('Kios');
    expect(text).toContain('Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?');
    expect(text).toContain('Tidak sesuai');
    const burst = await admin.page(`/admin/responses/${ids.burst}`);
    expect(burst.text).toContain('[nomor telepon] &lt;script&gt;');
    expect(burst.text).not.toContain('0812-3456-7890');
    expect((await admin.page(`/admin/responses/${ids.c}`)).res.status).toBe(404);
    expect((await admin.page(`/admin/responses/${crypto.randomUUID()}`)).res.status).toBe(404);
    expect((await admin.page('/admin/responses/not-a-uuid')).res.status).toBe(404);
  });

  it('keeps a unit_admin of A inside A: no B responses listed, and 404 for B on every route', async () => {
    const unitAdmin = await agentFor('unit-a@uji.go.id');
    const list = await unitAdmin.page('/admin/responses?period=2025-Q3');
    expect(list.res.status).toBe(200);
    expect(list.text).toContain(ids.plain);
    expect(list.text).not.toContain(ids.b);
    expect(list.text).not.toContain('Dukcapil');
    expect((await unitAdmin.page('/admin/responses?unit=dukcapil')).res.status).toBe(404);
    expect((await unitAdmin.page(`/admin/responses?loket=${loketB.id}`)).res.status).toBe(404);
    expect((await unitAdmin.page(`/admin/responses/${ids.b}`)).res.status).toBe(404);
    const before = await respondents(unitB.id);
    expect((await unitAdmin.post(`/admin/responses/${ids.b}/exclude`, { reason: 'not mine' })).status).toBe(404);
    expect((await unitAdmin.post(`/admin/responses/${ids.b}/restore`, { reason: 'not mine' })).status).toBe(404);
    // one foreign id spoils the whole bulk: nothing changes, not even the unit's own
    const bulk = await unitAdmin.post('/admin/responses/bulk', { action: 'exclude', reason: 'duplicates', ids: [ids.plain!, ids.b!] });
    expect(bulk.status).toBe(404);
    expect((await state(ids.plain!)).excluded_at).toBeNull();
    expect((await state(ids.b!)).excluded_at).toBeNull();
    expect(await respondents(unitB.id)).toBe(before);
    expect(await auditsOf(ids.plain!)).toEqual([]);
    // another instansi's admin sees none of it
    const other = await agentFor('admin@lain.go.id');
    expect((await other.page(`/admin/responses/${ids.plain}`)).res.status).toBe(404);
    expect((await other.post('/admin/responses/bulk', { action: 'exclude', reason: 'x', ids: [ids.plain!] })).status).toBe(404);
  });

  it('lets a viewer read but answers 403 to every change (404 for a foreign id)', async () => {
    const viewer = await agentFor('viewer-a@uji.go.id');
    const list = await viewer.page('/admin/responses?period=2025-Q3');
    expect(list.res.status).toBe(200);
    expect(list.text).toContain(ids.plain);
    expect(list.text).not.toContain('name="ids"');
    const detail = await viewer.page(`/admin/responses/${ids.plain}`);
    expect(detail.res.status).toBe(200);
    expect(detail.text).not.toContain('/exclude"');
    expect((await viewer.post(`/admin/responses/${ids.plain}/exclude`, { reason: 'no' })).status).toBe(403);
    expect((await viewer.post(`/admin/responses/${ids.plain}/restore`, { reason: 'no' })).status).toBe(403);
    expect((await viewer.post('/admin/responses/bulk', { action: 'exclude', reason: 'no', ids: [ids.plain!] })).status).toBe(403);
    expect((await viewer.post('/admin/responses/bulk', { action: 'exclude', reason: 'no', ids: [ids.b!] })).status).toBe(404);
    expect((await state(ids.plain!)).excluded_at).toBeNull();
  });

  it('excludes with a reason: the tallies move once, the ScoreCard follows, and a restore brings it back exactly', async () => {
    const unitAdmin = await agentFor('unit-a@uji.go.id');
    const before = await ikm(unitA.id);
    const tallied = await respondents(unitA.id);
    const allBefore = await tallies();
    expect(before!.respondents).toBe(4);

    const noReason = await unitAdmin.post(`/admin/responses/${ids.flagged}/exclude`, { reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(await noReason.text()).toContain('reason:');
    expect((await state(ids.flagged!)).excluded_at).toBeNull();

    const excluded = await unitAdmin.post(`/admin/responses/${ids.flagged}/exclude`, { reason: 'dijawab terlalu cepat' });
    expect(excluded.status).toBe(303);
    expect(excluded.headers.get('location')).toBe(`/admin/responses/${ids.flagged}?done=excluded`);
    const row = await state(ids.flagged!);
    expect(row.excluded_reason).toBe('dijawab terlalu cepat');
    expect(row.excluded_at).not.toBeNull();
    expect(await respondents(unitA.id)).toBe(tallied - 1);
    const after = await ikm(unitA.id);
    expect(after!.respondents).toBe(3);
    expect(after!.index).not.toBe(before!.index);
    // the excluded one answered 1 everywhere; the others 4, 3 and 2
    expect(after!.index).toBeCloseTo(3, 10);
    await answerTalliesMatchResponses();

    // excluding again changes nothing
    expect((await unitAdmin.post(`/admin/responses/${ids.flagged}/exclude`, { reason: 'again' })).status).toBe(303);
    expect(await respondents(unitA.id)).toBe(tallied - 1);
    expect((await state(ids.flagged!)).excluded_reason).toBe('dijawab terlalu cepat');

    const page = await unitAdmin.page(`/admin/responses/${ids.flagged}`);
    expect(page.text).toContain('Alasan: dijawab terlalu cepat');
    expect(page.text).toContain('unit-a');
    const list = await unitAdmin.page('/admin/responses?period=2025-Q3&excluded=yes');
    expect(list.text).toContain(ids.flagged);
    expect(list.text).not.toContain(ids.plain);

    expect((await unitAdmin.post(`/admin/responses/${ids.flagged}/restore`, { reason: 'ternyata sah' })).status).toBe(303);
    expect((await unitAdmin.post(`/admin/responses/${ids.flagged}/restore`, { reason: 'sekali lagi' })).status).toBe(303);
    expect(await respondents(unitA.id)).toBe(tallied);
    expect(await ikm(unitA.id)).toEqual(before);
    // every tally, the respondent profile counts too, exactly as before
    expect(await tallies()).toEqual(allBefore);
    const restored = await state(ids.flagged!);
    expect([restored.excluded_at, restored.excluded_by, restored.excluded_reason]).toEqual([null, null, null]);

    const audits = await auditsOf(ids.flagged!);
    expect(audits.map((a) => a.action)).toEqual(['response.exclude', 'response.restore']);
    expect(audits[0]!.detail).toEqual({ reason: 'dijawab terlalu cepat' });
    expect(audits[1]!.detail).toEqual({ reason: 'ternyata sah', excludedReason: 'dijawab terlalu cepat' });
    expect(audits[0]!.address).toBe('10.1.2.3');
    expect(audits[0]!.user_id).not.toBeNull();
  });

  it('excludes and restores in bulk, counting what was already so', async () => {
    const admin = await agentFor('admin@uji.go.id');
    const before = await ikm(unitA.id);
    const tallied = await respondents(unitA.id);
    expect((await admin.post('/admin/responses/bulk', { action: 'exclude', reason: '', ids: [ids.plain!] })).status).toBe(400);
    expect((await admin.post('/admin/responses/bulk', { action: 'delete', reason: 'x', ids: [ids.plain!] })).status).toBe(400);
    const none = await admin.post('/admin/responses/bulk', { action: 'exclude', reason: 'x' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('ids:');

    await admin.post(`/admin/responses/${ids.invited}/exclude`, { reason: 'uji' });
    const bulk = await admin.post('/admin/responses/bulk', { action: 'exclude', reason: 'sesi pelatihan', ids: [ids.plain!, ids.burst!, ids.invited!], back: '/admin/responses?unit=dinkes&period=2025-Q3' });
    expect(bulk.status).toBe(303);
    expect(bulk.headers.get('location')).toBe('/admin/responses?unit=dinkes&period=2025-Q3&done=bulk&changed=2&unchanged=1');
    expect(await respondents(unitA.id)).toBe(tallied - 3);
    expect((await admin.page(bulk.headers.get('location')!)).text).toContain('2 respons diubah; 1 sudah dalam keadaan itu.');
    expect((await ikm(unitA.id))!.respondents).toBe(before!.respondents - 3);
    await answerTalliesMatchResponses();

    const offsite = await admin.post('/admin/responses/bulk', { action: 'restore', reason: 'pelatihan bukan', 'ids[]': [ids.plain!, ids.burst!, ids.invited!], back: 'https://evil.test/admin/responses' });
    expect(offsite.headers.get('location')).toBe('/admin/responses?done=bulk&changed=3&unchanged=0');
    expect(await respondents(unitA.id)).toBe(tallied);
    expect(await ikm(unitA.id)).toEqual(before);
    expect((await auditsOf(ids.burst!)).map((a) => a.action)).toEqual(['response.exclude', 'response.restore']);
  });

  it('folds what is pending first, so an exclusion moves the tallies once and a restore sticks against the unit policy', async () => {
    await db().updateTable('unit').set({ flag_policy: 'exclude' }).where('id', '=', unitA.id).execute();
    const write = submissionWriter(db());
    const pending = response(unitA, { value: 1 });
    // stored excluded by a unit policy (a flag it showed by itself), not yet folded
    const byPolicy = { ...response(unitA, { value: 1 }), flags: ['straight_line'], excludedReason: 'unit policy: straight_line' };
    expect(await write(pending, 'Asia/Jakarta')).toBe(true);
    expect(await write(byPolicy, 'Asia/Jakarta')).toBe(true);
    const tallied = await respondents(unitA.id);
    const admin = await agentFor('admin@uji.go.id');
    expect((await admin.post(`/admin/responses/${pending.id}/exclude`, { reason: 'uji coba' })).status).toBe(303);
    // folded (counted), then taken out again: the tallies are where they were
    expect((await state(pending.id)).tallied_at).not.toBeNull();
    expect(await respondents(unitA.id)).toBe(tallied);
    expect((await admin.post(`/admin/responses/${byPolicy.id}/restore`, { reason: 'jawaban sah' })).status).toBe(303);
    expect(await respondents(unitA.id)).toBe(tallied + 1);
    await foldPending(db());
    expect((await state(byPolicy.id)).excluded_at).toBeNull();
    expect(await respondents(unitA.id)).toBe(tallied + 1);
    expect((await admin.post(`/admin/responses/${pending.id}/restore`, { reason: 'sah juga' })).status).toBe(303);
    expect(await respondents(unitA.id)).toBe(tallied + 2);
    expect((await admin.post(`/admin/responses/${pending.id}/exclude`, { reason: 'tetap uji coba' })).status).toBe(303);
    expect((await admin.post(`/admin/responses/${byPolicy.id}/exclude`, { reason: 'tetap uji coba' })).status).toBe(303);
    expect(await respondents(unitA.id)).toBe(tallied);
    await db().updateTable('unit').set({ flag_policy: 'count' }).where('id', '=', unitA.id).execute();
  });
});
