import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey, revokeApiKey } from '../../src/admin/api-keys.ts';
import { addInstansi, addLoket, addUnit } from '../../src/admin/org.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { errorHandler, notFoundHandler } from '../../src/http/error-handler.tsx';
import { type AppEnv, requestLog } from '../../src/http/middleware.ts';
import { invitationApi, type RateLimit } from '../../src/survey/api.ts';
import { findInvitation } from '../../src/survey/invitations.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const BASE = 'https://survei.test';

/** The API alone with the central error handler, for a short injected rate limit and clock. */
function apiApp(database: DatabaseHandle, options: { rateLimit?: RateLimit; now?: () => number } = {}) {
  const app = new Hono<AppEnv>();
  app.use(requestLog(() => {}));
  app.onError(errorHandler(() => {}));
  app.notFound(notFoundHandler);
  app.route('/', invitationApi({ db: database.db, config: { publicBaseUrl: BASE }, ...options }));
  return app;
}

describe.each(DATABASE_KINDS)('POST /api/v1/invitations on %s', (kind) => {
  let database: DatabaseHandle;
  let app: { request: ReturnType<typeof apiApp>['request'] };
  let key: string;
  let revokedKey: string;
  let loket: { id: string; code: string };
  let closedLoket: { code: string };
  let otherLoket: { code: string };
  const stored = async () => Number((await database.db.selectFrom('invitation').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const post = (body: BodyInit | null, headers: Record<string, string> = {}, target: { request: ReturnType<typeof apiApp>['request'] } = app) =>
    target.request('/api/v1/invitations', { method: 'POST', body, headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json', ...headers } });
  const json = (value: unknown, headers: Record<string, string> = {}) => post(JSON.stringify(value), headers);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const db = database.db;
    await addInstansi(db, { name: 'Kabupaten Contoh', slug: 'kab-contoh' }, 'Asia/Jakarta');
    await addUnit(db, { instansi: 'kab-contoh', name: 'Dinas Kependudukan', slug: 'disduk' });
    await addUnit(db, { instansi: 'kab-contoh', name: 'Dinas Kesehatan', slug: 'dinkes' });
    loket = await addLoket(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Loket 1' });
    closedLoket = await addLoket(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Loket Lama' });
    await db.updateTable('loket').set({ active: false }).where('code', '=', closedLoket.code).execute();
    otherLoket = await addLoket(db, { instansi: 'kab-contoh', unit: 'dinkes', name: 'Loket 1' });
    key = (await addApiKey(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Mesin antrean' })).key;
    const revoked = await addApiKey(db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Mesin lama' });
    await revokeApiKey(db, 'kab-contoh', 'disduk', revoked.id);
    revokedKey = revoked.key;
    // the real app, as createApp mounts the API (security headers, request log, error handler)
    app = testApp(database, { PUBLIC_BASE_URL: BASE }).app;
  });
  afterAll(async () => {
    await database?.close();
  });

  it('answers 201 with absolute single-use URLs for a loket of the key\'s unit', async () => {
    const before = Date.now();
    const res = await json({ loket: loket.code, count: 3, ttlHours: 2 });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = (await res.json()) as { invitations: { url: string; expiresAt: string }[] };
    expect(Object.keys(body)).toEqual(['invitations']);
    expect(body.invitations).toHaveLength(3);
    for (const invitation of body.invitations) {
      expect(Object.keys(invitation)).toEqual(['url', 'expiresAt']);
      expect(invitation.url).toMatch(/^https:\/\/survei\.test\/i\/[A-Za-z0-9_-]{43}$/);
      expect(invitation.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect((Date.parse(invitation.expiresAt) - before) / 3_600_000).toBeCloseTo(2, 1);
      const found = await findInvitation(database.db, invitation.url.split('/i/')[1]!);
      expect(found).toMatchObject({ loketId: loket.id, loketCode: loket.code, usedAt: null });
    }
    const audit = await database.db.selectFrom('audit_log').select('detail').where('action', '=', 'invitation.create').executeTakeFirstOrThrow();
    expect(audit.detail).toMatchObject({ loket: loket.code, count: 3, apiKey: expect.any(String) });
  });

  it('gives one invitation valid 14 days by default; the charset parameter and a lower-case scheme are fine', async () => {
    const res = await json({ loket: loket.code }, { 'Content-Type': 'application/json; charset=utf-8', Authorization: `bearer ${key}` });
    expect(res.status).toBe(201);
    const { invitations } = (await res.json()) as { invitations: { expiresAt: string }[] };
    expect(invitations).toHaveLength(1);
    expect((Date.parse(invitations[0]!.expiresAt) - Date.now()) / 3_600_000).toBeCloseTo(336, 0);
  });

  /** Runs a refused request and proves it stored nothing. */
  async function refused(request: () => Response | Promise<Response>, status: number, code: string, message?: string | RegExp) {
    const before = await stored();
    const res = await request();
    expect(res.status).toBe(status);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toMatch(message);
    expect(await stored()).toBe(before);
    return Object.assign(res, { error: body.error });
  }

  it.each([
    ['no Authorization header', {} as Record<string, string>, 'an API key is required'],
    ['an unknown key', { Authorization: `Bearer sk_${'A'.repeat(43)}` }, 'unknown or revoked'],
    ['a malformed key', { Authorization: 'Bearer not-a-key' }, 'unknown or revoked'],
    ['another scheme', { Authorization: 'Basic dXNlcjpwYXNz' }, 'unknown or revoked'],
    ['an empty bearer', { Authorization: 'Bearer ' }, 'unknown or revoked'],
  ])('answers 401 to %s', async (_, headers, message) => {
    const res = await refused(
      () => app.request('/api/v1/invitations', { method: 'POST', body: JSON.stringify({ loket: loket.code }), headers: { 'Content-Type': 'application/json', ...headers } }),
      401,
      'unauthorized',
      message,
    );
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  it('answers 401 to a revoked key', async () => {
    const res = await refused(() => json({ loket: loket.code }, { Authorization: `Bearer ${revokedKey}` }), 401, 'unauthorized');
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
  });

  it.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['no content type', undefined],
  ])('answers 415 to %s', async (_, type) => {
    await refused(
      () =>
        app.request('/api/v1/invitations', {
          method: 'POST',
          body: new TextEncoder().encode(JSON.stringify({ loket: loket.code })),
          headers: { Authorization: `Bearer ${key}`, ...(type ? { 'Content-Type': type } : {}) },
        }),
      415,
      'unsupported_media_type',
    );
  });

  it.each([
    ['bad JSON', '{"loket": ', /not valid JSON/],
    ['an array', '[]', /^body must be a JSON object/],
    ['no loket', '{}', /^loket /],
    ['a malformed loket', '{"loket":"Loket 1"}', /^loket must be a loket code/],
    ['count 0', '{"loket":"abcd","count":0}', /^count must be 1–100/],
    ['count 101', '{"loket":"abcd","count":101}', /^count must be 1–100/],
    ['count as a string', '{"loket":"abcd","count":"3"}', /^count must be a number/],
    ['a fractional count', '{"loket":"abcd","count":2.5}', /^count must be a whole number/],
    ['ttlHours 2161', '{"loket":"abcd","ttlHours":2161}', /^ttlHours must be 1–2160/],
    ['an unknown field', '{"loket":"abcd","ttl":5}', /unknown field "ttl"/],
  ])('answers 400 naming the field for %s', async (_, body, message) => {
    await refused(() => post(body.replace('"abcd"', `"${loket.code}"`)), 400, 'invalid', message);
  });

  it('answers 413 to a body over 16 KB, with or without Content-Length', async () => {
    const big = JSON.stringify({ loket: loket.code, padding: 'x'.repeat(17 * 1024) });
    await refused(() => post(big), 413, 'payload_too_large', /16 KB/);
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode(' '.repeat(1024)));
          controller.close();
        },
      });
    await refused(
      () =>
        app.request(
          new Request('http://localhost/api/v1/invitations', {
            method: 'POST',
            body: stream(),
            headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
            duplex: 'half',
          } as RequestInit),
        ),
      413,
      'payload_too_large',
    );
  });

  it('answers 404 for another unit\'s loket exactly as for an unknown or inactive one', async () => {
    const other = await refused(() => json({ loket: otherLoket.code }), 404, 'not_found');
    const unknown = await refused(() => json({ loket: 'zzzz9999' }), 404, 'not_found');
    const closed = await refused(() => json({ loket: closedLoket.code }), 404, 'not_found');
    const messages = [other, unknown, closed].map((r) => r.error.message);
    expect(messages.map((m, i) => m.replace([otherLoket.code, 'zzzz9999', closedLoket.code][i]!, 'CODE'))).toEqual(Array(3).fill('no active loket with code "CODE"'));
  });

  it('answers 404 to other methods and paths', async () => {
    expect((await app.request('/api/v1/invitations')).status).toBe(404);
    expect((await app.request('/api/v1/invitation', { method: 'POST' })).status).toBe(404);
  });

  it('limits each key to its rate, answering 429 with Retry-After, and lets it go again later', async () => {
    let now = 1_000_000;
    const limited = apiApp(database, { rateLimit: { limit: 3, windowMs: 60_000 }, now: () => now });
    const other = (await addApiKey(database.db, { instansi: 'kab-contoh', unit: 'disduk', name: 'Kios' })).key;
    for (let i = 0; i < 3; i++) expect((await post(JSON.stringify({ loket: loket.code }), {}, limited)).status).toBe(201);
    // refused requests count too: a client hammering with bad input is limited the same
    const res = await refused(() => post(JSON.stringify({ loket: loket.code }), {}, limited), 429, 'rate_limited');
    expect(Number(res.headers.get('retry-after'))).toBe(60);
    // another key has its own budget
    expect((await post(JSON.stringify({ loket: loket.code }), { Authorization: `Bearer ${other}` }, limited)).status).toBe(201);
    now += 30_000;
    expect((await post(JSON.stringify({ loket: loket.code }), {}, limited)).status).toBe(429);
    // a new window gives the key its budget again
    now += 30_000;
    expect((await post(JSON.stringify({ loket: loket.code }), {}, limited)).status).toBe(201);
  });
});
