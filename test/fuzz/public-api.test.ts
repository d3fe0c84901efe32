// Fuzzing the open-data API (/api/v1/public/…): every endpoint of its route table with random and
// near-valid path segments (instansi, unit, period) and query strings (format, revision, unknown and
// malformed parameters, broken percent-escapes), plus the OpenAPI document and random paths under the
// prefix. Always 2xx/3xx, or 4xx with the JSON envelope; never a 5xx or an unhandled rejection, and a
// read stores nothing.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { ENDPOINTS, PUBLIC_API } from '../../src/publish/api-endpoints.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';
import { anyText, changes, fingerprinter, FUZZ_RUNS, fuzzParams, fuzzTimeout, headerValue, watchRejections, wellFormed } from './support.ts';

const TEMPLATES = Object.values(ENDPOINTS)
  .filter((e) => e.method === 'get')
  .map((e) => e.path);

interface Case {
  template: string;
  values: Record<string, { kind: 'valid' | 'near' | 'any'; raw: boolean; near: string; any: string }>;
  query: { kind: 'params'; params: [string, string][] } | { kind: 'raw'; text: string };
  method: 'GET' | 'HEAD' | 'OPTIONS';
  etag: string | null;
}

describe.each(DATABASE_KINDS)('fuzzing the open-data API (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let world: PublishedWorld;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    ({ app } = testApp(database));
  });
  afterAll(async () => {
    await database?.close();
  });

  const segment = fc.record({
    kind: fc.constantFrom('valid', 'valid', 'valid', 'near', 'any') as fc.Arbitrary<'valid' | 'near' | 'any'>,
    raw: fc.boolean(),
    near: fc.constantFrom('2026-Q1', '2026-Q5', '2026-S1', '2026-S3', '2026', '2026-13', '2026-01', '0000-Q1', '9999-Q4', 'KAB-UJI', 'kab-uji ', 'dinkes.', 'disduk', '..', '%2e%2e', '%', '%zz'),
    any: anyText(),
  });
  const caseArb: fc.Arbitrary<Case> = fc.record({
    template: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...TEMPLATES) }, fc.constant(`${PUBLIC_API}/{any}`), fc.constant(`${PUBLIC_API}/instansi/{instansi}/{any}/{any}`)),
    values: fc.record({ instansi: segment, unit: segment, period: segment, any: segment }),
    query: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant('params' as const),
          params: fc.array(
            fc.tuple(
              fc.oneof({ weight: 4, arbitrary: fc.constantFrom('format', 'revision') }, fc.constantFrom('lang', 'callback', 'format[]', ''), anyText()),
              fc.oneof({ weight: 4, arbitrary: fc.constantFrom('json', 'csv', 'CSV', 'xml', '1', '2', '0', '-1', '01', '999999999', '9999999999', '1.5', '') }, anyText()),
            ),
            { maxLength: 3 },
          ),
        }),
      },
      { weight: 1, arbitrary: fc.record({ kind: fc.constant('raw' as const), text: anyText().map((t) => t.replace(/#/g, '')) }) },
    ),
    method: fc.constantFrom('GET', 'GET', 'GET', 'GET', 'HEAD', 'OPTIONS'),
    etag: fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, anyText().map(headerValue)),
  });

  function url(c: Case): string {
    const valid: Record<string, string> = { instansi: world.instansi.slug, unit: c.values.instansi!.near.length % 2 ? 'dinkes' : 'disduk', period: world.period.code, any: 'publications' };
    const path = c.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      const v = c.values[name]!;
      const text = v.kind === 'valid' ? valid[name]! : v.kind === 'near' ? v.near : v.any;
      // as written half the time, so broken percent-escapes reach the router
      return v.raw && v.kind !== 'valid' ? text.replace(/[/?#]/g, '') : encodeURIComponent(wellFormed(text));
    });
    const query = c.query.kind === 'raw' ? c.query.text : new URLSearchParams(c.query.params.map(([k, v]) => [wellFormed(k), wellFormed(v)])).toString();
    return `https://survei.test${path}${query ? `?${query}` : ''}`;
  }

  it(
    `answers ${FUZZ_RUNS} random open-data requests with 2xx/3xx or the JSON envelope, never a 5xx`,
    async () => {
      // a read stores nothing: one comparison over the whole run (each case is a GET, HEAD or OPTIONS)
      const fingerprint = await fingerprinter(database.db);
      const before = await fingerprint();
      const rejections = watchRejections();
      const seen = new Map<number, number>();
      rejections.start();
      try {
        await fc.assert(
          fc.asyncProperty(caseArb, async (c) => {
            const headers: Record<string, string> = { Accept: c.template.length % 2 ? 'text/html' : 'application/json' };
            if (c.etag !== null) headers['If-None-Match'] = c.etag;
            if (c.method === 'OPTIONS') Object.assign(headers, { Origin: 'https://opd.example', 'Access-Control-Request-Method': 'GET' });
            const target = url(c);
            const res = await app.request(target, { method: c.method, headers });
            const text = await res.text();
            seen.set(res.status, (seen.get(res.status) ?? 0) + 1);
            expect(res.status, `${res.status} ${text.slice(0, 200)} for ${c.method} ${target}`).toBeLessThan(500);
            if (res.status >= 400 && c.method === 'GET' && new URL(target).pathname.startsWith(PUBLIC_API)) {
              expect(JSON.parse(text), `${c.method} ${target}`).toEqual({ error: { code: expect.any(String), message: expect.any(String) } });
            }
            if (res.status === 200 && c.method === 'GET' && res.headers.get('content-type')?.startsWith('application/json')) JSON.parse(text);
            rejections.check();
          }),
          fuzzParams(`public API (${kind})`),
        );
      } finally {
        rejections.stop();
      }
      expect(changes(before, await fingerprint())).toEqual([]);
      console.log(`fuzz public API (${kind}): statuses ${JSON.stringify(Object.fromEntries(seen))}`);
      if (FUZZ_RUNS >= 200) for (const status of [200, 400, 404]) expect(seen.get(status) ?? 0, String(status)).toBeGreaterThan(0);
    },
    fuzzTimeout(),
  );
});

