// The OPD's web admin puts the results on the unit's own website, in a real browser against the real
// server on PostgreSQL: the Tim Survei publishes the triwulan, copies the widget snippet from the
// workspace into a plain HTML page served from another origin (another port), and the page shows
// the card with the published numbers at the height of its content; the badge and the social
// image load cross-origin, and the image is 1200×630 and not blank.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { localDate, periodOf } from '../../src/results/period.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { freePort } from '../support/postgres-server.ts';
import { addTimSurvei, axeViolations, newContext, signedInPage, startWorld, type World } from './support.ts';

const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

/** A plain website on another origin: one HTML page whose body is what the web admin pasted. */
async function otherSite(body: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await freePort();
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Dinas Kependudukan</title></head><body><h1>Selamat datang</h1>${body}<p id="after">Alamat kantor</p></body></html>`);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe('the results on the unit’s own website', () => {
  let world: World;
  let password: string;
  const period = periodOf(localDate(new Date(), 'Asia/Jakarta'), 'triwulan');

  beforeAll(async () => {
    world = await startWorld();
    password = await addTimSurvei(world);
    // ten citizens answered this triwulan: SKM all 4 but U8 all 3 (IKM 97,22 · A)
    const handle = await createDatabase({ url: world.databaseUrl, poolSize: 1 });
    try {
      const unit = await handle.db.selectFrom('unit').where('slug', '=', 'disdukcapil').select('id').executeTakeFirstOrThrow();
      const skm = await handle.db
        .selectFrom('unit_instrument as ui')
        .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
        .where('ui.unit_id', '=', unit.id)
        .where('i.code', '=', 'skm')
        .select('ui.version_id')
        .executeTakeFirstOrThrow();
      await storeResponses(
        handle.db,
        Array.from({ length: 10 }, (_, i) => ({
          id: crypto.randomUUID(),
          unitId: unit.id,
          loketId: world.open.id,
          layananId: null,
          channel: 'qr' as const,
          submittedAt: new Date(Date.now() - (i + 1) * 60_000),
          answers: SKM.map((itemCode) => ({ versionId: skm.version_id, itemCode, value: (itemCode === 'U8' ? 3 : 4) as 3 | 4 })),
        })),
      );
    } finally {
      await handle.close();
    }
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('publishes, pastes the widget snippet into a page on another origin, and shows the card, the badge and the image', async () => {
    const url = world.server.url;
    const context = await newContext(world, { viewport: { width: 1280, height: 900 } });

    // the Tim Survei publishes the triwulan in the workspace
    const page = await signedInPage(context, world, password);
    await page.goto(`${url}/admin/publish/disdukcapil?period=${period.code}`);
    await page.locator(`form[action="/admin/publish/disdukcapil"]:has(input[name=period][value="${period.code}"]) button[type=submit]`).first().click();
    await page.waitForURL(/\/admin\/publish\/disdukcapil\?/);

    // the web admin copies the snippets
    const widget = await page.locator('#snippet-widget').inputValue();
    const badge = await page.locator('#snippet-badge').inputValue();
    expect(widget).toContain('data-survei-unit="kab-contoh/disdukcapil"');
    expect(widget).toContain(`${url}/widget.js`);
    const image = `<img id="social" src="${url}/p/kab-contoh/disdukcapil/${period.code}/card.png" alt="Hasil survei">`;
    const site = await otherSite(`${widget}${badge}${image}`);
    try {
      const visitor = await context.newPage();
      await visitor.goto(site.url);
      expect(new URL(site.url).origin).not.toBe(new URL(url).origin);

      // the card, in an iframe the loader inserted, with the published numbers
      const frame = visitor.frameLocator('iframe[src*="/embed/kab-contoh/disdukcapil"]');
      await expect(frame.locator('body').textContent()).resolves.toMatch(/97,22/);
      await expect(frame.locator('body').textContent()).resolves.toMatch(/\bA\b/);

      // at the right height: the iframe is as tall as the card's content (nothing cut, no gap)
      await expect
        .poll(
          async () => {
            const iframeHeight = await visitor.locator('iframe[src*="/embed/"]').evaluate((f) => f.getBoundingClientRect().height);
            const contentHeight = await frame.locator('html').evaluate((html) => html.scrollHeight);
            return Math.abs(iframeHeight - contentHeight) <= 2 && contentHeight > 100;
          },
          { timeout: 10_000 },
        )
        .toBe(true);

      // the badges and the image loaded from the platform's origin
      const images = await visitor.locator('img').evaluateAll((list) => list.map((img) => ({ src: (img as HTMLImageElement).src, width: (img as HTMLImageElement).naturalWidth, height: (img as HTMLImageElement).naturalHeight, complete: (img as HTMLImageElement).complete })));
      const badges = images.filter((i) => i.src.includes('/badge/'));
      expect(badges.length).toBeGreaterThan(0);
      for (const b of badges) expect(b.width, b.src).toBeGreaterThan(40);
      const social = images.find((i) => i.src.includes('card.png'))!;
      expect([social.width, social.height]).toEqual([1200, 630]);

      // not blank: the image drawn into a canvas has many colours (read in this page: the PNG is CORS-open)
      const colours = await visitor.evaluate(async (src) => {
        const img = new Image();
        img.crossOrigin = 'anonymous';
        img.src = src;
        await img.decode();
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const ctx = canvas.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
        const seen = new Set<number>();
        for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
        return seen.size;
      }, social.src);
      expect(colours).toBeGreaterThan(10);
    } finally {
      await site.close();
    }

    // axe-core finds nothing on the card, in both themes and both views
    for (const query of ['', '?theme=dark', '?view=compact&lang=en']) {
      await page.goto(`${url}/embed/kab-contoh/disdukcapil${query}`);
      expect(await axeViolations(page), query).toEqual([]);
    }
    await context.close();

    // the server answers a public response it already made straight from its cache, headers and all
    const badgeUrl = `${url}/badge/kab-contoh/disdukcapil/ikm.svg`;
    const first = await fetch(badgeUrl);
    const second = await fetch(badgeUrl);
    const body = await first.text();
    expect(await second.text()).toBe(body);
    // sent whole, with its length, not in chunks
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(second.headers.get('content-security-policy')).toBe(first.headers.get('content-security-policy'));
    expect(second.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    await expect.poll(() => world.server.output()).toMatch(new RegExp(`"request_id":"${second.headers.get('x-request-id')}","method":"GET","path":"/badge/kab-contoh/disdukcapil/ikm.svg","status":200,"ms":[\\d.]+,"cached":true}`));
  });
});
