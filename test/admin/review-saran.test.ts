// The saran: masked in the list and in detail, unmasked only for an admin who asks (audited),
// categorized and marked as followed up by admins and unit admins, read-only for viewers, and
// never another unit's.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { type NewResponse, storeResponses } from '../../src/survey/store.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const PERSONAL = 'Nama saya Budi Santoso, NIK 3201123456789012, WA 0812-3456-7890, email budi@mail.com. Antre 3 jam, bayar Rp 50.000.';
const MASKED = 'Nama saya [nama], NIK [NIK], WA [nomor telepon], email [e-mail]. Antre 3 jam, bayar Rp 50.000.';
const SCRIPT = '<script>alert("saran")</script> & <b>tebal</b>';

describe.each(DATABASE_KINDS)('saran (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let skm: string;
  const ids: Record<string, string> = {};
  const db = () => database.db;

  let minute = 0;
  function response(unitId: string, saran: string | null, extra: Partial<NewResponse> = {}): NewResponse {
    minute += 1;
    return {
      id: crypto.randomUUID(),
      unitId,
      loketId: null,
      layananId: null,
      channel: 'qr',
      submittedAt: new Date(Date.UTC(2025, 7, 4, 2, minute)),
      saran,
      answers: [{ versionId: skm, itemCode: 'U1', value: 3 }],
      ...extra,
    };
  }
  const row = (id: string) => db().selectFrom('response').where('id', '=', id).select(['saran', 'saran_category', 'saran_followed_up_at']).executeTakeFirstOrThrow();
  const audits = (action: string) => db().selectFrom('audit_log').where('action', '=', action).select(['user_id', 'target_id', 'detail', 'address']).orderBy('id').execute();
  async function agentFor(email: string) {
    const agent = new Agent(app, { 'X-Forwarded-For': '10.4.5.6' });
    expect((await agent.signIn(email)).status).toBe(303);
    return agent;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(db(), { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIT' }, 'Asia/Jakarta');
    const a = await addUnit(db(), { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: [] });
    const b = await addUnit(db(), { instansi: 'kab-uji', name: 'Dukcapil', slug: 'dukcapil', instruments: [] });
    const loket = await addLoket(db(), { instansi: 'kab-uji', unit: 'dinkes', name: 'Loket Vaksin' });
    skm = (await sql<{ id: string }>`select v.id from instrument_version v join instrument i on i.id = v.instrument_id where i.code = 'skm'`.execute(db())).rows[0]!.id;
    for (const [email, role, units] of [
      ['admin@uji.go.id', 'admin', []],
      ['unit-a@uji.go.id', 'unit_admin', ['dinkes']],
      ['viewer-a@uji.go.id', 'viewer', ['dinkes']],
    ] as const) {
      await addUser(db(), { email, name: email.split('@')[0]!, role, instansi: 'kab-uji', units: [...units], password: 'correct horse battery staple' });
    }
    const stored = {
      personal: response(a.id, PERSONAL, { loketId: loket.id }),
      script: response(a.id, SCRIPT),
      praise: response(a.id, 'Petugas ramah sekali, terima kasih'),
      none: response(a.id, null),
      b: response(b.id, 'Saran dari unit B: NIK 3201123456789099'),
      old: { ...response(a.id, 'Saran tahun lalu'), submittedAt: new Date('2024-08-04T02:00:00Z') },
    };
    await storeResponses(db(), Object.values(stored));
    for (const [name, r] of Object.entries(stored)) ids[name] = r.id;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists the period’s saran masked and escaped, only the units in reach', async () => {
    const admin = await agentFor('admin@uji.go.id');
    const { res, text } = await admin.page('/admin/saran?period=2025-Q3');
    expect(res.status).toBe(200);
    expect(text).toContain(MASKED);
    for (const secret of ['Budi Santoso', '3201123456789012', '0812-3456-7890', 'budi@mail.com', '3201123456789099']) expect(text).not.toContain(secret);
    expect(text).toContain('&lt;script&gt;alert(&quot;saran&quot;)&lt;/script&gt; &amp; &lt;b&gt;tebal&lt;/b&gt;');
    expect(text).not.toContain('<script>alert');
    expect(text).toContain('Petugas ramah sekali');
    expect(text).toContain('Saran dari unit B: NIK [NIK]');
    expect(text).not.toContain('Saran tahun lalu');
    expect(text).not.toContain(ids.none);
    // times in the instansi's zone (WIT, UTC+9)
    expect(text).toContain('2025-08-04 11:01 WIT');

    const unitAdmin = await agentFor('unit-a@uji.go.id');
    const own = await unitAdmin.page('/admin/saran?period=2025-Q3');
    expect(own.text).toContain(MASKED);
    expect(own.text).not.toContain('Saran dari unit B');
    expect((await unitAdmin.page('/admin/saran?unit=dukcapil')).res.status).toBe(404);
  });

  it('shows one saran masked; an admin may see it unmasked, and that is audited', async () => {
    const unitAdmin = await agentFor('unit-a@uji.go.id');
    const masked = await unitAdmin.page(`/admin/saran/${ids.personal}`);
    expect(masked.res.status).toBe(200);
    expect(masked.text).toContain(MASKED);
    expect(masked.text).toContain('Loket Vaksin');
    expect(masked.text).not.toContain('reveal=1');
    expect((await unitAdmin.page(`/admin/saran/${ids.personal}?reveal=1`)).res.status).toBe(403);
    const viewer = await agentFor('viewer-a@uji.go.id');
    expect((await viewer.page(`/admin/saran/${ids.personal}?reveal=1`)).res.status).toBe(403);
    expect(await audits('saran.reveal')).toEqual([]);
    // the response page masks it too
    const responsePage = await unitAdmin.page(`/admin/responses/${ids.personal}`);
    expect(responsePage.text).toContain(MASKED);
    expect(responsePage.text).not.toContain('3201123456789012');

    const admin = await agentFor('admin@uji.go.id');
    const detail = await admin.page(`/admin/saran/${ids.personal}`);
    expect(detail.text).toContain(MASKED);
    expect(detail.text).toContain(`/admin/saran/${ids.personal}?reveal=1`);
    const revealed = await admin.page(`/admin/saran/${ids.personal}?reveal=1`);
    expect(revealed.res.status).toBe(200);
    expect(revealed.text).toContain(PERSONAL);
    const logged = await audits('saran.reveal');
    expect(logged).toHaveLength(1);
    expect(logged[0]!.target_id).toBe(ids.personal);
    expect(logged[0]!.address).toBe('10.4.5.6');
    // unmasked, still escaped
    const script = await admin.page(`/admin/saran/${ids.script}?reveal=1`);
    expect(script.text).toContain('&lt;script&gt;alert(&quot;saran&quot;)&lt;/script&gt;');
    expect(script.text).not.toContain('<script>alert');
  });

  it('answers 404 for a saran outside the reach, unknown, or a response without one', async () => {
    const unitAdmin = await agentFor('unit-a@uji.go.id');
    expect((await unitAdmin.page(`/admin/saran/${ids.b}`)).res.status).toBe(404);
    expect((await unitAdmin.page(`/admin/saran/${ids.b}?reveal=1`)).res.status).toBe(404);
    expect((await unitAdmin.post(`/admin/saran/${ids.b}`, { category: 'keluhan', followed_up: 'yes' })).status).toBe(404);
    expect((await unitAdmin.page(`/admin/saran/${crypto.randomUUID()}`)).res.status).toBe(404);
    expect((await unitAdmin.page(`/admin/saran/${ids.none}`)).res.status).toBe(404);
    expect((await row(ids.b!)).saran_category).toBeNull();
  });

  it('categorizes and marks as followed up, audited; the filters find them', async () => {
    const unitAdmin = await agentFor('unit-a@uji.go.id');
    const back = '/admin/saran?period=2025-Q3&category=';
    const saved = await unitAdmin.post(`/admin/saran/${ids.personal}`, { category: 'keluhan', followed_up: 'no', back });
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/saran?period=2025-Q3&category=&done=saved');
    expect((await row(ids.personal!)).saran_category).toBe('keluhan');
    expect((await row(ids.personal!)).saran_followed_up_at).toBeNull();

    expect((await unitAdmin.post(`/admin/saran/${ids.praise}`, { category: 'apresiasi', followed_up: 'yes' })).status).toBe(303);
    const first = (await row(ids.praise!)).saran_followed_up_at;
    expect(first).not.toBeNull();
    // marking it again keeps the first moment; changing only the category leaves the mark
    expect((await unitAdmin.post(`/admin/saran/${ids.praise}`, { followed_up: 'yes' })).status).toBe(303);
    expect((await unitAdmin.post(`/admin/saran/${ids.praise}`, { category: 'saran' })).status).toBe(303);
    expect(await row(ids.praise!)).toMatchObject({ saran_category: 'saran', saran_followed_up_at: first });

    const shown = async (query: string) => {
      const { res, text } = await unitAdmin.page(`/admin/saran?period=2025-Q3&${query}`);
      expect(res.status).toBe(200);
      return ['personal', 'script', 'praise'].filter((name) => text.includes(`/admin/saran/${ids[name]}"`));
    };
    expect(await shown('category=keluhan')).toEqual(['personal']);
    expect(await shown('category=saran')).toEqual(['praise']);
    expect(await shown('category=none')).toEqual(['script']);
    expect(await shown('followed=yes')).toEqual(['praise']);
    expect(await shown('followed=no')).toEqual(['personal', 'script']);
    expect((await unitAdmin.page('/admin/saran?category=pujian')).res.status).toBe(400);

    const page = await unitAdmin.page(`/admin/saran/${ids.praise}`);
    expect(page.text).toContain('Ditindaklanjuti');

    const logged = await audits('saran.update');
    expect(logged.map((a) => [a.target_id, a.detail])).toEqual([
      [ids.personal, { category: 'keluhan', followedUp: false }],
      [ids.praise, { category: 'apresiasi', followedUp: true }],
      [ids.praise, { followedUp: true }],
      [ids.praise, { category: 'saran' }],
    ]);

    // clearing the category and the mark
    expect((await unitAdmin.post(`/admin/saran/${ids.praise}`, { category: '', followed_up: 'no' })).status).toBe(303);
    expect(await row(ids.praise!)).toMatchObject({ saran_category: null, saran_followed_up_at: null });
  });

  it('refuses bad values with 400 naming the field, and a viewer with 403', async () => {
    const unitAdmin = await agentFor('unit-a@uji.go.id');
    const badCategory = await unitAdmin.post(`/admin/saran/${ids.script}`, { category: 'pujian' });
    expect(badCategory.status).toBe(400);
    expect(await badCategory.text()).toContain('category:');
    const badFollowed = await unitAdmin.post(`/admin/saran/${ids.script}`, { followed_up: 'maybe' });
    expect(badFollowed.status).toBe(400);
    expect(await badFollowed.text()).toContain('followed_up:');
    expect((await unitAdmin.post(`/admin/saran/${ids.script}`, {})).status).toBe(400);

    const viewer = await agentFor('viewer-a@uji.go.id');
    const list = await viewer.page('/admin/saran?period=2025-Q3');
    expect(list.res.status).toBe(200);
    expect(list.text).toContain(MASKED);
    expect(list.text).not.toContain('method="post" action="/admin/saran/');
    expect((await viewer.post(`/admin/saran/${ids.script}`, { category: 'keluhan' })).status).toBe(403);
    expect((await row(ids.script!)).saran_category).toBeNull();
  });
});
