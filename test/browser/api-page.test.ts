// The open-data page (/api) in headless Chromium: axe-core finds no violation in either language,
// at 320 px and 1280 px, and nothing scrolls sideways on a small phone (long URLs and commands wrap).
import { serve, type ServerType } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { openTestDatabase } from '../support/databases.ts';
import { seedPublishedWorld } from '../support/published.ts';
import { axeViolations, launchBrowser } from './support.ts';

describe('the open-data page in a browser', () => {
  let database: DatabaseHandle;
  let server: ServerType;
  let browser: Browser;
  let url: string;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    await seedPublishedWorld(database.db);
    const port = await new Promise<number>((resolve) => {
      const config = loadConfig({ APP_SECRET: 'browser-secret-'.padEnd(40, 'x'), PUBLIC_BASE_URL: 'http://127.0.0.1:1' });
      const app = createApp({ config, database, log: () => {}, assets: serveStatic({ root: 'web', rewriteRequestPath: (path) => path.replace(/^\/static/, '') }) });
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    });
    url = `http://127.0.0.1:${port}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    await database?.close();
  });

  it('has no axe-core violations in Bahasa Indonesia and English, at 320 px and 1280 px, and does not scroll sideways', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const found: string[] = [];
    try {
      for (const lang of ['id', 'en']) {
        const res = await page.goto(`${url}/api?lang=${lang}`);
        expect(res!.status()).toBe(200);
        // the page's own stylesheet is served and applied
        expect(await page.evaluate(() => getComputedStyle(document.querySelector('pre')!).whiteSpace)).toBe('pre-wrap');
        for (const width of [320, 1280]) {
          await page.setViewportSize({ width, height: 800 });
          for (const v of await axeViolations(page)) found.push(`${lang} @${width}px: ${v}`);
          const scrollWidth = await page.evaluate(() => document.scrollingElement!.scrollWidth);
          if (width === 320 && scrollWidth > 320) found.push(`${lang} @320px: scrolls sideways (scrollWidth ${scrollWidth})`);
        }
      }
    } finally {
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
