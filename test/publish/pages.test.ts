// The public results pages: the published numbers exactly as the workspace shows them, in both
// languages; sorting without script; frozen until republished, then revision 2 with its changes;
// archive, 404s and 400s; escaping; Open Graph meta; ETag and 304; the logo; no database work
// for a page already rendered.
import { Hono } from 'hono';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnit } from '../../src/admin/org.ts';
import { storeLogo } from '../../src/admin/instansi/logo.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { errorHandler, notFoundHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import { loadConfig } from '../../src/config.ts';
import { pageRoutes } from '../../src/publish/pages.tsx';
import { publicViews } from '../../src/publish/view.ts';
import { periodBefore } from '../../src/results/period.ts';
import { unpublish } from '../../src/results/publication.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const XSS = '<script>alert(1)</script>';
const BASE = 'https://survei.test';
const CONFIG = loadConfig({ APP_SECRET: 'test-secret-'.padEnd(40, 'x'), PUBLIC_BASE_URL: BASE });
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);

type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

async function get(app: Requester, path: string, headers: Record<string, string> = {}) {
  const res = await app.request(`${BASE}${path}`, { headers: { Accept: 'text/html', ...headers } });
  return { res, html: await res.text() };
}

/** The page's text: every tag a space, whitespace collapsed. */
const textOf = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

/** The unit links of the units table, in the order shown. */
function unitOrder(html: string): string[] {
  const body = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>'));
  return [...body.matchAll(/<th scope="row"><a href="\/p\/kab-uji\/([^"?]+)/g)].map((m) => m[1]!);
}

/** The public routes alone over their own view cache (ttl 0: every request reads the database again). */
function freshPages(database: DatabaseHandle) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(() => {}));
  app.notFound(notFoundHandler);
  app.route('/', pageRoutes({ db: database.db, config: CONFIG, views: publicViews(database.db, 0) }));
  return app;
}

describe.each(DATABASE_KINDS)('public results pages (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let app: Requester;
  let period: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db, { publishNow: false });
    period = world.period.code;
    // dinkes entered its population: the minimum sample is published with the numbers
    await database.db.insertInto('population').values({ unit_id: world.dinkes.id, period, users: 500 }).execute();
    await addUnit(database.db, { instansi: 'kab-uji', name: XSS, slug: 'xss', instruments: ['skm'] });
    await world.publish('dinkes');
    await world.publish('disduk');
    await world.publish(null);
    app = testApp(database).app;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('the instansi page: the instansi-wide figure and every unit, with the numbers as published', async () => {
    const { res, html } = await get(app, '/p/kab-uji');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(html.startsWith('<!doctype html><html lang="id">')).toBe(true);
    expect(html).toContain('href="/static/public.css"');
    const text = textOf(html);
    expect(text).toContain('Kabupaten Uji');
    // the wide figure: both units' twenty citizens
    const wide = textOf(html.slice(html.indexOf('id="wide-h"'), html.indexOf('id="units-h"')));
    expect(wide).toContain('Seluruh unit Kabupaten Uji');
    expect(wide).toContain('Revisi 1, diterbitkan');
    expect(wide).toMatch(/Responden 20\b/);
    // the table: dinkes 78,89 B Baik, IPAK 3,5000 · 15,31, IPKP 3,2000 · 14,00; disduk 100,00 A
    const rows = html.slice(html.indexOf('<tbody>'), html.indexOf('</tbody>')).split('<tr>').slice(1).map(textOf);
    const dinkes = rows.find((r) => r.includes('Dinas Kesehatan'))!;
    expect(dinkes).toContain('78,89');
    expect(dinkes).toContain('B · Baik');
    expect(dinkes).toContain('3,5000 · 15,31');
    expect(dinkes).toContain('3,2000 · 14,00');
    expect(dinkes).toContain('Belum memenuhi WBK'); // IPAK 3,50 is below 3,60
    expect(dinkes).toMatch(/ 10 Triwulan [IV]+ \d{4} $/);
    const disduk = rows.find((r) => r.includes('Dinas Kependudukan'))!;
    expect(disduk).toContain('100,00');
    expect(disduk).toContain('A · Sangat Baik');
    expect(rows.find((r) => r.includes('alert(1)'))).toContain('belum dipublikasikan');
    expect(html).toContain('href="/p/kab-uji/dinkes"');
    expect(html).toContain('href="/p/kab-uji/disduk"');
    expect(html).toContain('<meta property="og:url" content="https://survei.test/p/kab-uji"/>');
  });

  it('sorts by a column from links in its header (aria-sort), units without a publication last', async () => {
    const byName = await get(app, '/p/kab-uji');
    expect(unitOrder(byName.html)).toEqual(['disduk', 'dinkes', 'xss']);
    expect(byName.html).toMatch(/<th scope="col" aria-sort="ascending"><a href="\/p\/kab-uji\?sort=name&amp;dir=desc"/);

    const desc = await get(app, '/p/kab-uji?sort=ikm&dir=desc');
    expect(unitOrder(desc.html)).toEqual(['disduk', 'dinkes', 'xss']);
    expect(desc.html).toMatch(/<th scope="col" class="num" aria-sort="descending"><a href="\/p\/kab-uji\?sort=ikm&amp;dir=asc"/);
    expect(desc.html.match(/aria-sort=/g)).toHaveLength(1);
    expect(desc.html).toContain('Urut menurut IKM (konversi) (turun)');

    const asc = await get(app, '/p/kab-uji?sort=ikm&dir=asc');
    expect(unitOrder(asc.html)).toEqual(['dinkes', 'disduk', 'xss']);
    expect(asc.html).toContain('aria-sort="ascending"><a href="/p/kab-uji?sort=ikm&amp;dir=desc"');

    // disduk has no IPAK: after the units that have one, before those with nothing published
    expect(unitOrder((await get(app, '/p/kab-uji?sort=ipak')).html)).toEqual(['dinkes', 'disduk', 'xss']);
    expect(unitOrder((await get(app, '/p/kab-uji?sort=n&dir=asc')).html)).toEqual(['disduk', 'dinkes', 'xss']);
    // the language switch keeps the order
    expect(desc.html).toContain('href="/p/kab-uji?sort=ikm&amp;dir=desc&amp;lang=en"');

    for (const bad of ['?sort=konversi', '?dir=up']) {
      const { res, html } = await get(app, `/p/kab-uji${bad}`, { Accept: 'application/json' });
      expect(res.status).toBe(400);
      expect((JSON.parse(html) as { error: { message: string } }).error.message).toMatch(/^(sort|dir):/);
    }
  });

  it('in English: decimal points, English unsur and kinerja names, en_US', async () => {
    const { res, html } = await get(app, '/p/kab-uji/dinkes?lang=en');
    expect(res.status).toBe(200);
    expect(res.headers.get('Vary')).toContain('Cookie');
    expect(html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    const text = textOf(html);
    expect(text).toContain('78.89');
    expect(text).toContain('B · Good (Baik)');
    expect(text).toContain('Handling of Complaints, Suggestions and Feedback');
    expect(text).not.toContain('78,89');
    expect(html).toContain('<meta property="og:locale" content="en_US"/>');
    expect(html).toContain(`content="${BASE}/p/kab-uji/dinkes/${period}/card.png?revision=1&amp;lang=en"`);
    // the cookie remembers English, and links carry it for browsers without cookies
    const instansi = await get(app, '/p/kab-uji', { Cookie: 'lang=en' });
    expect(instansi.html.startsWith('<!doctype html><html lang="en">')).toBe(true);
    expect(textOf(instansi.html)).toContain('3.2000 · 14.00');
    expect(instansi.html).toContain('href="/p/kab-uji/dinkes?lang=en"');
  });

  it('the unit page: the publication in full, ZI thresholds with the margin of error, n vs minimum, survey link, archive', async () => {
    const { res, html } = await get(app, '/p/kab-uji/dinkes');
    expect(res.status).toBe(200);
    const text = textOf(html);
    expect(text).toContain('Dinas Kesehatan');
    expect(text).toContain('Revisi 1, diterbitkan');
    expect(text).toContain('3,1556'); // IKM 28,4 ÷ 9
    expect(text).toContain('78,89');
    expect(text).toContain('B · Baik');
    // the per-unsur table: U8, the weakest, with its NRR and konversi
    expect(html).toContain('<th scope="row"><span class="code">U8</span> Penanganan Pengaduan, Saran dan Masukan</th><td class="num">2,6000</td><td class="num">65,00</td><td>C</td><td class="num">10</td>');
    expect(html).toMatch(/<svg class="chart" viewBox="[^"]+" role="img" aria-labelledby="instrument-0-chart-t instrument-0-chart-d"><title id="instrument-0-chart-t">/);
    // IPKP 3,20: worksheet 14,00 meets WBK, but only within the margin of error; not WBBM
    const ipkp = textOf(html.slice(html.indexOf('id="instrument-2-h"'), html.indexOf('id="sample-h"')));
    expect(ipkp).toContain('Nilai lembar kerja ZI (indeks ÷ 4 × 17,5): 14,00');
    expect(ipkp).toContain('Menuju WBK · indeks ≥ 3,20 (nilai ≥ 14,00): Memenuhi Memenuhi, tetapi hanya dalam batas margin of error: ambang 3,20 ada di dalam interval 95 %');
    expect(ipkp).toMatch(/Menuju WBBM · indeks ≥ 3,60 \(nilai ≥ 15,75\): Belum memenuhi/);
    // n against the minimum for a population of 500
    expect(text).toContain('10 responden; minimum 217 responden untuk populasi 500 pengguna layanan');
    expect(text).toContain('Belum sesuai');
    expect(html).toContain(`<a class="button" href="/s/${world.dinkes.loketCode}">Isi survei</a>`);
    expect(html).toContain(`href="/p/kab-uji/dinkes/${period}?revision=1" aria-current="page"`);
    expect(text).toContain('Belum ada tindak lanjut yang diterbitkan untuk periode ini.');
    // the same revision by its period
    const byPeriod = await get(app, `/p/kab-uji/dinkes/${period}`);
    expect(byPeriod.res.status).toBe(200);
    expect(textOf(byPeriod.html)).toContain('3,1556');
  });

  it('Open Graph and Twitter meta preview the shared link with the results image', async () => {
    const { html } = await get(app, '/p/kab-uji/dinkes');
    const meta = (property: string) => new RegExp(`<meta (?:property|name)="${property.replace(/[.:]/g, '\\$&')}" content="([^"]*)"/>`).exec(html)?.[1];
    expect(meta('og:title')).toMatch(/^Dinas Kesehatan · Triwulan [IV]+ \d{4}$/);
    expect(meta('og:description')).toBe(`IKM 78,89 (mutu B) · IPAK 3,5000 · IPKP 3,2000 · 10 responden · ${meta('og:title')!.split(' · ')[1]}`);
    expect(meta('og:url')).toBe(`${BASE}/p/kab-uji/dinkes`);
    expect(meta('og:image')).toBe(`${BASE}/p/kab-uji/dinkes/${period}/card.png?revision=1`);
    expect(meta('og:image:width')).toBe('1200');
    expect(meta('og:image:height')).toBe('630');
    expect(meta('og:locale')).toBe('id_ID');
    expect(meta('twitter:card')).toBe('summary_large_image');
  });

  it('answers 304 to a matching ETag and caches publicly, varying with the language cookie', async () => {
    const first = await get(app, '/p/kab-uji/disduk');
    const etag = first.res.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.res.headers.get('Cache-Control')).toBe('public, max-age=60');
    expect(first.res.headers.get('Vary')).toContain('Cookie');
    const again = await get(app, '/p/kab-uji/disduk', { 'If-None-Match': etag });
    expect(again.res.status).toBe(304);
    expect(again.html).toBe('');
    const english = await get(app, '/p/kab-uji/disduk?lang=en', { 'If-None-Match': etag });
    expect(english.res.status).toBe(200);
    expect(english.res.headers.get('ETag')).not.toBe(etag);
  });

  it('404 for unknown instansi, unit, period or revision; 400 for a malformed period or revision', async () => {
    const before = periodBefore(world.period).code;
    for (const path of ['/p/kab-lain', '/p/kab-lain/dinkes', '/p/kab-uji/dinas-lain', `/p/kab-uji/dinkes/${before}`, `/p/kab-uji/dinkes/${period}?revision=2`, '/p/kab-uji/xss?revision=1']) {
      const { res, html } = await get(app, path);
      expect(res.status, path).toBe(404);
      expect(html, path).toContain('Halaman tidak ditemukan');
    }
    for (const path of ['/p/kab-uji/dinkes/2026-Q5', '/p/kab-uji/dinkes/kemarin', `/p/kab-uji/dinkes/${period}?revision=0`, `/p/kab-uji/dinkes?revision=x`]) {
      const { res } = await get(app, path);
      expect(res.status, path).toBe(400);
    }
  });

  it('escapes what the instansi typed: a unit named like a script stays text', async () => {
    const instansi = await get(app, '/p/kab-uji');
    const unit = await get(app, '/p/kab-uji/xss');
    for (const { html } of [instansi, unit]) {
      expect(html).not.toContain(XSS);
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(unit.res.status).toBe(200);
    expect(textOf(unit.html)).toContain('Belum ada hasil survei');
    expect(unit.html).not.toContain('og:image');
  });

  it('new answers change nothing until republishing; revision 2 shows its changes, the archive both revisions', async () => {
    const pages = freshPages(database);
    const before = await get(pages, '/p/kab-uji/disduk');
    await world.answer('disduk', 10, 2);
    const after = await get(pages, '/p/kab-uji/disduk');
    expect(after.html).toBe(before.html);
    expect(after.res.headers.get('ETag')).toBe(before.res.headers.get('ETag'));

    await world.publish('disduk');
    const revised = await get(pages, '/p/kab-uji/disduk');
    const text = textOf(revised.html);
    expect(text).toContain('Revisi 2, diterbitkan');
    expect(text).toContain('Diperbarui: revisi 2');
    // twenty citizens, half of them answering 2 everywhere: (4 + 2) ÷ 2 × 25 = 75,00
    expect(text).toContain('IKM konversi 100,00 → 75,00');
    expect(text).toContain('IKM responden 10 → 20');
    expect(text).toContain('IKM mutu A → C');
    expect(text).toContain('U3 NRR 4,0000 → 3,0000');
    expect(revised.html).toContain(`href="/p/kab-uji/disduk/${period}?revision=1"`);
    expect(revised.html).toContain(`href="/p/kab-uji/disduk/${period}?revision=2" aria-current="page"`);
    expect(revised.html).toContain(`card.png?revision=2"`);

    // the old revision, with a notice pointing at the newest
    const old = await get(pages, `/p/kab-uji/disduk/${period}?revision=1`);
    expect(old.res.status).toBe(200);
    expect(textOf(old.html)).toContain('Anda melihat revisi 1');
    expect(old.html).toContain(`<a href="/p/kab-uji/disduk/${period}">Lihat revisi terbaru (revisi 2)</a>`);
    expect(textOf(old.html)).toContain('100,00');
    expect(old.html).not.toContain('Diperbarui');
    expect(old.html).toContain(`content="${BASE}/p/kab-uji/disduk/${period}?revision=1"`);

    // unpublished: every revision of the period is gone from the public
    await unpublish(database.db, { instansiId: world.instansi.id, unitId: world.disduk.id, period, userId: world.adminId });
    expect((await get(pages, `/p/kab-uji/disduk/${period}`)).res.status).toBe(404);
    expect((await get(pages, `/p/kab-uji/disduk/${period}?revision=1`)).res.status).toBe(404);
    const listed = await get(pages, '/p/kab-uji');
    // with the units that never published, by name ("<" before letters)
    expect(unitOrder(listed.html)).toEqual(['dinkes', 'xss', 'disduk']);
    expect(listed.html.split('<tr>').find((r) => r.includes('/p/kab-uji/disduk'))).toContain('belum dipublikasikan');
  });

  it('Tindak lanjut: the published actions of the period, the weakest IKM unsur first', async () => {
    const action = (unsur_code: string, action: string, published: boolean) => ({ unit_id: world.dinkes.id, period, unsur_code, action, owner: 'Kepala Seksi', due: '2026-12-31', status: 'in_progress' as const, published });
    await database.db.insertInto('follow_up').values([action('U3', 'Antrean daring', true), action('U8', 'Kotak pengaduan & <SMS>', true), action('U1', 'Rencana rahasia', false)]).execute();
    const { html } = await get(freshPages(database), '/p/kab-uji/dinkes');
    const section = textOf(html.slice(html.indexOf('id="followup-h"'), html.indexOf('id="archive-h"')));
    expect(section).toContain('Unsur IKM terlemah: U8 Penanganan Pengaduan, Saran dan Masukan (NRR 2,6000, konversi 65,00).');
    expect(section.indexOf('Kotak pengaduan')).toBeLessThan(section.indexOf('Antrean daring'));
    expect(section).toContain('31 Desember 2026');
    expect(section).toContain('Berjalan');
    expect(section).not.toContain('Rencana rahasia');
    expect(html).toContain('Kotak pengaduan &amp; &lt;SMS&gt;');
  });

  it('the logo: 404 without one; the image with ETag and caching; an SVG under a policy that runs nothing', async () => {
    const pages = freshPages(database);
    expect((await get(pages, '/p/kab-uji/logo')).res.status).toBe(404);
    await storeLogo(database.db, world.instansi.id, { bytes: PNG, type: 'image/png' }, { userId: world.adminId, address: null });
    const png = await pages.request(`${BASE}/p/kab-uji/logo`);
    expect(png.status).toBe(200);
    expect(png.headers.get('Content-Type')).toBe('image/png');
    expect(png.headers.get('Cache-Control')).toMatch(/^public/);
    expect(new Uint8Array(await png.arrayBuffer())).toEqual(PNG);
    expect((await pages.request(`${BASE}/p/kab-uji/logo`, { headers: { 'If-None-Match': png.headers.get('ETag')! } })).status).toBe(304);
    expect((await get(pages, '/p/kab-uji')).html).toContain('<img class="logo" src="/p/kab-uji/logo" alt="Logo Kabupaten Uji"/>');

    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect width="1" height="1"/></svg>');
    await storeLogo(database.db, world.instansi.id, { bytes: svg, type: 'image/svg+xml' }, { userId: world.adminId, address: null });
    const served = await testApp(database).app.request(`${BASE}/p/kab-uji/logo`);
    expect(served.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(served.headers.get('Content-Security-Policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    await database.db.updateTable('instansi').set({ logo: null, logo_type: null }).where('id', '=', world.instansi.id).execute();
  });

  it('a page already rendered is sent without a database query', async () => {
    let queries = 0;
    const counting: KyselyPlugin = {
      transformQuery: (args) => {
        queries += 1;
        return args.node;
      },
      transformResult: async (args) => args.result,
    };
    const db = database.db.withPlugin(counting);
    const pages = new Hono<AppEnv>();
    pages.route('/', pageRoutes({ db, config: CONFIG, views: publicViews(db) }));
    for (const path of ['/p/kab-uji', '/p/kab-uji/dinkes', `/p/kab-uji/dinkes/${period}?revision=1`, '/p/kab-uji?sort=n']) {
      expect((await get(pages, path)).res.status, path).toBe(200);
    }
    const loaded = queries;
    expect(loaded).toBeGreaterThan(0);
    for (const path of ['/p/kab-uji', '/p/kab-uji/dinkes?lang=en', `/p/kab-uji/dinkes/${period}?revision=1`, '/p/kab-uji?sort=n', '/p/kab-uji/dinkes']) {
      expect((await get(pages, path)).res.status, path).toBe(200);
    }
    expect(queries).toBe(loaded);
  });
});
