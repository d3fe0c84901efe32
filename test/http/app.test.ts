import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi } from '../../src/admin/org.ts';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
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

  it('answers /healthz with the database kind and version', async () => {
    const res = await app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: kind, version: '0.1.0' });
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

  it('logs one line per request with its id and never the query string', async () => {
    await app.request('/healthz?token=secret-value');
    const line = logs.at(-1)!;
    expect(line).toMatch(/ GET \/healthz 200 /);
    expect(line).not.toContain('secret-value');
  });
});

describe('HTTP when the database is unreachable', () => {
  it('answers 503 with Retry-After and logs it, rather than crashing or hanging', async () => {
    const port = await freePort(); // nothing listens there
    const database = await createDatabase({ url: `postgres://postgres@127.0.0.1:${port}/none` });
    const { app, logs } = testApp(database);
    try {
      const res = await app.request('/healthz');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(await res.json()).toEqual({ error: { code: 'unavailable', message: 'the service is temporarily unavailable; retry shortly' } });
      expect(logs.some((l) => l.includes('database unavailable'))).toBe(true);
    } finally {
      await database.close();
    }
  });
});
