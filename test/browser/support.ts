// What the browser tests share: the real server on a fresh PostgreSQL database, seeded with the real
// `survei` command, Debian's Chromium driven by playwright-core (no browser is ever downloaded),
// axe-core injected into the page, and a citizen who answers by tapping labels.
import axe from 'axe-core';
import pg from 'pg';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Locator, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { type ServerProcess, runCli, startServer } from '../support/process.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The server refuses (silently) a form sent faster than this after it was rendered. */
export const MIN_FILL_MS = 3_000;

export interface Loket {
  id: string;
  code: string;
  name: string;
  unit: string;
  layanan: string | null;
  active: boolean;
  url: string;
}

export interface World {
  server: ServerProcess;
  databaseUrl: string;
  db: pg.Client;
  browser: Browser;
  /** env for `survei` commands on the same database, with PUBLIC_BASE_URL = the server */
  cliEnv: Record<string, string>;
  /** bound to layanan "Perekaman KTP-el": the questionnaire does not ask the layanan */
  bound: Loket;
  /** serves both layanan: the questionnaire asks which one */
  open: Loket;
  close(): Promise<void>;
}

export async function cli(env: Record<string, string>, ...args: string[]): Promise<string> {
  const result = await runCli(args, env);
  if (result.code !== 0) throw new Error(`survei ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

/** Fresh database, the real server on it, an instansi with one unit (skm, ipak, ipkp), two layanan and two lokets, and a browser. */
export async function startWorld(): Promise<World> {
  const databaseUrl = await createTestDatabaseUrl();
  const secret = crypto.randomUUID().replaceAll('-', '') + crypto.randomUUID().replaceAll('-', '');
  const env = { DATABASE_URL: databaseUrl, APP_SECRET: secret };
  const run = (...args: string[]) => cli(env, ...args);
  // the first command migrates the new database; then the server starts while the rest is seeded
  await run('instansi', 'add', '--name', 'Kabupaten Contoh', '--slug', 'kab-contoh');
  const seeded = (async () => {
    await run('unit', 'add', '--instansi', 'kab-contoh', '--name', 'Dinas Kependudukan dan Pencatatan Sipil', '--slug', 'disdukcapil', '--instruments', 'skm,ipak,ipkp');
    const add = (...args: string[]) => run(...args, '--instansi', 'kab-contoh', '--unit', 'disdukcapil');
    await Promise.all([
      add('layanan', 'add', '--name', 'Perekaman KTP-el').then(() => add('loket', 'add', '--name', 'Loket 1 KTP-el', '--layanan', 'Perekaman KTP-el')),
      add('layanan', 'add', '--name', 'Kartu Keluarga'),
      add('loket', 'add', '--name', 'Loket 2 Pelayanan Umum'),
    ]);
  })();
  const started = await Promise.allSettled([startServer(env), launchBrowser(), seeded]);
  const failed = started.find((r) => r.status === 'rejected');
  if (failed) {
    // leave nothing running behind a failed start
    if (started[0].status === 'fulfilled') await started[0].value.stop();
    if (started[1].status === 'fulfilled') await started[1].value.close();
    throw failed.reason;
  }
  const server = (started[0] as PromiseFulfilledResult<ServerProcess>).value;
  const browser = (started[1] as PromiseFulfilledResult<Browser>).value;
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const cliEnv = { ...env, PUBLIC_BASE_URL: server.url };
  const lokets = JSON.parse(await cli(cliEnv, 'loket', 'list', '--instansi', 'kab-contoh', '--json')) as Loket[];
  const bound = lokets.find((l) => l.layanan === 'Perekaman KTP-el')!;
  const open = lokets.find((l) => l.layanan === null)!;
  expect(bound.url).toBe(`${server.url}/s/${bound.code}`);
  expect(open.url).toBe(`${server.url}/s/${open.code}`);
  return {
    server,
    databaseUrl,
    db,
    browser,
    cliEnv,
    bound,
    open,
    async close() {
      await Promise.allSettled([browser.close(), db.end(), server.stop()]);
    },
  };
}

/** The Tim Survei's admin of the world's instansi (tim@contoh.go.id), added through the CLI; its generated password. */
export async function addTimSurvei(world: World): Promise<string> {
  const created = JSON.parse(await cli(world.cliEnv, 'user', 'add', '--email', 'tim@contoh.go.id', '--name', 'Tim Survei', '--role', 'admin', '--instansi', 'kab-contoh', '--json')) as { password: string };
  return created.password;
}

/** A new page of the context, signed in through the form as the Tim Survei's admin. */
export async function signedInPage(context: BrowserContext, world: World, password: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${world.server.url}/admin/login`);
  await page.getByLabel('E-mail').fill('tim@contoh.go.id');
  await page.getByLabel('Kata sandi').fill(password);
  await page.getByRole('button', { name: 'Masuk' }).click();
  await page.waitForURL(`${world.server.url}/admin`);
  return page;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    // Playwright turns the back/forward cache off; a citizen's browser has it on, and the Back
    // button is part of what these tests check
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
}

export async function newContext(world: World, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await world.browser.newContext({ viewport: { width: 390, height: 800 }, ...options });
  context.setDefaultTimeout(10_000);
  context.setDefaultNavigationTimeout(15_000);
  return context;
}

export async function count(world: World, query: string, params: unknown[] = []): Promise<number> {
  const { rows } = await world.db.query<{ n: string }>(`select count(*) as n from (${query}) q`, params);
  return Number(rows[0]!.n);
}

export const responsesAt = (world: World, loketId: string) => count(world, 'select id from response where loket_id = $1', [loketId]);

/** Polls until `check` passes or `ms` run out; returns how long it took. */
export async function eventually(check: () => Promise<void>, ms = 10_000): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      await check();
      return Date.now() - started;
    } catch (error) {
      if (Date.now() - started > ms) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** The submission id inside a form token (the signed payload is base64url JSON). */
export function tokenPayload(token: string): { s?: string; l: string; t: number; tr: string; i?: string; k?: 1 } {
  return JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));
}

/** The required questions of the form: the layanan (when asked) and every instrument item, not the optional profile. */
export function questions(page: Page): Locator {
  return page.locator('form.survey > fieldset.q, form.survey > section > fieldset.q');
}

/**
 * Answers every required question by tapping one of its labels, skipping the names in `skip`; returns
 * the chosen value of each field. Values vary from question to question (never a straight line), and
 * with `offset` from one citizen to the next.
 */
export async function answerAll(page: Page, { skip = [] as string[], offset = 0 } = {}): Promise<Record<string, string>> {
  const chosen: Record<string, string> = {};
  const all = await questions(page).all();
  expect(all.length).toBeGreaterThan(0);
  let i = 0;
  for (const fieldset of all) {
    const labels = fieldset.locator('.opts > label');
    const name = (await fieldset.locator('input[type=radio]').first().getAttribute('name'))!;
    i += 1;
    if (skip.includes(name)) continue;
    const n = await labels.count();
    const pick = n === 4 ? [3, 2, 3, 1][(i + offset) % 4]! : 0;
    const label = labels.nth(pick);
    await label.click();
    chosen[name] = (await label.locator('input').getAttribute('value'))!;
    expect(await label.locator('input').isChecked()).toBe(true);
  }
  return chosen;
}

/** What the page shows as checked, by field name. */
export async function checkedValues(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => Object.fromEntries([...document.querySelectorAll<HTMLInputElement>('form.survey input[type=radio]:checked')].map((i) => [i.name, i.value])));
}

/** Waits until the form on the page is old enough for the server to take it as a human's. */
export async function untilHumanPace(renderedAt: number) {
  const wait = renderedAt + MIN_FILL_MS + 400 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/**
 * The stored answers of a response, by field name (`<instrument>:<item>`), once the server has
 * stored it.
 */
export async function storedAnswers(world: World, responseId: string): Promise<Record<string, string>> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const { rows } = await world.db.query<{ field: string; value: number }>(
      `select i.code || ':' || a.key as field, a.value::int as value
         from response r, jsonb_each(r.answers) by_version, jsonb_each(by_version.value) a, instrument_version v, instrument i
        where r.id = $1 and v.id = by_version.key::uuid and i.id = v.instrument_id`,
      [responseId],
    );
    if (rows.length > 0 || Date.now() > deadline) return Object.fromEntries(rows.map((r) => [r.field, String(r.value)]));
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function layananId(world: World, name: string): Promise<string> {
  const { rows } = await world.db.query<{ id: string }>('select id from layanan where name = $1', [name]);
  return rows[0]!.id;
}

/** axe-core in the page: the violations, each as "rule: target (impact)". */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const results = await page.evaluate(() => (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.impact}) ${v.help}`));
}

/** At 320 px nothing may scroll sideways and every answer must be a large touch target. */
export async function layoutAt320(page: Page): Promise<{ scrollWidth: number; smallLabels: string[] }> {
  return page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
    const smallLabels = [...document.querySelectorAll('label')]
      .filter((l) => l.querySelector('input[type=radio]'))
      .filter((l) => l.getBoundingClientRect().height < 44 && !l.closest('.hp'))
      .map((l) => `${l.textContent?.trim()} (${l.getBoundingClientRect().height}px)`);
    return { scrollWidth: document.scrollingElement!.scrollWidth, smallLabels };
  });
}
