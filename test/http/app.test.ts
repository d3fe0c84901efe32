import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi } from '../../src/admin/org.ts';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { HEALTH_TIMEOUT_MS } from '../../src/http/health.ts';
import { freePort } from '../support/postgres-server.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('HTTP on %s', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let logs: string[];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app, logs } = testApp(database));
    const published = await addInstansi(database.db, { name: 'Kabupaten <Contoh> & "Uji"', slug: 'kab-contoh' }, 'Asia/Jakarta');
    await addInstansi(database.db, { name: 'Kota Belum Terbit', slug: 'kota-belum' }, 'Asia/Jakarta');
    await database.db.insertInto('publication').values({ instansi_id: published.id, unit_id: null, period: '2026-Q3', revision: 1, scorecard: '[]' }).execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers /healthz with the database up, its kind and the version, never cached', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'up', kind, version: '0.1.0' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves a landing page in Bahasa Indonesia, English on request, with strict headers', async () => {
    const res = await app.request('/', { headers: { Accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html.startsWith('<!doctype html><html lang="id">')).toBe(true);
    expect(html).toContain('href="/admin/login"');
    expect(html).toContain('href="/p/kab-contoh"');
    expect(html).not.toContain('kota-belum'); // nothing published there yet
    // user text is escaped
    expect(html).toContain('Kabupaten &lt;Contoh&gt; &amp; &quot;Uji&quot;');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('strict-transport-security')).toContain('max-age=');

    const en = await app.request('/?lang=en', { headers: { Accept: 'text/html' } });
    expect(await en.text()).toContain('<html lang="en">');
    expect(en.headers.get('set-cookie')).toContain('lang=en');
  });

  it('answers unknown paths with the JSON envelope or a friendly page', async () => {
    const json = await app.request('/no/such/page');
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ error: { code: 'not_found', message: 'not found' } });

    const page = await app.request('/no/such/page', { headers: { Accept: 'text/html', Cookie: 'lang=en' } });
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).toContain('Page not found');
    expect(html).toContain(page.headers.get('x-request-id')!);
    expect(html).toContain('href="/no/such/page?lang=id"');
  });

  it('never turns a request path into a link off-site', async () => {
    for (const path of ['//evil.example/x', '/\\evil.example/x']) {
      const html = await (await app.request(`http://survei.test${path}`, { headers: { Accept: 'text/html' } })).text();
      expect(html).not.toContain('evil.example');
    }
  });

  it('logs one JSON line per request with its id and never the query string', async () => {
    const res = await app.request('/healthz?token=secret-value', { headers: { Cookie: 'lang=en; session=cookie-value' } });
    const line = logs.at(-1)!;
    expect(line).not.toContain('\n');
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(entry).toEqual({ time: expect.any(String), level: 'info', msg: 'request', request_id: res.headers.get('x-request-id'), method: 'GET', path: '/healthz', status: 200, ms: expect.any(Number) });
    expect(new Date(entry.time as string).toISOString()).toBe(entry.time);
    expect(Object.keys(entry).slice(0, 3)).toEqual(['time', 'level', 'msg']);
    expect(line).not.toContain('secret-value');
    expect(line).not.toContain('cookie-value');
  });

  it('logs an invitation path without its token, and a 404 as info', async () => {
    const res = await app.request('/i/the-invitation-token-123?lang=en');
    expect(res.status).toBe(404);
    const entry = JSON.parse(logs.at(-1)!) as Record<string, unknown>;
    expect(entry).toMatchObject({ level: 'info', path: '/i/-', status: 404, request_id: res.headers.get('x-request-id') });
    expect(logs.at(-1)).not.toContain('the-invitation-token');
  });
});

const entries = (logs: string[]) => logs.map((line) => JSON.parse(line) as Record<string, unknown>);

describe('HTTP when the database is unreachable', () => {
  it('answers 503 with Retry-After and logs it, rather than crashing or hanging', async () => {
    const port = await freePort(); // nothing listens there
    const database = await createDatabase({ url: `postgres://postgres:db-password@127.0.0.1:${port}/none` });
    const { app, logs } = testApp(database);
    try {
      const health = await app.request('/healthz');
      expect(health.status).toBe(503);
      expect(health.headers.get('retry-after')).toBe('5');
      expect(health.headers.get('cache-control')).toBe('no-store');
      expect(await health.json()).toEqual({ status: 'unavailable', database: 'unreachable', kind: 'postgres', version: '0.1.0' });

      const res = await app.request('/');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ error: { code: 'unavailable', message: 'the service is temporarily unavailable; retry shortly' } });
      const logged = entries(logs);
      const id = res.headers.get('x-request-id');
      expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'database unavailable', request_id: id, code: 'ECONNREFUSED' }));
      expect(logged).toContainEqual(expect.objectContaining({ level: 'error', msg: 'request', request_id: id, status: 503 }));
      expect(logged).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'healthz: database unreachable', request_id: health.headers.get('x-request-id') }));
      expect(logs.join('\n')).not.toContain('db-password');
    } finally {
      await database.close();
    }
  });
});

describe('HTTP when the database hangs', () => {
  // accepts connections and never says a word: the pool waits for its 5 s connection timeout
  let silent: Server;
  let url: string;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    url = `postgres://postgres@127.0.0.1:${(silent.address() as AddressInfo).port}/none`;
  });
  // the pending connections fail at once instead of at the pool's timeout, so the test ends sooner
  const hangUp = () => {
    for (const socket of sockets) socket.destroy();
  };
  afterAll(async () => {
    hangUp();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('answers /healthz 503 within its 2 s, not when the pool gives up', async () => {
    const database = await createDatabase({ url });
    const { app } = testApp(database);
    try {
      const started = performance.now();
      const res = await app.request('/healthz');
      const ms = performance.now() - started;
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ status: 'unavailable', database: 'unreachable' });
      expect(res.headers.get('retry-after')).toBe('5');
      expect(ms).toBeGreaterThanOrEqual(HEALTH_TIMEOUT_MS - 50);
      expect(ms).toBeLessThan(HEALTH_TIMEOUT_MS + 1_500);
    } finally {
      hangUp();
      await database.close();
    }
  });

  it('answers a request that outlives REQUEST_TIMEOUT_MS with 503, Retry-After, the envelope or the page', async () => {
    const database = await createDatabase({ url });
    const { app, logs } = testApp(database, { REQUEST_TIMEOUT_MS: '1000' });
    try {
      const started = performance.now();
      const [json, page] = await Promise.all([app.request('/'), app.request('/', { headers: { Accept: 'text/html' } })]);
      expect(performance.now() - started).toBeLessThan(2_500);
      expect(json.status).toBe(503);
      expect(json.headers.get('retry-after')).toBe('5');
      expect(await json.json()).toEqual({ error: { code: 'timeout', message: 'the request took too long; retry shortly' } });
      expect(page.status).toBe(503);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(await page.text()).toContain(page.headers.get('x-request-id')!);
      expect(entries(logs)).toContainEqual(expect.objectContaining({ level: 'error', msg: 'request', path: '/', status: 503, request_id: json.headers.get('x-request-id') }));
    } finally {
      hangUp();
      await database.close();
    }
  });
});
