// Public answers kept whole in memory: a second request gets the same body and every header of the
// first (the security policy too) with its own request id, 304 on its ETag; nothing personal or
// uncacheable is kept; publishing through the workspace shows the new revision at once.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { responseCache } from '../../src/publish/response-cache.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

describe.each(DATABASE_KINDS)('the public response cache (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let app: ReturnType<typeof testApp>['app'];
  let logs: string[];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    ({ app, logs } = testApp(database));
  });
  afterAll(async () => {
    await database?.close();
  });

  // the kept answer also says its length (the first one's adapter works it out when sending)
  const headersOf = (res: Response) => Object.fromEntries([...res.headers].filter(([name]) => name !== 'x-request-id' && name !== 'content-length'));

  it.each(['/p/kab-uji/dinkes', '/embed/kab-uji/dinkes?theme=dark', '/badge/kab-uji/dinkes/ikm.svg', '/api/v1/public/instansi/kab-uji', '/widget.js'])('answers %s again with the same body and headers, its own request id, and 304 on its ETag', async (path) => {
    const first = await app.request(path);
    expect(first.status).toBe(200);
    const body = await first.text();
    const second = await app.request(path);
    expect(await second.text()).toBe(body);
    expect(headersOf(second)).toEqual(headersOf(first));
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(second.headers.get('content-security-policy')).toBeTruthy();
    expect(second.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(second.headers.get('x-request-id')).not.toBe(first.headers.get('x-request-id'));
    expect(JSON.parse(logs.at(-1)!)).toMatchObject({ msg: 'request', request_id: second.headers.get('x-request-id'), method: 'GET', path: path.split('?')[0], status: 200, cached: true });
    const again = await app.request(path, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const head = await app.request(path, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('keeps no answer that sets a cookie, no error, and nothing outside the public side', async () => {
    for (const path of ['/p/kab-uji/dinkes?lang=en', '/p/kab-uji/tidak-ada', '/healthz', '/admin/login']) {
      await app.request(path);
      const before = logs.length;
      await app.request(path);
      expect(logs.slice(before).some((l) => JSON.parse(l).cached === true), path).toBe(false);
    }
    // the English page asked with the cookie is kept apart from the Indonesian one
    const id = await (await app.request('/p/kab-uji/dinkes')).text();
    const en = await (await app.request('/p/kab-uji/dinkes', { headers: { Cookie: 'lang=en' } })).text();
    const enAgain = await (await app.request('/p/kab-uji/dinkes', { headers: { Cookie: 'lang=en' } })).text();
    expect(en).not.toBe(id);
    expect(enAgain).toBe(en);
    expect(en).toContain('<html lang="en"');
  });

  it('shows a republication at once: publishing clears the kept answers', async () => {
    const before = await (await app.request('/badge/kab-uji/disduk/ikm.svg')).text();
    expect(before).toContain('100,00');
    await world.answer('disduk', 10, 1);
    const agent = new Agent(app);
    expect((await agent.signIn('admin@uji.go.id')).status).toBe(303);
    const res = await agent.post('/admin/publish/disduk', { period: world.period.code });
    expect(res.status).toBe(303);
    const after = await (await app.request('/badge/kab-uji/disduk/ikm.svg')).text();
    expect(after).not.toBe(before);
    expect(after).toContain('62,50');
  });
});

describe('the public response cache\'s memory', () => {
  // a route per path, each answering a public body of `size` bytes
  function appWith(cache: ReturnType<typeof responseCache>, size = 1_000) {
    const app = new Hono();
    app.use(cache.keep());
    app.get('/p/:page', (c) => c.body('x'.repeat(size), 200, { 'Cache-Control': 'public, max-age=60' }));
    return app;
  }
  const kept = (cache: ReturnType<typeof responseCache>, page: string) => cache.lookup('GET', `/p/${page}`, null, null) !== undefined;

  it('stays within its byte budget: the oldest answers make room for new ones', async () => {
    const cache = responseCache(60_000, { maxTotalBytes: 2_500 });
    const app = appWith(cache);
    for (const page of ['a', 'b', 'c']) await (await app.request(`/p/${page}`)).text();
    expect(['a', 'b', 'c'].map((page) => kept(cache, page))).toEqual([false, true, true]);
    // an answer larger than the whole budget is not kept, and evicts nothing
    await (await appWith(cache, 3_000).request('/p/d')).text();
    expect(['b', 'c', 'd'].map((page) => kept(cache, page))).toEqual([true, true, false]);
  });

  it('drops expired answers first', async () => {
    const cache = responseCache(50, { maxTotalBytes: 2_500 });
    const app = appWith(cache);
    await (await app.request('/p/a')).text();
    await (await app.request('/p/b')).text();
    await new Promise((resolve) => setTimeout(resolve, 60));
    await (await app.request('/p/c')).text();
    expect(kept(cache, 'c')).toBe(true);
    expect(kept(cache, 'a') || kept(cache, 'b')).toBe(false);
  });
});
