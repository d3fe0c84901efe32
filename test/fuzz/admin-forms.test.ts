// Fuzzing the workspace's forms: signed in as the instansi's admin, random fields POSTed to EVERY
// POST route of the app's route table under /admin (parameters filled as the isolation test fills
// them), as web forms, multipart with random small files (the logo, evidence and import uploads), or
// garbage; with the CSRF token, now and then without or wrong. Never a 5xx or an unhandled
// rejection; a 4xx stores nothing (row counts of every table, the audit log included), except what
// a refused sign-in records by design (its failure count and audit line).
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey } from '../../src/admin/api-keys.ts';
import { createSession } from '../../src/admin/auth/session.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';
import { fill, type RouteObjects, workspaceRoutes } from '../support/routes.ts';
import { anyText, changes, type Fingerprint, fingerprinter, FUZZ_RUNS, fuzzParams, fuzzTimeout, watchRejections, wellFormed } from './support.ts';

const SESSION_COOKIE = '__Host-survei_session';
/** routes that take a file */
const UPLOADS = /\/logo$|\/import$|\/follow-up\/:unit\/:id$/;
/** routes that hash or check a password on every try (scrypt, 0.3–0.6 s): ~1 case in 40 between them, to stay in budget */
const HASHING = new Set(['/admin/login', '/admin/account/password', '/admin/users/:id/password']);
/** the sign-in form records a refused try (throttle and audit) by design */
const SIGN_IN_RECORDS = /^(signin_failure|audit_log) /;

type Upload = { field: string; bytes: Uint8Array; name: string; type: string };
interface Case {
  route: string;
  fields: [string, string][];
  csrf: 'valid' | 'missing' | 'wrong';
  encoding: 'form' | 'multipart' | 'garbage';
  files: Upload[];
  garbage: string;
}

describe.each(DATABASE_KINDS)('fuzzing the workspace forms (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let world: PublishedWorld;
  let objects: RouteObjects;
  let routes: string[];
  /** every field name the workspace's pages show, to send near-valid forms */
  let names: string[];
  let agent: Agent;

  async function signIn() {
    agent = new Agent(app);
    expect((await agent.signIn('admin@uji.go.id')).status).toBe(303);
    await agent.page('/admin');
  }

  /** After a sign-out: a new session straight in the database (a sign-in costs a password hash, ~0.3 s). */
  async function resume() {
    agent = new Agent(app);
    agent.cookies.set(SESSION_COOKIE, await createSession(database.db, world.adminId));
    await agent.page('/admin');
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    world = await seedPublishedWorld(database.db);
    ({ app } = testApp(database));
    const db = database.db;
    const [response] = await world.answer('dinkes', 1, 3);
    const layanan = await db.selectFrom('layanan').where('unit_id', '=', world.dinkes.id).select('id').executeTakeFirstOrThrow();
    const followUp = await db.insertInto('follow_up').values({ unit_id: world.dinkes.id, period: world.period.code, unsur_code: 'U1', action: 'Tambah kursi tunggu' }).returning('id').executeTakeFirstOrThrow();
    const user = await db.selectFrom('app_user').where('email', '=', 'a@uji.go.id').select('id').executeTakeFirstOrThrow();
    const key = await addApiKey(db, { instansi: 'kab-uji', unit: 'dinkes', name: 'Mesin antrean' });
    objects = { instansi: 'kab-uji', unit: 'dinkes', unitName: 'Dinas Kesehatan', loket: world.dinkes.loketCode, layanan: layanan.id, response: response!, saran: '', followUp: followUp.id, apiKey: key.id, user: user.id, instrument: 'skm', job: '' };
    await signIn();
    // an import job of the unit, for the routes that name one (a bad row: nothing stored)
    const form = new FormData();
    form.append('file', new File([`tanggal,loket,U1\r\n2026-01-05,${objects.loket},9\r\n`], 'kertas.csv', { type: 'text/csv' }));
    const started = await agent.postMultipart('/admin/reports/dinkes/import', form, { from: '/admin/reports/dinkes/import' });
    objects.job = /\/import\/([0-9a-f-]{36})$/.exec(started.headers.get('Location') ?? '')![1]!;
    const table = workspaceRoutes(app);
    routes = table.filter((r) => r.method === 'POST').map((r) => r.path);
    // the field names of every form page: the page of each POST route and its parent
    const found = new Set<string>(['_csrf']);
    for (const path of new Set(routes.flatMap((r) => [fill(r, objects), fill(r, objects).replace(/\/[^/]+$/, '')]))) {
      const { res, text } = await agent.page(path);
      if (res.status === 200) for (const m of text.matchAll(/name="([^"]+)"/g)) found.add(m[1]!);
    }
    names = [...found].filter((n) => !/^(viewport|description|referrer|theme-color|color-scheme)$/.test(n));
    expect(names.length).toBeGreaterThan(20);
  });
  afterAll(async () => {
    await database?.close();
  });

  async function finished(jobPath: string) {
    for (let i = 0; i < 600; i++) {
      const status = (await (await agent.request(`${jobPath}/status.json`, { headers: { Accept: 'application/json' } })).json()) as { finished: boolean };
      if (status.finished) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`the import ${jobPath} did not finish in 30 s`);
  }

  const caseArb = (): fc.Arbitrary<Case> => {
    const value = fc.oneof(
      { weight: 4, arbitrary: anyText() },
      {
        weight: 4,
        arbitrary: fc.constantFrom(
          '', 'on', '1', '0', '5', '-1', '100', 'yes', 'true', 'L', 'id', 'en', 'WIB', 'admin', 'viewer', 'unit_admin', 'operator', 'exclude', 'restore', 'keluhan', 'publish',
          world.period.code, '2026-Q1', '2026-07-01', '2026-13-45', 'a@uji.go.id', 'baru@uji.go.id', 'not-an-email', 'dinkes', 'disduk', 'kab-uji',
          objects.loket, objects.layanan, objects.response, objects.followUp, objects.user, objects.apiKey, crypto.randomUUID(), 'https://opd.example', 'javascript:alert(1)', 'Loket\u0000',
        ),
      },
    );
    const upload: fc.Arbitrary<Upload> = fc.record({
      field: fc.constantFrom('file', 'logo', 'evidence', 'bukti', 'x'),
      bytes: fc.oneof(
        fc.uint8Array({ maxLength: 2048 }),
        fc.constant(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])),
        fc.constant(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')),
        fc.constant(new TextEncoder().encode(`tanggal,loket,U1\r\n2026-01-05,${objects.loket},3\r\n`)),
      ),
      name: fc.oneof(fc.constantFrom('logo.png', 'bukti.pdf', 'kertas.csv', 'kertas.xlsx', 'x.svg', '', 'a\u0000.csv'), anyText()),
      type: fc.constantFrom('image/png', 'image/svg+xml', 'application/pdf', 'text/csv', 'application/octet-stream', ''),
    });
    return fc
      .record({
        route: fc.oneof(
          { weight: 120, arbitrary: fc.constantFrom(...routes.filter((r) => !HASHING.has(r))) },
          { weight: 1, arbitrary: fc.constantFrom(...routes.filter((r) => HASHING.has(r))) },
        ),
        fields: fc.array(fc.tuple(fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...names) }, anyText()), value), { maxLength: 8 }),
        csrf: fc.oneof({ weight: 10, arbitrary: fc.constant('valid' as const) }, fc.constantFrom('missing' as const, 'wrong' as const)),
        encoding: fc.oneof({ weight: 6, arbitrary: fc.constant('form' as const) }, { weight: 2, arbitrary: fc.constant('multipart' as const) }, fc.constant('garbage' as const)),
        files: fc.array(upload, { maxLength: 2 }),
        garbage: fc.string({ unit: 'binary', maxLength: 300 }),
      })
      .map((c) => (UPLOADS.test(c.route) && c.encoding === 'form' && c.fields.length % 3 !== 0 ? { ...c, encoding: 'multipart' as const } : c));
  };

  function request(c: Case, path: string): Promise<Response> {
    const csrf = c.csrf === 'valid' ? agent.csrf : c.csrf === 'wrong' ? `${agent.csrf.slice(1)}x` : null;
    const fields: [string, string][] = [...(csrf === null ? [] : [['_csrf', csrf] as [string, string]]), ...c.fields.map(([n, v]): [string, string] => [wellFormed(n), wellFormed(v)])];
    if (c.encoding === 'multipart') {
      const form = new FormData();
      for (const [n, v] of fields) form.append(n, v);
      for (const f of c.files) form.append(f.field, new File([new Uint8Array(f.bytes)], f.name, { type: f.type }));
      return agent.request(path, { method: 'POST', body: form });
    }
    const body = c.encoding === 'form' ? new URLSearchParams(fields).toString() : `_csrf=${csrf ?? ''}&${c.garbage}`;
    return agent.request(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  }

  it(
    `answers ${FUZZ_RUNS} random forms to every workspace POST route without a 5xx, storing nothing on a 4xx`,
    async () => {
      const fingerprint = await fingerprinter(database.db);
      const rejections = watchRejections();
      let last: Fingerprint = await fingerprint();
      const seen = new Map<string, Map<number, number>>();
      const cases = caseArb();
      const params = fuzzParams<[Case]>(`admin forms (${kind})`);
      // one case for each route first (the password routes are rare among the random ones)
      params.examples = routes.map((route, i) => [{ ...fc.sample(cases, { numRuns: 1, seed: params.seed! + i })[0]!, route }]);
      rejections.start();
      try {
        await fc.assert(
          fc.asyncProperty(cases, async (c) => {
            const route = c.route;
            const path = fill(route, objects);
            const res = await request(c, path);
            const text = await res.text();
            const statuses = seen.get(route) ?? new Map<number, number>();
            seen.set(route, statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1));
            expect(res.status, `${res.status} ${text.slice(0, 300)} for POST ${path} ${JSON.stringify(c).slice(0, 400)}`).toBeLessThan(500);
            // an accepted upload imports in the background: let it finish before counting
            const job = res.status === 303 && /\/import\/[0-9a-f-]{36}$/.exec(res.headers.get('Location') ?? '')?.[0];
            if (job) await finished(`/admin/reports/dinkes${job}`);
            const now = await fingerprint();
            if (res.status >= 400) {
              const changed = changes(last, now).filter((t) => !(route === '/admin/login' && SIGN_IN_RECORDS.test(t)));
              expect(changed, `POST ${path} answered ${res.status} and changed the database`).toEqual([]);
            }
            last = now;
            // a sign-out (or a sign-in as nobody) ended the session: sign in again for the next case
            if (!agent.cookies.has(SESSION_COOKIE)) {
              await resume();
              last = await fingerprint();
            }
            rejections.check();
          }),
          params,
        );
      } finally {
        rejections.stop();
      }
      const summary = Object.fromEntries([...seen].map(([route, s]) => [route, Object.fromEntries(s)]));
      console.log(`fuzz admin forms (${kind}): ${routes.length} routes, statuses ${JSON.stringify(summary)}`);
      if (FUZZ_RUNS >= 500) {
        // every route was tried, and most answered something besides the CSRF refusal
        expect(seen.size).toBe(routes.length);
        const reached = [...seen.values()].filter((s) => [...s.keys()].some((status) => status !== 403));
        expect(reached.length).toBeGreaterThan(routes.length * 0.8);
      }
    },
    fuzzTimeout(100),
  );
});
