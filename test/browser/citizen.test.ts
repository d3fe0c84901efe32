// A citizen at the loket, in a real browser (Debian's Chromium): scans the QR (the URL `survei loket
// list --json` gives), answers by tapping, sends, sees the thank-you; with and without JavaScript,
// with a question left out, in English, at 320 px; axe-core finds nothing; the page stays small;
// a single-use invitation works once.
import type { BrowserContext, Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answerAll,
  axeViolations,
  checkedValues,
  cli,
  count,
  layananId,
  layoutAt320,
  newContext,
  questions,
  responsesAt,
  startWorld,
  storedAnswers,
  tokenPayload,
  untilHumanPace,
  type World,
} from './support.ts';

const PAGE_WEIGHT_LIMIT = 30 * 1024;

let world: World;

beforeAll(async () => {
  const started = Date.now();
  world = await startWorld();
  console.log(`browser world ready in ${Date.now() - started} ms`);
});
afterAll(async () => {
  await world?.close();
});

async function withContext<T>(options: Parameters<typeof newContext>[1], run: (context: BrowserContext, page: Page) => Promise<T>): Promise<T> {
  const context = await newContext(world, options);
  try {
    return await run(context, await context.newPage());
  } finally {
    await context.close();
  }
}

/** Opens the questionnaire, answers all, sends it; returns the submission id and the answers. */
async function answerAndSend(page: Page, url: string) {
  const opened = await page.goto(url);
  expect(opened!.status()).toBe(200);
  const renderedAt = Date.now();
  await expect(page.locator('h1').first().textContent()).resolves.toBe('Dinas Kependudukan dan Pencatatan Sipil');
  const token = await page.inputValue('input[name=token]');
  const sid = tokenPayload(token).s!;
  expect(sid).toMatch(/^[0-9a-f-]{36}$/);
  const chosen = await answerAll(page);
  await untilHumanPace(renderedAt);
  await page.getByRole('button', { name: 'Kirim jawaban' }).click();
  await page.waitForURL(/\/terima-kasih$/);
  return { sid, token, chosen };
}

describe.each([
  ['with JavaScript', true],
  ['without JavaScript', false],
])('a citizen answers at the loket %s', (_, javaScriptEnabled) => {
  it('opens the loket URL, answers every question, sends, and is thanked; the response is stored once; Back and send again stores nothing', async () => {
    await withContext({ javaScriptEnabled }, async (_context, page) => {
      const before = await responsesAt(world, world.open.id);
      const { sid, token, chosen } = await answerAndSend(page, world.open.url);
      await expect(page.locator('main').textContent()).resolves.toContain('Terima kasih!');
      await expect(page.locator('main').textContent()).resolves.toContain('SP4N-LAPOR!');

      expect(await responsesAt(world, world.open.id)).toBe(before + 1);
      const { rows } = await world.db.query('select channel, trust, loket_id, layanan_id, unit_id, excluded_at from response where id = $1', [sid]);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ channel: 'qr', trust: 'open', loket_id: world.open.id, excluded_at: null });
      const { layanan, ...items } = chosen;
      expect(rows[0].layanan_id).toBe(layanan);
      // every item of skm, ipak and ipkp, with the value tapped
      expect(Object.keys(items).length).toBeGreaterThanOrEqual(9 + 5 + 11);
      expect(await storedAnswers(world, sid)).toEqual(items);

      // Back to the form (the same page, with its answers) and send again: thanked, nothing new
      await page.goBack({ waitUntil: 'commit' });
      await page.locator('form.survey').waitFor();
      expect(await page.inputValue('input[name=token]'), 'Back shows the same form, with the same submission id').toBe(token);
      expect(await checkedValues(page)).toEqual(chosen);
      await page.getByRole('button', { name: 'Kirim jawaban' }).click();
      await page.waitForURL(/\/terima-kasih$/);
      await expect(page.locator('main').textContent()).resolves.toContain('SP4N-LAPOR!');
      expect(await responsesAt(world, world.open.id)).toBe(before + 1);
      expect(await count(world, 'select 1 from response r, jsonb_each(r.answers) v, jsonb_each(v.value) a where r.id = $1', [sid])).toBe(Object.keys(items).length);
    });
  });
});

describe('a citizen who leaves a question out', () => {
  it('gets the form back (422) with the given answers still checked and the missing question marked; nothing is stored until it is answered', async () => {
    await withContext({}, async (_context, page) => {
      const before = await responsesAt(world, world.open.id);
      await page.goto(world.open.url);
      const renderedAt = Date.now();
      const sid = tokenPayload(await page.inputValue('input[name=token]')).s!;
      const skipped = 'skm:U3';
      const chosen = await answerAll(page, { skip: [skipped] });

      // the browser itself already stops an incomplete form (the answers are `required`)...
      let posts = 0;
      page.on('request', (r) => void (r.method() === 'POST' && posts++));
      await page.getByRole('button', { name: 'Kirim jawaban' }).click();
      await page.waitForTimeout(300);
      expect(posts).toBe(0);
      // ...a browser without form validation sends it, and the server sends it back
      await page.evaluate(() => void (document.querySelector<HTMLFormElement>('form.survey')!.noValidate = true));
      await untilHumanPace(renderedAt);
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Kirim jawaban' }).click()]);
      expect(response.status()).toBe(422);
      await page.locator('form.survey').waitFor();

      expect(await checkedValues(page)).toEqual(chosen);
      expect(tokenPayload(await page.inputValue('input[name=token]')).s, 'the same submission id').toBe(sid);
      const missing = page.locator('#q-skm-U3');
      await expect(missing.getAttribute('class')).resolves.toContain('err');
      await expect(missing.locator('.msg').textContent()).resolves.toBe('Pertanyaan ini wajib dijawab.');
      await expect(missing.getAttribute('aria-describedby')).resolves.toBe('q-skm-U3-e');
      await expect(page.locator('.summary[role=alert]').textContent()).resolves.toContain('1 pertanyaan');
      await expect(page.locator('.summary a').getAttribute('href')).resolves.toBe('#q-skm-U3');
      expect(await page.locator('fieldset.err').count()).toBe(1);
      expect(await responsesAt(world, world.open.id)).toBe(before);

      // answering it now sends the kept answers as well
      await missing.locator('label').nth(1).click();
      await page.getByRole('button', { name: 'Kirim jawaban' }).click();
      await page.waitForURL(/\/terima-kasih$/);
      expect(await responsesAt(world, world.open.id)).toBe(before + 1);
      const { layanan: _, ...items } = chosen;
      expect(await storedAnswers(world, sid)).toEqual({ ...items, [skipped]: '2' });
    });
  });
});

describe('language', () => {
  it('switches to English with one tap and remembers it on the next page load', async () => {
    await withContext({}, async (_context, page) => {
      await page.goto(world.bound.url);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('id');
      await page.getByRole('link', { name: 'English' }).click();
      await page.waitForURL(/lang=en/);
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.getByRole('button', { name: 'Send answers' }).count()).resolves.toBe(1);
      await expect(page.locator('main').textContent()).resolves.toContain('Dinas Kependudukan dan Pencatatan Sipil');

      await page.goto(world.bound.url);
      expect(page.url()).not.toContain('lang=');
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(page.getByRole('button', { name: 'Send answers' }).count()).resolves.toBe(1);
      await expect(page.getByRole('link', { name: 'Bahasa Indonesia' }).count()).resolves.toBe(1);
    });
  });
});

describe('accessibility and small screens', () => {
  const WIDTHS = [320, 1280];

  /** axe at every width, and at 320 px no sideways scrolling; returns what was found, by width. */
  async function check(page: Page, what: string, found: string[]) {
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 800 });
      for (const v of await axeViolations(page)) found.push(`${what} @${width}px: ${v}`);
      if (width === 320) {
        const layout = await page.evaluate(() => document.scrollingElement!.scrollWidth);
        if (layout > 320) found.push(`${what} @320px: scrolls sideways (scrollWidth ${layout})`);
      }
    }
  }

  it('axe-core finds 0 violations on the form, the form with errors, the thank-you page, the 404 and the 400 page, at 320 px and 1280 px', async () => {
    const found: string[] = [];
    await withContext({}, async (_context, page) => {
      expect((await page.goto(world.open.url))!.status()).toBe(200);
      const renderedAt = Date.now();
      await check(page, 'form', found);

      // the form with errors: two answers given, the rest missing
      await questions(page).nth(0).locator('label').first().click();
      await questions(page).nth(1).locator('label').nth(2).click();
      await page.evaluate(() => void (document.querySelector<HTMLFormElement>('form.survey')!.noValidate = true));
      await untilHumanPace(renderedAt);
      const [sent] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Kirim jawaban' }).click()]);
      expect(sent.status()).toBe(422);
      await page.locator('.summary').waitFor();
      await check(page, 'form with errors', found);

      // a tampered token posted from the page
      await page.evaluate(() => {
        document.querySelector<HTMLFormElement>('form.survey')!.noValidate = true;
        const token = document.querySelector<HTMLInputElement>('input[name=token]')!;
        const last = token.value.at(-1) === 'A' ? 'B' : 'A';
        token.value = token.value.slice(0, -1) + last;
      });
      const [bad] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: 'Kirim jawaban' }).click()]);
      expect(bad.status()).toBe(400);
      await page.locator('section.error').waitFor();
      await expect(page.locator('main').textContent()).resolves.toContain('Isian formulir tidak sah');
      await check(page, '400 page', found);

      expect((await page.goto(`${world.open.url}/terima-kasih`))!.status()).toBe(200);
      await check(page, 'thank-you page', found);

      expect((await page.goto(`${world.server.url}/s/tidakada1`))!.status()).toBe(404);
      await expect(page.locator('h1').textContent()).resolves.toBe('Halaman tidak ditemukan');
      await check(page, '404 page', found);
    });
    expect(found).toEqual([]);
  });

  it('at 320 px the questionnaire does not scroll sideways and every answer is at least 44 px high', async () => {
    await withContext({ viewport: { width: 320, height: 640 } }, async (_context, page) => {
      for (const loket of [world.open, world.bound]) {
        await page.goto(loket.url);
        const { scrollWidth, smallLabels } = await layoutAt320(page);
        expect(scrollWidth).toBeLessThanOrEqual(320);
        expect(smallLabels).toEqual([]);
        expect(await page.locator('label:has(input[type=radio])').count()).toBeGreaterThan(25 * 4);
      }
    });
  });
});

describe('page weight', () => {
  async function weigh(url: string) {
    return withContext({}, async (_context, page) => {
      const origins = new Set<string>();
      const responses: Response[] = [];
      page.on('request', (r) => void origins.add(new URL(r.url()).origin));
      page.on('response', (r) => void responses.push(r));
      await page.goto(url, { waitUntil: 'networkidle' });
      let bytes = 0;
      const parts: string[] = [];
      for (const r of responses) {
        const body = await r.body();
        bytes += body.length;
        parts.push(`${new URL(r.url()).pathname.replace(/\?.*$/, '')} ${body.length} B`);
      }
      return { bytes, parts, origins: [...origins] };
    });
  }

  it('the questionnaire of a unit running skm, ipak and ipkp (HTML, CSS, scripts, images, fonts) is at most 30 KB, all from the server itself', async () => {
    const form = await weigh(world.open.url);
    const keys = JSON.parse(await cli(world.cliEnv, 'loket', 'keys', '--loket', world.bound.code, '--json')) as { kioskUrl: string };
    const kiosk = await weigh(keys.kioskUrl);
    console.log(`page weight, questionnaire (skm+ipak+ipkp, layanan asked): ${form.bytes} bytes of ${PAGE_WEIGHT_LIMIT} (${form.parts.join(', ')})`);
    console.log(`page weight, kiosk questionnaire: ${kiosk.bytes} bytes of ${PAGE_WEIGHT_LIMIT} (${kiosk.parts.join(', ')})`);
    for (const weighed of [form, kiosk]) {
      expect(weighed.origins).toEqual([world.server.url]);
      expect(weighed.parts.length).toBeGreaterThanOrEqual(2);
      expect(weighed.bytes).toBeLessThanOrEqual(PAGE_WEIGHT_LIMIT);
    }
  });
});

describe('a single-use invitation', () => {
  it('opens the form once: the answer is stored as invited; the link used again shows "Sudah diisi" and stores nothing', async () => {
    const made = JSON.parse(await cli(world.cliEnv, 'invitations', '--loket', world.bound.code, '--count', '1', '--json')) as { invitations: { url: string }[] };
    const url = made.invitations[0]!.url;
    expect(url.startsWith(`${world.server.url}/i/`)).toBe(true);
    await withContext({}, async (_context, page) => {
      const before = await count(world, 'select id from response');
      const { sid, token, chosen } = await answerAndSend(page, url);
      await expect(page.locator('main').textContent()).resolves.toContain('Terima kasih!');
      const invitationId = tokenPayload(token).i;
      expect(invitationId).toBeDefined();
      expect(await count(world, 'select id from response')).toBe(before + 1);
      const { rows } = await world.db.query('select channel, trust, invitation_id, loket_id, layanan_id from response where id = $1', [sid]);
      expect(rows[0]).toEqual({ channel: 'invitation', trust: 'invited', invitation_id: invitationId, loket_id: world.bound.id, layanan_id: await layananId(world, 'Perekaman KTP-el') });
      expect(await storedAnswers(world, sid)).toEqual(chosen);
      expect(await count(world, 'select id from invitation where id = $1 and used_at is not null', [invitationId])).toBe(1);

      const again = await page.goto(url);
      expect(again!.status()).toBe(410);
      await expect(page.locator('h1').textContent()).resolves.toBe('Sudah diisi');
      expect(await page.locator('form.survey').count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(await count(world, 'select id from response')).toBe(before + 1);
    });
  });
});
