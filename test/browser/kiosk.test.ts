// The kiosk tablet at the counter, in a real browser: a citizen answers while the network is down,
// is thanked at once, and the answer is stored exactly once when the network comes back; the form
// resets for the next citizen, whose answer goes straight through.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerAll, axeViolations, checkedValues, cli, eventually, newContext, responsesAt, startWorld, storedAnswers, untilHumanPace, type World } from './support.ts';

let world: World;
let kioskUrl: string;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  world = await startWorld();
  const keys = JSON.parse(await cli(world.cliEnv, 'loket', 'keys', '--loket', world.bound.code, '--json')) as { code: string; kioskUrl: string };
  expect(keys.code).toBe(world.bound.code);
  kioskUrl = keys.kioskUrl;
  expect(kioskUrl.startsWith(`${world.server.url}/k/${world.bound.code}?key=`)).toBe(true);
  context = await newContext(world, { viewport: { width: 800, height: 1280 } });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await world?.close();
});

const sidOf = (p: Page) => p.inputValue('input[name=sid]');
const queued = (p: Page) => p.evaluate(() => JSON.parse(localStorage.getItem('survei-kiosk-queue') || '[]').length as number);

describe('the kiosk tablet', () => {
  it('keeps an answer given while the network is down and stores it exactly once when the network is back; the form is fresh after 5 s; the next citizen answers online', async () => {
    expect((await page.goto(kioskUrl))!.status()).toBe(200);
    const renderedAt = Date.now();
    await page.locator('form.survey').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // first citizen, the network goes down before they send
    const sid1 = await sidOf(page);
    expect(sid1).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const chosen1 = await answerAll(page);
    expect(chosen1.layanan).toBeUndefined(); // this loket serves one layanan: not asked
    await untilHumanPace(renderedAt);
    await context.setOffline(true);
    const sentAt = Date.now();
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    const banner = page.locator('.card.done[role=status]');
    await banner.waitFor();
    await expect(banner.locator('h1').textContent()).resolves.toBe('Terima kasih!');
    await expect(banner.textContent()).resolves.toContain('Jaringan terputus');
    expect(await page.locator('form.survey').isHidden()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.waitForTimeout(500);
    expect(await queued(page)).toBe(1);
    expect(await responsesAt(world, world.bound.id)).toBe(0);

    // the network is back: sent by itself, stored once
    await context.setOffline(false);
    const took = await eventually(async () => expect(await responsesAt(world, world.bound.id)).toBe(1), 5_000);
    console.log(`kiosk: queued answer stored ${took} ms after the network came back`);
    const { rows } = await world.db.query('select id, channel, trust, client_hash, layanan_id from response where loket_id = $1', [world.bound.id]);
    expect(rows[0]).toMatchObject({ id: sid1, channel: 'kiosk', trust: 'presence', client_hash: null });
    expect(rows[0].layanan_id).not.toBeNull();
    expect(await storedAnswers(world, sid1)).toEqual(chosen1);
    await eventually(async () => expect(await queued(page)).toBe(0), 2_000);

    // 5 s after the thank-you the form is fresh: a new submission id, nothing checked
    await page.locator('form.survey').waitFor({ state: 'visible', timeout: 7_000 });
    expect(Date.now() - sentAt).toBeGreaterThanOrEqual(4_990);
    expect(await banner.isHidden()).toBe(true);
    const sid2 = await sidOf(page);
    expect(sid2).toMatch(/^[0-9a-f-]{36}$/);
    expect(sid2).not.toBe(sid1);
    expect(await checkedValues(page)).toEqual({});

    // second citizen, online
    const chosen2 = await answerAll(page);
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await banner.waitFor();
    await expect(banner.textContent()).resolves.toContain('Formulir baru akan dibuka dalam 5 detik.');
    await eventually(async () => expect(await responsesAt(world, world.bound.id)).toBe(2), 5_000);
    expect(await storedAnswers(world, sid2)).toEqual(chosen2);
    const second = await world.db.query('select channel, trust from response where id = $1', [sid2]);
    expect(second.rows[0]).toEqual({ channel: 'kiosk', trust: 'presence' });
    await eventually(async () => expect(await queued(page)).toBe(0), 2_000);
    // nothing is sent twice later on
    await page.waitForTimeout(1_000);
    expect(await responsesAt(world, world.bound.id)).toBe(2);
  });

  it('keeps an answer refused with 429 (too many from this address) and sends it again later', async () => {
    await page.locator('form.survey').waitFor({ state: 'visible', timeout: 7_000 });
    const sid = await sidOf(page);
    const chosen = await answerAll(page);
    let refused = 0;
    await page.route(`**/k/${world.bound.code}*`, (route) =>
      route.request().method() === 'POST' ? (refused++, route.fulfill({ status: 429, headers: { 'Retry-After': '60' }, body: 'too many' })) : route.continue(),
    );
    await page.getByRole('button', { name: 'Kirim jawaban' }).click();
    await eventually(async () => expect(refused).toBe(1), 2_000);
    await page.waitForTimeout(300);
    expect(await queued(page)).toBe(1);
    expect(await responsesAt(world, world.bound.id)).toBe(2);

    // the limit has passed: the next try (here at once, otherwise within 15 s) stores it
    await page.unroute(`**/k/${world.bound.code}*`);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await eventually(async () => expect(await responsesAt(world, world.bound.id)).toBe(3), 5_000);
    expect(await storedAnswers(world, sid)).toEqual(chosen);
    await eventually(async () => expect(await queued(page)).toBe(0), 2_000);
  });
});
