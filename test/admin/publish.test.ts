// The publication workspace: publishing a period makes revision 1; new answers show as drift on
// the publish page and the dashboard; republishing makes revision 2 with its changes; refusals
// (unchanged, nothing to publish, bad period, not published) come back on the page; unpublishing
// is audited; who may publish what; the snippets for the unit's website; the embed origins of the
// instansi profile; and the public views are refreshed after every change the public sees.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { adminRoutes } from '../../src/admin/routes.tsx';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import { formatNumber } from '../../src/i18n/format.ts';
import { localDate, periodBefore, periodOf } from '../../src/results/period.ts';
import { currentPublication, liveSnapshot, listPublications } from '../../src/results/publication.ts';
import { publicViews, type PublicViews } from '../../src/publish/view.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

/** The text of a textarea as the browser shows it (and the user copies it). */
function textareaOf(html: string, id: string): string | undefined {
  const match = new RegExp(`<textarea[^>]*\\bid="${id}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html);
  return match?.[1]!.replace(/&(lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity]!);
}

describe.each(DATABASE_KINDS)('the publication workspace (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let views: PublicViews;
  let invalidate: ReturnType<typeof vi.spyOn>;
  let P: string;
  const agents = new Map<string, Agent>();
  let app: Hono<AppEnv>;

  /** one signed-in agent per user: each sign-in costs a password hash */
  async function agentOf(email: string): Promise<Agent> {
    let agent = agents.get(email);
    if (!agent) {
      agent = new Agent(app);
      expect((await agent.signIn(email)).status).toBe(303);
      agents.set(email, agent);
    }
    return agent;
  }
  const scope = (unit: 'dinkes' | 'disduk' | null) => ({ instansiId: world.instansi.id, unitId: unit ? world[unit].id : null });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db, { publishNow: false });
    P = world.period.code;
    const { config } = testApp(database);
    views = publicViews(database.db);
    invalidate = vi.spyOn(views, 'invalidate');
    app = new Hono<AppEnv>().onError(errorHandler(() => {})).route('/', adminRoutes({ db: database.db, config, publicViews: views }));
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists the reachable units and, for the admin, the instansi as a whole; the navigation leads there', async () => {
    const admin = await agentOf('admin@uji.go.id');
    const { res, text } = await admin.page('/admin/publish');
    expect(res.status).toBe(200);
    expect(text).toContain('href="/admin/publish"');
    expect(text).toContain('Seluruh instansi (Kabupaten Uji)');
    expect(text).toContain('href="/admin/publish/_instansi"');
    expect(text).toContain('href="/admin/publish/dinkes"');
    expect(text).toContain('href="/admin/publish/disduk"');
    expect(text).toContain('Belum dipublikasikan');
    const unitAdmin = await agentOf('a@uji.go.id');
    const own = await unitAdmin.page('/admin/publish');
    expect(own.text).toContain('Dinas Kesehatan');
    expect(own.text).not.toContain('Dinas Kependudukan');
    expect(own.text).not.toContain('_instansi');
  });

  it('publishes a period as revision 1, refreshes the public view, and shows it', async () => {
    const admin = await agentOf('admin@uji.go.id');
    expect((await views.get('kab-uji'))!.units.find((u) => u.unit!.slug === 'dinkes')!.current).toBeUndefined();
    const before = await admin.page(`/admin/publish/dinkes?period=${P}`);
    expect(before.text).toContain('Periode ini belum dipublikasikan.');
    expect(before.text).toContain('action="/admin/publish/dinkes"');
    expect(before.text).toContain('Kode pasang tersedia setelah unit ini dipublikasikan.');
    const calls = invalidate.mock.calls.length;
    const res = await admin.post('/admin/publish/dinkes', { period: P });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/publish/dinkes?period=${P}&done=published`);
    expect(invalidate.mock.calls.length).toBe(calls + 1);
    // the cached view was loaded before: without the invalidation it would still say "not published"
    expect((await views.get('kab-uji'))!.units.find((u) => u.unit!.slug === 'dinkes')!.current!.revision).toBe(1);
    expect((await currentPublication(database.db, scope('dinkes'), P))!.revision).toBe(1);
    const after = await admin.page(res.headers.get('location')!);
    expect(after.text).toMatch(/Revisi 1 [^<]+ dipublikasikan\./);
    expect(after.text).toContain('Dipublikasikan sebagai revisi 1 pada');
    expect(after.text).toContain('Angka langsung sama dengan publikasi.');
    expect(after.text).toContain('Publikasi pertama');
    expect(after.text).toContain('oleh Admin Uji');
    expect((await admin.page('/admin/publish')).text).toMatch(/\(\d{4}-Q\d\), revisi 1, /);
  });

  it('shows the drift after new answers, on the publish page and the dashboard; republishing makes revision 2 with its changes', async () => {
    const admin = await agentOf('admin@uji.go.id');
    await world.answer('dinkes', 10, 1);
    const live = await liveSnapshot(database.db, scope('dinkes'), world.period);
    const konversi = formatNumber(live.instruments[0]!.card.konversi, 2, 'id');
    const page = await admin.page(`/admin/publish/dinkes?period=${P}`);
    expect(page.text).toContain('Angka langsung berbeda dari publikasi:');
    expect(page.text).toContain(`IKM konversi 78,89 → ${konversi}`);
    expect(page.text).toContain('IKM responden 10 → 20');
    expect(page.text).toContain('angka langsung berbeda');
    expect(page.text).toContain('Terbitkan revisi 2');

    const dashboard = await admin.page(`/admin/dashboard/dinkes?period=${P}`);
    expect(dashboard.res.status).toBe(200);
    expect(dashboard.text).toContain('Dipublikasikan sebagai revisi 1 pada');
    expect(dashboard.text).toContain(`Angka langsung berbeda dari publikasi: IKM responden 10 → 20`);
    expect(dashboard.text).toContain(`href="/admin/publish/dinkes?period=${P}"`);
    // the dashboard of another period says nothing about this publication
    expect((await admin.page(`/admin/dashboard/dinkes?period=${periodBefore(world.period).code}`)).text).not.toContain('Dipublikasikan sebagai revisi');

    const res = await admin.post('/admin/publish/dinkes', { period: P });
    expect(res.status).toBe(303);
    const second = (await currentPublication(database.db, scope('dinkes'), P))!;
    expect(second.revision).toBe(2);
    const after = await admin.page(res.headers.get('location')!);
    expect(after.text).toContain('Dipublikasikan sebagai revisi 2 pada');
    expect(after.text).toContain(`IKM konversi 78,89 → ${konversi}`);
    expect(after.text).toContain('Angka langsung sama dengan publikasi.');
    const settled = await admin.page(`/admin/dashboard/dinkes?period=${P}`);
    expect(settled.text).toContain('Dipublikasikan sebagai revisi 2 pada');
    expect(settled.text).not.toContain('Angka langsung berbeda');
  });

  it('answers an unchanged republication (409), a period without responses (422) and a bad period (400) on the page', async () => {
    const admin = await agentOf('admin@uji.go.id');
    const calls = invalidate.mock.calls.length;
    const unchanged = await admin.post('/admin/publish/dinkes', { period: P });
    expect(unchanged.status).toBe(409);
    expect(await unchanged.text()).toMatch(/Revisi 2 [^<]+ sudah menampilkan angka ini/);
    const empty = periodBefore(world.period).code;
    const nothing = await admin.post('/admin/publish/dinkes', { period: empty });
    expect(nothing.status).toBe(422);
    expect(await nothing.text()).toContain('Belum ada respons pada');
    const bad = await admin.post('/admin/publish/dinkes', { period: 'kemarin' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('period: tulis triwulan');
    expect((await admin.request('/admin/publish/dinkes?period=2026-Q9')).status).toBe(400);
    expect(invalidate.mock.calls.length).toBe(calls);
    expect((await listPublications(database.db, scope('dinkes'))).length).toBe(2);
  });

  it('says when a period is not over yet, and still lets it be published', async () => {
    const admin = await agentOf('admin@uji.go.id');
    const current = periodOf(localDate(new Date(), 'Asia/Jakarta'), 'triwulan').code;
    const page = await admin.page(`/admin/publish/dinkes?period=${current}`);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('periode belum berakhir');
    expect(page.text).toContain('Periode belum berakhir: Anda boleh mempublikasikan sekarang');
  });

  it('unpublishes a period, audited; it is no longer current and answers 404 the second time', async () => {
    await world.publish('disduk');
    const admin = await agentOf('admin@uji.go.id');
    const calls = invalidate.mock.calls.length;
    const res = await admin.post('/admin/publish/disduk/unpublish', { period: P }, { from: `/admin/publish/disduk?period=${P}` });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/admin/publish/disduk?period=${P}&done=unpublished`);
    expect(invalidate.mock.calls.length).toBe(calls + 1);
    expect(await currentPublication(database.db, scope('disduk'), P)).toBeUndefined();
    const entry = await database.db.selectFrom('audit_log').where('action', '=', 'publication.unpublish').selectAll().executeTakeFirstOrThrow();
    expect(entry.target_id).toBe(world.disduk.id);
    expect(entry.detail).toMatchObject({ period: P, revisions: [1] });
    const page = await admin.page(res.headers.get('location')!);
    expect(page.text).toMatch(/Publikasi [^<]+ ditarik\./);
    expect(page.text).toContain('Publikasi periode ini ditarik pada');
    expect(page.text).toContain('Publikasikan lagi sebagai revisi 2');
    const again = await admin.post('/admin/publish/disduk/unpublish', { period: P });
    expect(again.status).toBe(404);
    expect(await again.text()).toContain('tidak sedang dipublikasikan');
  });

  it('publishes the instansi as a whole for its admin; a unit admin does not find it, a viewer only reads it', async () => {
    const admin = await agentOf('admin@uji.go.id');
    const page = await admin.page(`/admin/publish/_instansi?period=${P}`);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('Publikasi · Seluruh instansi (Kabupaten Uji)');
    expect(page.text).toContain('https://survei.test/p/kab-uji');
    expect((await admin.post('/admin/publish/_instansi', { period: P })).status).toBe(303);
    expect((await currentPublication(database.db, scope(null), P))!.snapshot.respondents).toBe(30);

    const unitAdmin = await agentOf('a@uji.go.id');
    expect((await unitAdmin.request('/admin/publish/_instansi')).status).toBe(404);
    expect((await unitAdmin.post('/admin/publish/_instansi/unpublish', { period: P }, { from: '/admin/publish' })).status).toBe(404);
    const viewer = await agentOf('pimpinan@uji.go.id');
    const read = await viewer.page(`/admin/publish/_instansi?period=${P}`);
    expect(read.res.status).toBe(200);
    expect(read.text).not.toContain('action="/admin/publish/_instansi');
    expect((await viewer.post('/admin/publish/_instansi/unpublish', { period: P }, { from: '/admin/publish' })).status).toBe(403);
    expect(await currentPublication(database.db, scope(null), P)).toBeDefined();
  });

  it('lets no viewer publish, no unit admin reach another unit, and no form through without its CSRF token', async () => {
    const viewer = await agentOf('pimpinan@uji.go.id');
    const read = await viewer.page(`/admin/publish/dinkes?period=${P}`);
    expect(read.res.status).toBe(200);
    expect(read.text).toContain('Akun ini hanya dapat membaca');
    expect((await viewer.post('/admin/publish/dinkes', { period: P })).status).toBe(403);
    expect((await viewer.post('/admin/publish/dinkes/unpublish', { period: P })).status).toBe(403);

    const unitAdmin = await agentOf('a@uji.go.id');
    expect((await unitAdmin.request('/admin/publish/disduk')).status).toBe(404);
    expect((await unitAdmin.post('/admin/publish/disduk', { period: P }, { from: '/admin/publish' })).status).toBe(404);
    expect((await listPublications(database.db, scope('disduk'))).length).toBe(1);

    const admin = await agentOf('admin@uji.go.id');
    expect((await admin.post('/admin/publish/dinkes/unpublish', { period: P }, { csrf: false })).status).toBe(403);
    expect(await currentPublication(database.db, scope('dinkes'), P)).toBeDefined();
  });

  it('gives the snippets for the unit\'s website from PUBLIC_BASE_URL, with the unit\'s indices and lokets', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const { text } = await unitAdmin.page('/admin/publish/dinkes');
    expect(text).toMatch(/<textarea[^>]*readonly[^>]*id="snippet-widget"|<textarea[^>]*id="snippet-widget"[^>]*readonly/);
    const widget = textareaOf(text, 'snippet-widget')!;
    expect(widget).toContain('<div data-survei-unit="kab-uji/dinkes" data-theme="light" data-lang="id" data-view="full"></div>');
    expect(widget).toContain('<script src="https://survei.test/widget.js" async></script>');
    const iframe = textareaOf(text, 'snippet-iframe')!;
    expect(iframe).toContain('src="https://survei.test/embed/kab-uji/dinkes?theme=light&amp;lang=id&amp;view=full"');
    expect(iframe).toContain('loading="lazy"');
    expect(iframe).toContain('title="Hasil survei Dinas Kesehatan"');
    expect(iframe).toContain('width="100%"');
    const badges = textareaOf(text, 'snippet-badge')!;
    for (const index of ['ikm', 'ipak', 'ipkp']) {
      expect(badges).toContain(`<a href="https://survei.test/p/kab-uji/dinkes"><img src="https://survei.test/badge/kab-uji/dinkes/${index}.svg"`);
    }
    expect(text).toContain(`https://survei.test/p/kab-uji/dinkes/${P}/card.png`);
    expect(text).toContain(`https://survei.test/p/kab-uji/dinkes/${P}/square.png`);
    expect(text).toContain(`href="/admin/publish/dinkes/poster.pdf?loket=${world.dinkes.loketCode}"`);
    expect(text).not.toContain('localhost');

    // disduk runs the SKM only: one badge (it was unpublished above, so publish it again first)
    const admin = await agentOf('admin@uji.go.id');
    expect((await admin.post('/admin/publish/disduk', { period: P })).status).toBe(303);
    const disduk = textareaOf((await admin.page('/admin/publish/disduk?lang=en')).text, 'snippet-badge')!;
    expect(disduk).toContain('/badge/kab-uji/disduk/ikm.svg');
    expect(disduk).not.toContain('ipak.svg');
    await admin.page('/admin/publish?lang=id');
  });

  it('saves the embed origins of the instansi, audited, and refuses a line that is not an origin, naming it', async () => {
    const admin = await agentOf('admin@uji.go.id');
    const profile = { name: 'Kabupaten Uji', timeZone: 'WIB', hours: 'none' };
    const origins = () => database.db.selectFrom('instansi').where('id', '=', world.instansi.id).select('embed_origins').executeTakeFirstOrThrow();
    const calls = invalidate.mock.calls.length;
    const saved = await admin.post('/admin/instansi', { ...profile, embedOrigins: 'https://dinkes.kab-uji.go.id\r\n\r\nhttp://localhost:8080/\nhttps://Web.Example.org:8443\nhttps://dinkes.kab-uji.go.id' }, { from: '/admin/instansi' });
    expect(saved.status).toBe(303);
    expect((await origins()).embed_origins).toEqual(['https://dinkes.kab-uji.go.id', 'http://localhost:8080', 'https://web.example.org:8443']);
    expect(invalidate.mock.calls.length).toBe(calls + 1);
    const entry = await database.db.selectFrom('audit_log').where('action', '=', 'instansi.update').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(entry.detail).toEqual({ changes: { embedOrigins: { from: [], to: ['https://dinkes.kab-uji.go.id', 'http://localhost:8080', 'https://web.example.org:8443'] } } });
    const page = await admin.page('/admin/instansi');
    expect(page.text).toContain('https://dinkes.kab-uji.go.id\nhttp://localhost:8080\nhttps://web.example.org:8443</textarea>');

    for (const [lines, line, value] of [
      ['https://ok.go.id\nhttps://dinkes.go.id/hasil', 2, 'https://dinkes.go.id/hasil'],
      ['http://dinkes.go.id', 1, 'http://dinkes.go.id'],
      ['\n\ndinkes.go.id', 3, 'dinkes.go.id'],
      ['https://ok.go.id\nhttps://a.go.id?x=1', 2, 'https://a.go.id?x=1'],
      ['https://user@a.go.id', 1, 'https://user@a.go.id'],
    ] as const) {
      const refused = await admin.post('/admin/instansi', { ...profile, embedOrigins: lines }, { from: '/admin/instansi' });
      expect(refused.status).toBe(400);
      const text = await refused.text();
      expect(text).toContain(`Asal embed, baris ${line}: &quot;${value}&quot; bukan origin.`);
      expect(text).toContain('aria-invalid="true"');
    }
    const many = Array.from({ length: 51 }, (_, i) => `https://situs-${i}.go.id`).join('\n');
    const tooMany = await admin.post('/admin/instansi', { ...profile, embedOrigins: many }, { from: '/admin/instansi' });
    expect(tooMany.status).toBe(400);
    expect(await tooMany.text()).toContain('Asal embed: paling banyak 50 origin.');
    expect((await origins()).embed_origins).toHaveLength(3);
    // a form without the field (an older page) leaves the origins alone
    expect((await admin.post('/admin/instansi', { ...profile, name: 'Kabupaten Uji Raya' }, { from: '/admin/instansi' })).status).toBe(303);
    expect((await origins()).embed_origins).toHaveLength(3);
    expect((await admin.post('/admin/instansi', { ...profile, name: 'Kabupaten Uji Raya', embedOrigins: '' }, { from: '/admin/instansi' })).status).toBe(303);
    expect((await origins()).embed_origins).toEqual([]);
  });

  it('refreshes the public view after a follow-up action is recorded or changed', async () => {
    const unitAdmin = await agentOf('a@uji.go.id');
    const calls = invalidate.mock.calls.length;
    const created = await unitAdmin.post(`/admin/follow-up/dinkes`, { period: P, unsur_code: 'U8', action: 'Menambah petugas loket', status: 'planned', published: '1' }, { from: `/admin/follow-up/dinkes?period=${P}` });
    expect(created.status).toBe(303);
    expect(invalidate.mock.calls.length).toBe(calls + 1);
    const action = await database.db.selectFrom('follow_up').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow();
    const changed = await unitAdmin.post(`/admin/follow-up/dinkes/${action.id}`, { status: 'in_progress' }, { from: `/admin/follow-up/dinkes/${action.id}` });
    expect(changed.status).toBe(303);
    expect(invalidate.mock.calls.length).toBe(calls + 2);
  });
});
