// The reports workspace in a real browser against the real server on PostgreSQL: from the
// navigation to a unit's downloads, the Laporan SKM downloaded through its link, and paper forms
// uploaded on the import page, whose job page follows the import (web/import-progress.js) until it
// shows the rows imported. axe-core finds nothing at 320 and 1280 px, and nothing scrolls sideways at 320 px.
import { readFileSync } from 'node:fs';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { localDate, periodBefore, periodOf } from '../../src/results/period.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { addTimSurvei, axeViolations, count, newContext, signedInPage, startWorld, type World } from './support.ts';

const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

describe('the reports workspace in a browser', () => {
  let world: World;
  let password: string;
  // the reports page opens with the last complete triwulan
  const period = periodBefore(periodOf(localDate(new Date(), 'Asia/Jakarta'), 'triwulan'));
  const day = new Date(Date.parse(`${period.from}T00:00:00Z`) + 15 * 86_400_000).toISOString().slice(0, 10);

  /** ten citizens of the open loket answering the SKM, mid-period */
  async function answers() {
    const handle = await createDatabase({ url: world.databaseUrl, poolSize: 1 });
    try {
      const skm = await handle.db
        .selectFrom('unit_instrument as ui')
        .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
        .innerJoin('unit as u', 'u.id', 'ui.unit_id')
        .where('u.slug', '=', 'disdukcapil')
        .where('i.code', '=', 'skm')
        .select(['ui.version_id', 'u.id as unit_id'])
        .executeTakeFirstOrThrow();
      await storeResponses(
        handle.db,
        Array.from({ length: 10 }, (_, i) => ({
          id: crypto.randomUUID(),
          unitId: skm.unit_id,
          loketId: world.open.id,
          layananId: null,
          channel: 'qr' as const,
          submittedAt: new Date(Date.parse(`${day}T03:00:00Z`) + i * 60_000),
          answers: SKM.map((itemCode) => ({ versionId: skm.version_id, itemCode, value: (3 + (i % 2)) as 3 | 4 })),
        })),
      );
    } finally {
      await handle.close();
    }
  }

  const signedIn = (context: BrowserContext) => signedInPage(context, world, password);

  beforeAll(async () => {
    world = await startWorld();
    password = await addTimSurvei(world);
    await answers();
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('leads to the downloads, downloads the Laporan SKM through its link, and passes axe-core at 1280 px', async () => {
    const url = world.server.url;
    const context = await newContext(world, { viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await signedIn(context);

    await page.getByRole('link', { name: 'Laporan', exact: true }).click();
    await page.waitForURL(`${url}/admin/reports`);
    expect(await axeViolations(page)).toEqual([]);
    await page.getByLabel('Unit', { exact: true }).selectOption('disdukcapil');
    await page.getByRole('button', { name: 'Tampilkan unduhan' }).click();
    await page.waitForURL(`${url}/admin/reports/disdukcapil?period=${period.code}`);
    expect(await page.locator('main').textContent()).toContain('Tabulasi (XLSX)');
    expect(await axeViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Laporan Hasil SKM (PDF)' }).click()]);
    expect(download.suggestedFilename()).toBe(`laporan-skm-disdukcapil-${period.code}.pdf`);
    const pdf = readFileSync((await download.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await context.close();
  });

  it('keeps the reports and import pages within 320 px, without axe-core violations', async () => {
    const context = await newContext(world, { viewport: { width: 320, height: 640 } });
    const page = await signedIn(context);
    for (const path of ['/admin/reports', `/admin/reports/disdukcapil?period=${period.code}`, '/admin/reports/disdukcapil/import']) {
      await page.goto(`${world.server.url}${path}`);
      expect(await page.evaluate(() => document.scrollingElement!.scrollWidth), path).toBeLessThanOrEqual(320);
      expect(await axeViolations(page), path).toEqual([]);
    }
    await context.close();
  });

  it('imports paper forms: the job page follows the import until it shows the rows imported', async () => {
    const url = world.server.url;
    const context = await newContext(world, { viewport: { width: 1280, height: 900 } });
    const page = await signedIn(context);
    await page.goto(`${url}/admin/reports/disdukcapil?period=${period.code}`);
    await page.getByRole('link', { name: 'Impor kuesioner kertas' }).click();
    await page.waitForURL(`${url}/admin/reports/disdukcapil/import`);
    expect(await axeViolations(page)).toEqual([]);

    const template = await context.request.get(`${url}/admin/reports/disdukcapil/import/template.csv`);
    expect(template.status()).toBe(200);
    const header = (await template.text()).replace(/^\uFEFF/, '').trim().split(',');
    const row = header.map((column) => (column === 'tanggal' ? day : column === 'loket' ? world.open.code : /^(U|A|P)\d/.test(column) ? '4' : '')).join(',');
    // enough rows that the job page shows the import running before it ends
    const csv = `${header.join(',')}\n${`${row}\n`.repeat(3000)}`;
    await page.getByLabel(/Berkas XLSX atau CSV/).setInputFiles({ name: 'kuesioner-kertas.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByRole('button', { name: 'Periksa dan impor' }).click();
    await page.waitForURL(/\/admin\/reports\/disdukcapil\/import\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Selesai' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('main').textContent()).toContain('3.000 kuesioner diimpor');
    expect(await page.locator('meta[http-equiv="refresh"]').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    expect(await count(world, "select id from response where channel = 'paper'")).toBe(3000);

    await page.getByRole('link', { name: 'Impor berkas lain' }).click();
    expect(await page.locator('main').textContent()).toContain('kuesioner-kertas.csv');
    await context.close();
  });
});
