// Security headers on every class of route, under both addresses the platform may have: a strict
// Content-Security-Policy with frame-ancestors, nosniff and a referrer policy everywhere;
// X-Frame-Options DENY wherever nobody else may frame or use the response; the embed card framable
// only by the instansi's own sites (its allow-list, no X-Frame-Options); HSTS only over https.
// Answers from the public response cache and from the error handler carry them too.
import { serveStatic } from '@hono/node-server/serve-static';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rotateLoketKeys } from '../../src/admin/org.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { signFormToken } from '../../src/survey/token.ts';
import { Agent } from '../support/admin.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const WEB_ROOT = new URL('../../web', import.meta.url).pathname;
const EMBEDDER = 'https://dinkes.kab-uji.go.id';

type Kind = 'strict' | 'shareable' | 'embed';

function appFor(database: DatabaseHandle, base: string) {
  const config = loadConfig({ APP_SECRET: SECRET, PUBLIC_BASE_URL: base });
  // the static files as main.ts serves them
  const assets = serveStatic({ root: WEB_ROOT, rewriteRequestPath: (path) => path.replace(/^\/static/, '') });
  return createApp({ config, database, assets, log: () => {} });
}

/** What is wrong with a response's headers for its kind of route (empty: nothing). */
function headerProblems(res: Response, kind: Kind, https: boolean): string[] {
  const h = res.headers;
  const problems: string[] = [];
  const csp = h.get('content-security-policy') ?? '';
  const directive = (name: string) => csp.split(';').map((d) => d.trim()).find((d) => d.startsWith(`${name} `));
  if (!csp) problems.push('no Content-Security-Policy');
  if (!directive('frame-ancestors')) problems.push('CSP without frame-ancestors');
  if (kind === 'embed') {
    if (directive('frame-ancestors') !== `frame-ancestors 'self' ${EMBEDDER}`) problems.push(`embed frame-ancestors: ${directive('frame-ancestors')}`);
    if (h.has('x-frame-options')) problems.push('embed with X-Frame-Options');
  } else if (directive('frame-ancestors') !== "frame-ancestors 'none'") problems.push(`frame-ancestors: ${directive('frame-ancestors')}`);
  if (!/^(default-src|script-src) /.test(directive('script-src') ?? directive('default-src') ?? '')) problems.push('CSP without script-src or default-src');
  if (/'unsafe-inline'|'unsafe-eval'|\*/.test(directive('script-src') ?? '')) problems.push(`script-src allows inline or any: ${directive('script-src')}`);
  if (directive('object-src') && directive('object-src') !== "object-src 'none'") problems.push('object-src not none');
  if (h.get('x-content-type-options') !== 'nosniff') problems.push(`X-Content-Type-Options: ${h.get('x-content-type-options')}`);
  if (!/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/.test(h.get('referrer-policy') ?? '')) problems.push(`Referrer-Policy: ${h.get('referrer-policy')}`);
  if (kind === 'strict' && h.get('x-frame-options') !== 'DENY') problems.push(`X-Frame-Options: ${h.get('x-frame-options')}`);
  if (kind === 'shareable' && h.has('x-frame-options')) problems.push('a shareable resource with X-Frame-Options');
  const hsts = h.get('strict-transport-security');
  if (https && !/max-age=\d{7,}/.test(hsts ?? '')) problems.push(`HSTS over https: ${hsts}`);
  if (!https && hsts) problems.push(`HSTS over http: ${hsts}`);
  return problems;
}

describe.each(DATABASE_KINDS)('security headers (%s)', (kind) => {
  let database: DatabaseHandle;
  let world: PublishedWorld;
  let kioskKey: string;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    await database.db.updateTable('instansi').set({ embed_origins: [EMBEDDER] }).execute();
    ({ kioskKey } = await rotateLoketKeys(database.db, world.disduk.loketCode));
  });
  afterAll(async () => {
    await database?.close();
  });

  describe.each([
    ['https', 'https://survei.test', true],
    ['http', 'http://survei.test', false],
  ] as const)('with PUBLIC_BASE_URL %s', (_, base, https) => {
    it('sends them on every route class, from the cache and from the error handler too', async () => {
      const app = appFor(database, base);
      const agent = new Agent(app);
      const code = world.disduk.loketCode;
      const period = world.period.code;
      const form = await agent.request(`/s/${code}`);
      const token = /name="token" value="([^"]+)"/.exec(await form.text())![1]!;
      const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString());
      const body = new URLSearchParams({ token: signFormToken(SECRET, { ...payload, t: Date.now() - 20_000 }), ...Object.fromEntries(['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'].map((c, i) => [`skm:${c}`, String((i % 4) + 1)])) });
      const post = (path: string) => agent.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: body.toString() });
      const cases: [string, Kind, () => Promise<Response>, number][] = [
        ['questionnaire', 'strict', () => agent.request(`/s/${code}`), 200],
        ['questionnaire post', 'strict', () => post(`/s/${code}`), 303],
        ['thank-you', 'strict', () => agent.request(`/s/${code}/terima-kasih`), 200],
        ['kiosk', 'strict', () => agent.request(`/k/${code}?key=${kioskKey}`), 200],
        ['landing', 'strict', () => agent.request('/'), 200],
        ['admin sign-in', 'strict', () => agent.request('/admin/login'), 200],
        ['admin redirect', 'strict', () => agent.request('/admin/dashboard'), 303],
        ['admin page', 'strict', async () => (await agent.signIn('admin@uji.go.id'), agent.request('/admin/dashboard')), 200],
        ['admin download', 'strict', () => agent.request(`/admin/reports/disduk/jawaban.csv?period=${period}`), 200],
        ['public instansi page', 'strict', () => agent.request('/p/kab-uji'), 200],
        ['public unit page', 'strict', () => agent.request('/p/kab-uji/disduk'), 200],
        ['public unit page, from the cache', 'strict', () => agent.request('/p/kab-uji/disduk'), 200],
        ['API page', 'strict', () => agent.request('/api'), 200],
        ['embed card', 'embed', () => agent.request('/embed/kab-uji/disduk'), 200],
        ['embed card, from the cache', 'embed', () => agent.request('/embed/kab-uji/disduk'), 200],
        ['embed card of nothing', 'embed', () => agent.request('/embed/kab-uji/tidak-ada'), 404],
        ['widget loader', 'shareable', () => agent.request('/widget.js'), 200],
        ['badge', 'shareable', () => agent.request('/badge/kab-uji/disduk/ikm.svg'), 200],
        ['social image', 'shareable', () => agent.request(`/p/kab-uji/disduk/${period}/card.png`), 200],
        ['public API', 'shareable', () => agent.request('/api/v1/public/instansi', { headers: { Accept: 'application/json' } }), 200],
        ['OpenAPI', 'shareable', () => agent.request('/api/v1/openapi.json'), 200],
        ['invitations API refusal', 'strict', () => agent.request('/api/v1/invitations', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }), 401],
        ['static asset', 'strict', () => agent.request('/static/style.css'), 200],
        ['health', 'strict', () => agent.request('/healthz'), 200],
        ['404 page', 'strict', () => agent.request('/tidak/ada'), 404],
        ['404 JSON', 'strict', () => agent.request('/tidak/ada', { headers: { Accept: 'application/json' } }), 404],
        ['400 error page', 'strict', () => agent.request('/p/kab-uji?sort=nope'), 400],
        ['CSRF refusal', 'strict', () => agent.request('/admin/logout', { method: 'POST' }), 403],
      ];
      const problems: string[] = [];
      for (const [name, expected, send, status] of cases) {
        const res = await send();
        await res.arrayBuffer();
        if (res.status !== status) problems.push(`${name}: status ${res.status}, expected ${status}`);
        for (const p of headerProblems(res, expected, https)) problems.push(`${name}: ${p}`);
      }
      expect(problems).toEqual([]);
    });
  });
});

// the database kind does not matter here: the app's database is closed before the first request
describe('security headers of a failing database', () => {
  it('sends them on the error page of a failing database (503) too', async () => {
    const broken = await createDatabase({ memory: true });
    const app = appFor(broken, 'https://survei.test');
    await broken.close();
    for (const path of ['/healthz', '/p/kab-uji', '/s/abcdefgh']) {
      const res = await app.request(`https://survei.test${path}`, { headers: { Accept: 'text/html' } });
      expect(res.status, path).toBeGreaterThanOrEqual(500);
      expect(headerProblems(res, 'strict', true), path).toEqual([]);
    }
  });
});
