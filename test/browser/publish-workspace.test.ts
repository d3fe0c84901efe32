// The publication workspace in a real browser against the real server on PostgreSQL: the list of
// scopes, a unit's page before and after publishing (with its snippets and the unpublish step
// opened), the dashboard's note once the live numbers drift, and the instansi profile with its
// embed origins; axe-core finds nothing on any of them, and the unit's page does not scroll
// sideways at 320 px.
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/database.ts';
import { localDate, periodOf } from '../../src/results/period.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { addTimSurvei, axeViolations, newContext, signedInPage, startWorld, type World } from './support.ts';

const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

describe('the publication workspace in a browser', () => {
  let world: World;
  let password: string;
  const period = periodOf(localDate(new Date(), 'Asia/Jakarta'), 'triwulan');

  /** `count` citizens of the open loket answering the SKM with `value` everywhere, this triwulan. */
  async function answers(count: number, value: 1 | 2 | 3 | 4) {
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
        Array.from({ length: count }, (_, i) => ({
          id: crypto.randomUUID(),
          unitId: skm.unit_id,
          loketId: world.open.id,
          layananId: null,
          channel: 'qr' as const,
          submittedAt: new Date(Date.now() - (i + 1) * 60_000),
          answers: SKM.map((itemCode) => ({ versionId: skm.version_id, itemCode, value })),
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
    await answers(10, 4);
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('publishes, shows the snippets and the drift, and passes axe-core on every page', async () => {
    const url = world.server.url;
    const context = await newContext(world, { viewport: { width: 1280, height: 900 } });
    const page = await signedIn(context);

    await page.getByRole('link', { name: 'Publikasi', exact: true }).click();
    await page.waitForURL(`${url}/admin/publish`);
    expect(await page.locator('main').textContent()).toContain('Belum dipublikasikan');
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${url}/admin/publish/disdukcapil?period=${period.code}`);
    expect(await page.locator('#detail').textContent()).toContain('Periode belum berakhir');
    expect(await axeViolations(page)).toEqual([]);
    await page.locator('#detail form[action="/admin/publish/disdukcapil"] button[type=submit]').click();
    await page.waitForURL(/done=published/);
    expect(await page.locator('[role=status]').first().textContent()).toMatch(/^Revisi 1 .+ dipublikasikan\.$/);
    const widget = await page.locator('#snippet-widget').inputValue();
    expect(widget).toContain('<div data-survei-unit="kab-contoh/disdukcapil"');
    expect(widget).toMatch(/<script src="http[^"]+\/widget\.js" async><\/script>/);
    await page.locator('details.unpublish summary').click();
    expect(await axeViolations(page)).toEqual([]);

    // new answers: the dashboard says the live numbers moved away from the publication
    await answers(5, 1);
    await page.goto(`${url}/admin/dashboard/disdukcapil?period=${period.code}`);
    const note = page.locator('.published-note');
    expect(await note.textContent()).toContain('Angka langsung berbeda dari publikasi: IKM responden 10 → 15');
    expect(await axeViolations(page)).toEqual([]);
    await note.getByRole('link').click();
    await page.waitForURL(`${url}/admin/publish/disdukcapil?period=${period.code}`);
    expect(await page.getByRole('button', { name: 'Terbitkan revisi 2' }).count()).toBe(1);

    await page.goto(`${url}/admin/instansi`);
    await page.locator('#embedOrigins').fill('https://disdukcapil.kab-contoh.go.id/profil');
    await page.getByRole('button', { name: 'Simpan profil' }).click();
    expect(await page.locator('[role=alert]').textContent()).toContain('baris 1');
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  });

  it('keeps the unit\'s publication page within 320 px', async () => {
    const context = await newContext(world, { viewport: { width: 320, height: 640 } });
    const page = await signedIn(context);
    await page.goto(`${world.server.url}/admin/publish/disdukcapil?period=${period.code}`);
    expect(await page.evaluate(() => document.scrollingElement!.scrollWidth)).toBeLessThanOrEqual(320);
    await context.close();
  });
});
