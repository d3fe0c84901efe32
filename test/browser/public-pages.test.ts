// The public results pages in a real browser (Debian's Chromium) against the real server on
// PostgreSQL: axe-core finds nothing on the instansi page, a unit page (with follow-up, logo and
// population) and an older revision, in Bahasa Indonesia and English, on a 320 px phone and a
// 1280 px screen; nothing scrolls sideways at 320 px; sorting works by following header links.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeLogo } from '../../src/admin/instansi/logo.ts';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { type ServerProcess, startServer } from '../support/process.ts';
import { seedPublishedWorld } from '../support/published.ts';
import { axeViolations, launchBrowser } from './support.ts';

const LOGO = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="5" fill="#0b5cad"/></svg>';

let server: ServerProcess;
let browser: Browser;
let period: string;

beforeAll(async () => {
  const databaseUrl = await createTestDatabaseUrl();
  const seeding = await createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(seeding.db);
    const world = await seedPublishedWorld(seeding.db);
    period = world.period.code;
    await storeLogo(seeding.db, world.instansi.id, { bytes: new TextEncoder().encode(LOGO), type: 'image/svg+xml' }, { userId: world.adminId, address: null });
    await seeding.db
      .insertInto('follow_up')
      .values({ unit_id: world.dinkes.id, period, unsur_code: 'U8', action: 'Kotak pengaduan di setiap loket', owner: 'Kepala Seksi Pelayanan', due: '2026-12-31', status: 'planned', published: true })
      .execute();
    // disduk republished: revision 2 with its changes, revision 1 with its notice
    await world.answer('disduk', 10, 2);
    await world.publish('disduk');
  } finally {
    await seeding.close();
  }
  [server, browser] = await Promise.all([startServer({ DATABASE_URL: databaseUrl, APP_SECRET: crypto.randomUUID().repeat(2) }), launchBrowser()]);
});
afterAll(async () => {
  await Promise.allSettled([browser?.close(), server?.stop()]);
});

const PAGES = () => ['/p/kab-uji', '/p/kab-uji/dinkes', '/p/kab-uji/disduk', `/p/kab-uji/disduk/${period}?revision=1`];

describe.each([320, 1280])('the public pages at %i px', (width) => {
  it.each(['id', 'en'])('have no axe-core violations (%s)', async (lang) => {
    const context = await browser.newContext({ viewport: { width, height: 800 } });
    try {
      const page = await context.newPage();
      for (const path of PAGES()) {
        const url = `${server.url}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`;
        const response = await page.goto(url);
        expect(response!.status(), url).toBe(200);
        expect(await page.getAttribute('html', 'lang')).toBe(lang);
        // public.css is applied
        expect(await page.locator('main').evaluate(() => getComputedStyle(document.querySelector('.masthead')!).display)).toBe('flex');
        expect(await axeViolations(page), url).toEqual([]);
        if (width === 320) {
          const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
          expect(scrollWidth, `${url} scrolls sideways`).toBeLessThanOrEqual(320);
        }
      }
    } finally {
      await context.close();
    }
  });
});

describe('the units table', () => {
  it('sorts by following the header links, aria-sort on the sorted column', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/p/kab-uji`);
      const order = () => page.locator('tbody th[scope=row] a').allTextContents();
      expect(await order()).toEqual(['Dinas Kependudukan dan Pencatatan Sipil', 'Dinas Kesehatan']);
      await page.getByRole('link', { name: /^IKM \(konversi\)/ }).click();
      await page.waitForURL(/sort=ikm&dir=desc/);
      expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('descending');
      // disduk's revision 2: 75,00 is below dinkes' 78,89
      expect(await order()).toEqual(['Dinas Kesehatan', 'Dinas Kependudukan dan Pencatatan Sipil']);
      await page.getByRole('link', { name: /^IKM \(konversi\)/ }).click();
      await page.waitForURL(/sort=ikm&dir=asc/);
      expect(await page.locator('th[aria-sort]').getAttribute('aria-sort')).toBe('ascending');
      expect(await order()).toEqual(['Dinas Kependudukan dan Pencatatan Sipil', 'Dinas Kesehatan']);
      // the logo loads from the instansi's own route
      expect(await page.locator('img.logo').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
