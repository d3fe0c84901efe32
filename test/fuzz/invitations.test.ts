// Fuzzing the invitations: GET /i/:token with random, near-valid and real tokens (used, expired,
// fresh), and POST /api/v1/invitations with random keys, content types and JSON bodies. Never a 5xx
// or an unhandled rejection; a 201 may store invitations (and their audit line), anything else
// stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey, revokeApiKey } from '../../src/admin/api-keys.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createInvitations } from '../../src/survey/invitations.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { seedPublishedWorld } from '../support/published.ts';
import { anyText, changes, type Fingerprint, fingerprinter, FUZZ_RUNS, fuzzParams, fuzzTimeout, headerValue, watchRejections, wellFormed } from './support.ts';

/** The API allows 60 requests a minute per key: a fresh key well before that. */
const REQUESTS_PER_KEY = 50;

type PageCase = { kind: 'page'; token: string; raw: boolean };
type ApiCase = { kind: 'api'; auth: 'key' | 'revoked' | 'lower' | 'none' | 'text'; authText: string; contentType: string | null; body: { json: unknown } | { text: string } };

describe.each(DATABASE_KINDS)('fuzzing the invitations (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let lokets: string[];
  let tokens: string[];
  let revoked: string;
  let key = '';
  let keyUses = REQUESTS_PER_KEY;
  let fingerprint: () => Promise<Fingerprint>;
  /** the database as the previous case left it */
  let last: Fingerprint;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    const world = await seedPublishedWorld(database.db, { publishNow: false });
    lokets = [world.dinkes.loketCode, world.disduk.loketCode];
    // one used, one expired, the rest fresh
    const made = await createInvitations(database.db, { loketCode: world.disduk.loketCode, count: 5 });
    tokens = made.invitations.map((i) => i.token);
    await database.db.updateTable('invitation').set({ used_at: new Date() }).where('id', '=', made.invitations[0]!.id).execute();
    await database.db.updateTable('invitation').set({ expires_at: new Date(Date.now() - 60_000) }).where('id', '=', made.invitations[1]!.id).execute();
    const old = await addApiKey(database.db, { instansi: 'kab-uji', unit: 'disduk', name: 'Mesin lama' });
    await revokeApiKey(database.db, 'kab-uji', 'disduk', old.id);
    revoked = old.key;
    ({ app } = testApp(database));
  });
  afterAll(async () => {
    await database?.close();
  });

  const pageArb: fc.Arbitrary<PageCase> = fc.record({
    kind: fc.constant('page' as const),
    token: fc.oneof(
      fc.nat().map((i) => tokens[i % tokens.length]!),
      fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 2 })).map(([i, at, s]) => {
        const t = tokens[i % tokens.length]!;
        return t.slice(0, at % 44) + s + t.slice((at % 44) + 1);
      }),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      anyText(),
    ),
    raw: fc.boolean(),
  });

  /** mostly a valid request, each field now and then replaced by anything JSON */
  const nearValid = fc
    .record({
      loket: fc.oneof({ weight: 6, arbitrary: fc.nat().map((i) => lokets[i % lokets.length]!) }, fc.stringMatching(/^[a-z0-9]{4,16}$/), fc.jsonValue()),
      count: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 5 }) }, fc.integer({ min: -5, max: 120 }), fc.double(), fc.jsonValue()),
      ttlHours: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 2160 }) }, fc.integer({ min: -5, max: 3000 }), fc.double(), fc.jsonValue()),
      extra: fc.jsonValue(),
    }, { requiredKeys: ['loket'] })
    // an unknown field in one body of five
    .chain((body) => fc.nat(4).map((n) => {
      const { extra: _, ...rest } = body;
      return n === 0 ? body : rest;
    }));

  const apiArb: fc.Arbitrary<ApiCase> = fc.record({
    kind: fc.constant('api' as const),
    auth: fc.oneof({ weight: 8, arbitrary: fc.constant('key' as const) }, fc.constantFrom('revoked' as const, 'lower' as const, 'none' as const, 'text' as const)),
    authText: anyText().map(headerValue),
    contentType: fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      fc.constantFrom(null, 'application/json; charset=utf-8', 'Application/JSON', 'text/plain', 'application/x-www-form-urlencoded'),
      anyText().map(headerValue),
    ),
    body: fc.oneof(
      { weight: 4, arbitrary: nearValid.map((json) => ({ json })) },
      { weight: 2, arbitrary: fc.jsonValue().map((json) => ({ json })) },
      { weight: 1, arbitrary: anyText().map((text) => ({ text })) },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => ({ text: JSON.stringify(v).slice(0, -1) })) },
    ),
  });

  async function apiKey(): Promise<string> {
    if (keyUses >= REQUESTS_PER_KEY) {
      key = (await addApiKey(database.db, { instansi: 'kab-uji', unit: 'disduk', name: `Mesin ${crypto.randomUUID()}` })).key;
      keyUses = 0;
      last = await fingerprint();
    }
    keyUses += 1;
    return key;
  }

  async function request(c: PageCase | ApiCase, fresh: string): Promise<Response> {
    if (c.kind === 'page') {
      const segment = c.raw ? c.token.replace(/[/?#]/g, '') : encodeURIComponent(wellFormed(c.token));
      return app.request(`https://survei.test/i/${segment}`, { headers: { Accept: c.token.length % 2 ? 'text/html' : '*/*' } });
    }
    const headers: Record<string, string> = {};
    if (c.auth === 'key') headers.Authorization = `Bearer ${fresh}`;
    if (c.auth === 'lower') headers.Authorization = `bearer   ${fresh} `;
    if (c.auth === 'revoked') headers.Authorization = `Bearer ${revoked}`;
    if (c.auth === 'text') headers.Authorization = c.authText;
    if (c.contentType !== null) headers['Content-Type'] = c.contentType;
    const body = 'json' in c.body ? JSON.stringify(c.body.json) ?? '' : c.body.text;
    return app.request('https://survei.test/api/v1/invitations', { method: 'POST', headers, body });
  }

  it(
    `answers ${FUZZ_RUNS} random invitation pages and API calls without a 5xx, storing only on a 201`,
    async () => {
      fingerprint = await fingerprinter(database.db);
      last = await fingerprint();
      const rejections = watchRejections();
      const seen = new Map<string, number>();
      rejections.start();
      try {
        await fc.assert(
          fc.asyncProperty(fc.oneof(pageArb, apiArb), async (c) => {
            const fresh = c.kind === 'api' ? await apiKey() : '';
            const res = await request(c, fresh);
            const text = await res.text();
            seen.set(`${c.kind} ${res.status}`, (seen.get(`${c.kind} ${res.status}`) ?? 0) + 1);
            expect(res.status, `${res.status} ${text.slice(0, 200)} for ${JSON.stringify(c).slice(0, 500)}`).toBeLessThan(500);
            if (c.kind === 'api' && res.status !== 201) {
              // the API's errors are the JSON envelope
              expect(JSON.parse(text)).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
            }
            const now = await fingerprint();
            const changed = changes(last, now);
            last = now;
            if (res.status === 201) expect(changed.filter((t) => !/^(invitation|audit_log) /.test(t))).toEqual([]);
            else expect(changed, `${c.kind} ${res.status} changed the database`).toEqual([]);
            rejections.check();
          }),
          fuzzParams(`invitations (${kind})`),
        );
      } finally {
        rejections.stop();
      }
      console.log(`fuzz invitations (${kind}): statuses ${JSON.stringify(Object.fromEntries(seen))}`);
      if (FUZZ_RUNS >= 200) for (const outcome of ['page 200', 'page 404', 'page 410', 'api 201', 'api 400']) expect(seen.get(outcome) ?? 0, outcome).toBeGreaterThan(0);
    },
    fuzzTimeout(),
  );
});
