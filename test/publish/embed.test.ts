// The embed card and its loader: the published numbers in both languages, themes and views, the
// headers that let the OPD's website (and only the allowed ones) frame it, the loader script, and
// in Chromium the loader on another origin sizing the card, with axe-core finding nothing.
import { createHash } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { SHARED_CACHE } from '../../src/publish/respond.ts';
import { axeViolations, launchBrowser } from '../browser/support.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

type App = ReturnType<typeof testApp>['app'];

/** The card's visible text: the body's, each tag a space, whitespace folded. */
function textOf(html: string): string {
  return html
    .replace(/^[\s\S]*<body>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

describe.each(DATABASE_KINDS)('embed card and widget (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let app: App;
  let period: { id: string; en: string };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    // a unit with nothing published, named with every character HTML and XML must escape
    await addUnit(world.db, { instansi: 'kab-uji', name: `Bagian <Umum> & "Tata" 'Usaha'`, slug: 'umum' });
    app = testApp(database).app;
    const [year, part] = [world.period.code.slice(0, 4), Number(world.period.code.slice(6))];
    period = { id: `Triwulan ${['I', 'II', 'III', 'IV'][part - 1]} ${year}`, en: `Quarter ${part} ${year}` };
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shows the latest publication in full: IKM konversi and mutu, IPAK and IPKP with their ZI status, n, the link', async () => {
    const res = await app.request('/embed/kab-uji/dinkes');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html><html lang="id" class="light" data-unit="kab-uji\/dinkes">/);
    expect(html).toContain('<title>Hasil survei Dinas Kesehatan · Kabupaten Uji</title>');
    const text = textOf(html);
    expect(text).toContain(`Dinas Kesehatan Kabupaten Uji · ${period.id}`);
    expect(text).toContain('IKM 78,89 · mutu B (Baik)');
    expect(text).toContain('IPAK 3,5000 · Belum memenuhi WBK (dalam batas margin of error)');
    expect(text).toContain('IPKP 3,2000 · Memenuhi WBK (dalam batas margin of error)');
    expect(text).toContain('n = 10 responden');
    expect(text).not.toContain('revisi');
    expect(html).toContain('<a href="https://survei.test/p/kab-uji/dinkes" target="_blank" rel="noopener">Lihat hasil lengkap<span class="sr"> (membuka tab baru)</span></a>');
  });

  it('speaks English with ?lang=en, goes dark and compact on request, and keeps one line for IPAK and IPKP', async () => {
    const html = await (await app.request('/embed/kab-uji/dinkes?lang=en&theme=dark&view=compact')).text();
    expect(html).toMatch(/<html lang="en" class="dark" data-unit="kab-uji\/dinkes">/);
    const text = textOf(html);
    expect(text).toContain(`Dinas Kesehatan Kabupaten Uji · ${period.en}`);
    expect(text).toContain('IKM 78.89 · mutu B (Good)');
    expect(text).toContain('IPAK 3.5000 · not yet WBK · IPKP 3.2000 · WBK');
    expect(text).not.toContain('respondents');
    expect(html.match(/<p class="zi">/g)).toHaveLength(1);
    expect(html).toContain('href="https://survei.test/p/kab-uji/dinkes?lang=en"');
    // the full view in English; a unit with only the IKM shows no IPAK or IPKP
    expect(textOf(await (await app.request('/embed/kab-uji/dinkes?lang=en')).text())).toContain('IPKP 3.2000 · Meets WBK (within the margin of error)');
    const disduk = textOf(await (await app.request('/embed/kab-uji/disduk?view=compact')).text());
    expect(disduk).toContain('IKM 100,00 · mutu A (Sangat Baik)');
    expect(disduk).not.toMatch(/IPAK|IPKP/);
  });

  it('takes its language from ?lang only: no cookie is set or read, so nothing varies by cookie', async () => {
    const res = await app.request('/embed/kab-uji/dinkes?lang=en');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    expect(res.headers.get('Vary') ?? '').not.toMatch(/cookie/i);
    const withCookie = await app.request('/embed/kab-uji/dinkes', { headers: { Cookie: 'lang=en' } });
    expect(await withCookie.text()).toContain('<html lang="id"');
  });

  it('answers a parameter it does not know with a 400 card naming it', async () => {
    for (const [query, name] of [
      ['theme=blue', 'theme: harus salah satu dari light, dark.'],
      ['lang=fr', 'lang: harus salah satu dari id, en.'],
      ['view=big&lang=en', 'view: must be one of full, compact.'],
    ]) {
      const res = await app.request(`/embed/kab-uji/dinkes?${query}`);
      expect(res.status, query).toBe(400);
      expect(textOf(await res.text())).toContain(name);
      expect(res.headers.get('X-Frame-Options')).toBeNull();
    }
  });

  it('answers an unknown instansi or unit with a small 404 card', async () => {
    for (const path of ['/embed/kab-uji/tidak-ada', '/embed/kab-lain/dinkes', '/embed/kab-uji/..%2Fadmin']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      const html = await res.text();
      expect(html).toContain('<h1>Unit tidak ditemukan</h1>');
      expect(res.headers.get('Content-Security-Policy')).toContain('frame-ancestors *');
    }
  });

  it('shows "belum ada hasil" (200) for a unit with nothing published, its name escaped', async () => {
    const res = await app.request('/embed/kab-uji/umum');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<h1>Bagian &lt;Umum&gt; &amp; &quot;Tata&quot; &#39;Usaha&#39;</h1>');
    expect(html).not.toContain('<Umum>');
    expect(textOf(html)).toContain('Belum ada hasil yang diterbitkan.');
  });

  it('sends a strict policy framable from anywhere by default, no X-Frame-Options, shared caching, an ETag and 304', async () => {
    const res = await app.request('/embed/kab-uji/dinkes');
    const html = await res.text();
    const policy = res.headers.get('Content-Security-Policy')!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style).digest('base64');
    expect(policy).toBe(`default-src 'none'; script-src 'self'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'; frame-ancestors *`);
    expect(policy).not.toContain('unsafe');
    expect(res.headers.get('X-Frame-Options')).toBeNull();
    expect(res.headers.get('Cache-Control')).toBe(SHARED_CACHE);
    const etag = res.headers.get('ETag')!;
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    const again = await app.request('/embed/kab-uji/dinkes', { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    // another view is another body
    expect((await app.request('/embed/kab-uji/dinkes?theme=dark')).headers.get('ETag')).not.toBe(etag);
    // every other page keeps refusing to be framed
    const other = await app.request('/');
    expect(other.headers.get('X-Frame-Options')).toBe('DENY');
    expect(other.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
  });

  it('serves the loader and the height reporter: JavaScript, cross-origin, cached a day, 304, no host written in', async () => {
    for (const path of ['/widget.js', '/embed/resize.js']) {
      const res = await app.request(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
      expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
      expect(res.headers.get('Cache-Control')).toBe('public, max-age=86400');
      const body = await res.text();
      expect(body).not.toMatch(/https?:\/\/|survei\.test|localhost/);
      expect(body.length).toBeLessThan(4096);
      const etag = res.headers.get('ETag')!;
      expect((await app.request(path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    }
    const widget = await (await app.request('/widget.js')).text();
    expect(widget).toContain('document.currentScript');
    expect(widget).toContain("event.origin !== origin");
  });

  it('in Chromium: the widget on another origin frames each card at its own height; axe finds nothing in any theme or view', async () => {
    const browser: Browser = await launchBrowser();
    try {
      const context = await browser.newContext({ viewport: { width: 320, height: 900 } });
      context.setDefaultTimeout(10_000);
      // the app answers as https://survei.test (PUBLIC_BASE_URL), the OPD's page is http://opd.test
      await context.route('https://survei.test/**', async (route) => {
        const url = new URL(route.request().url());
        const res = await app.request(url.pathname + url.search, { headers: route.request().headers() });
        await route.fulfill({ status: res.status, headers: Object.fromEntries(res.headers), body: Buffer.from(await res.arrayBuffer()) });
      });
      const opdPage = `<!doctype html><html lang="id"><head><title>Dinas Kesehatan</title></head><body><main><h1>Dinas Kesehatan</h1>
        <div data-survei-unit="kab-uji/dinkes" data-theme="light" data-lang="id" data-view="full"></div>
        <div data-survei-unit="kab-uji/disduk" data-theme="dark" data-lang="en" data-view="compact"></div>
        <script src="https://survei.test/widget.js" async></script></main></body></html>`;
      await context.route('http://opd.test/**', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: opdPage }));
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
      page.on('pageerror', (e) => problems.push(e.message));
      await page.goto('http://opd.test/');

      const frames = page.locator('iframe');
      await expect.poll(() => frames.count()).toBe(2);
      expect(await frames.nth(0).getAttribute('src')).toBe('https://survei.test/embed/kab-uji/dinkes?theme=light&lang=id&view=full');
      expect(await frames.nth(0).getAttribute('title')).toBe('Hasil survei kab-uji/dinkes');
      expect(await frames.nth(1).getAttribute('title')).toBe('Survey results kab-uji/disduk');
      expect(await frames.nth(0).getAttribute('loading')).toBe('lazy');
      for (let i = 0; i < 2; i++) {
        const frame = (await frames.nth(i).elementHandle())!;
        const content = (await frame.contentFrame())!;
        await content.waitForSelector('main h1');
        const cardHeight = await content.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
        expect(cardHeight).toBeGreaterThan(60);
        await expect.poll(() => frame.evaluate((f) => (f as HTMLIFrameElement).getBoundingClientRect().height)).toBe(cardHeight);
        // the card fits its frame: nothing scrolls, not even at 320 px
        const fits = await content.evaluate(() => ({ y: document.documentElement.scrollHeight <= innerHeight, x: document.documentElement.scrollWidth <= innerWidth }));
        expect(fits).toEqual({ y: true, x: true });
      }
      const dinkes = page.frameLocator('iframe').first();
      await expect.poll(() => dinkes.locator('main').innerText()).toContain('78,89');
      expect(await page.frameLocator('iframe').nth(1).locator('main').innerText()).toContain('100.00');
      // the inline style matched its hash and the reporter loaded: the policy refused nothing
      expect(problems).toEqual([]);
      expect(await dinkes.locator('body').evaluate((b) => getComputedStyle(b).paddingTop)).toBe('12px');

      for (const query of ['', '?theme=dark', '?view=compact&lang=en', '?theme=dark&view=compact']) {
        for (const unit of ['dinkes', 'umum']) {
          await page.goto(`https://survei.test/embed/kab-uji/${unit}${query}`);
          expect(await axeViolations(page), `${unit}${query}`).toEqual([]);
        }
      }
      expect(problems).toEqual([]);
      // (its console reports the 404 itself)
      await page.goto('https://survei.test/embed/kab-uji/tidak-ada?theme=dark');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('lets only the allowed origins (and the app itself) frame the card once the instansi keeps a list', async () => {
    await sql`update instansi set embed_origins = ${['https://dinkes.kab-uji.go.id', 'https://*.kab-uji.go.id/', 'javascript:alert(1); script-src *']} where slug = 'kab-uji'`.execute(world.db);
    try {
      // a fresh app is a fresh view cache, as after views.invalidate()
      const fresh = testApp(database).app;
      const res = await fresh.request('/embed/kab-uji/dinkes');
      expect(res.headers.get('Content-Security-Policy')).toMatch(/; frame-ancestors 'self' https:\/\/dinkes\.kab-uji\.go\.id https:\/\/\*\.kab-uji\.go\.id$/);
      expect(res.headers.get('X-Frame-Options')).toBeNull();
      expect((await fresh.request('/embed/kab-uji/tidak-ada')).headers.get('Content-Security-Policy')).toContain("frame-ancestors 'self' https://dinkes.kab-uji.go.id");
      await sql`update instansi set embed_origins = ${['not an origin']} where slug = 'kab-uji'`.execute(world.db);
      expect((await testApp(database).app.request('/embed/kab-uji/dinkes')).headers.get('Content-Security-Policy')).toMatch(/frame-ancestors 'none'$/);
    } finally {
      await sql`update instansi set embed_origins = '{}' where slug = 'kab-uji'`.execute(world.db);
    }
  });

  it('keeps the published numbers while answers arrive; republishing shows the new ones as revisi 2', async () => {
    await world.answer('dinkes', 10, 1);
    const before = textOf(await (await testApp(database).app.request('/embed/kab-uji/dinkes')).text());
    expect(before).toContain('IKM 78,89 · mutu B (Baik)');
    await world.publish('dinkes');
    const after = textOf(await (await testApp(database).app.request('/embed/kab-uji/dinkes')).text());
    // (284 + 10 × 9) ÷ 20 ÷ 9 × 25 = 51,94: mutu D
    expect(after).toContain('IKM 51,94 · mutu D (Tidak Baik)');
    expect(after).toContain(`Kabupaten Uji · ${period.id} · revisi 2`);
    expect(after).toContain('n = 20 responden');
  });
});
