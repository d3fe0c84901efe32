// Tenant isolation over EVERY workspace route, read from the app's own route table (a new route is
// covered without editing this file; a route with a parameter this file cannot fill fails it):
// - a unit_admin and a viewer of unit A, and the admin of another instansi, get 404 (or 403 where
//   the route exists for their role) for unit B's objects, pages and exports, and change nothing;
// - lists never show B to them;
// - a viewer cannot change anything, not even in its own unit.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey } from '../../src/admin/api-keys.ts';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { storeResponses } from '../../src/survey/store.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';
import { fill, type RouteObjects, workspaceRoutes } from '../support/routes.ts';

/** Routes anyone may use about themselves (sign-in, sign-out, own account, first setup). */
const OWN_ROUTES = new Set(['/admin/login', '/admin/logout', '/admin/setup', '/admin/account', '/admin/account/password']);

type Objects = RouteObjects;

describe.each(DATABASE_KINDS)('tenant isolation (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let routes: { method: string; path: string }[];
  const objects: Record<'a' | 'b' | 'y', Objects> = {} as never;

  async function seedUnit(instansi: string, slug: string, name: string, email: string): Promise<Objects> {
    const unit = await addUnit(database.db, { instansi, name, slug, instruments: ['skm'] });
    const layanan = await addLayanan(database.db, { instansi, unit: slug, name: `Layanan ${name}` });
    const loket = await addLoket(database.db, { instansi, unit: slug, name: `Loket ${name}` });
    const version = await sql<{ id: string }>`select v.id from instrument_version v join instrument i on i.id = v.instrument_id where i.code = 'skm' order by v.version desc limit 1`.execute(database.db);
    const response = crypto.randomUUID();
    const saran = `Saran rahasia dari ${name}`;
    await storeResponses(database.db, [
      { id: response, unitId: unit.id, loketId: loket.id, layananId: layanan.id, channel: 'qr', submittedAt: new Date(), saran, answers: ['U1', 'U2', 'U3'].map((itemCode) => ({ versionId: version.rows[0]!.id, itemCode, value: 3 as const })) },
    ]);
    const followUp = await database.db
      .insertInto('follow_up')
      .values({ unit_id: unit.id, period: '2026-Q4', unsur_code: 'U1', action: `Tindakan ${name}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const key = await addApiKey(database.db, { instansi, unit: slug, name: `Kunci ${name}` });
    const user = await addUser(database.db, { email, name: `Staf ${name}`, role: 'unit_admin', instansi, units: [slug], password: TEST_PASSWORD });
    const objects = { instansi, unit: slug, unitName: name, loket: loket.code, layanan: layanan.id, response, saran, followUp: followUp.id, apiKey: key.id, user: user.id, instrument: 'skm', job: '' };
    return { ...objects, job: await importJob(objects, email) };
  }

  /** An import of paper forms into the unit, started by its own staff; its row is refused, so nothing is stored. */
  async function importJob(o: Objects, email: string): Promise<string> {
    const agent = new Agent(app);
    await agent.signIn(email);
    const form = new FormData();
    form.append('file', new File([`tanggal,loket,U1\r\n2026-01-05,${o.loket},9\r\n`], 'kertas.csv', { type: 'text/csv' }));
    const res = await agent.postMultipart(`/admin/reports/${o.unit}/import`, form, { from: `/admin/reports/${o.unit}/import` });
    const job = /\/import\/([0-9a-f-]{36})$/.exec(res.headers.get('Location') ?? '')?.[1];
    if (res.status !== 303 || !job) throw new Error(`the import for ${o.unit} answered ${res.status}`);
    return job;
  }

  /** Everything of a unit a request could change, to compare before and after. */
  async function snapshot(o: Objects) {
    const unit = await database.db.selectFrom('unit').selectAll().where('slug', '=', o.unit).executeTakeFirstOrThrow();
    const rows = await Promise.all([
      database.db.selectFrom('layanan').selectAll().where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('loket').selectAll().where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('response').select(['id', 'excluded_at', 'saran_category', 'saran_followed_up_at']).where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('follow_up').select(['id', 'action', 'status', 'updated_at']).where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('api_key').select(['id', 'revoked_at']).where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('unit_instrument').selectAll().where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('population').selectAll().where('unit_id', '=', unit.id).execute(),
      database.db.selectFrom('app_user').select(['id', 'role', 'active', 'password_hash']).where('id', '=', o.user).execute(),
    ]);
    return JSON.stringify({ unit, rows });
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    await addInstansi(database.db, { name: 'Kabupaten X', slug: 'kab-x', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addInstansi(database.db, { name: 'Kabupaten Y', slug: 'kab-y', timeZone: 'WIT' }, 'Asia/Jakarta');
    objects.a = await seedUnit('kab-x', 'unit-a', 'Dinas Alpha', 'staf-a@x.go.id');
    objects.b = await seedUnit('kab-x', 'unit-b', 'Dinas Bravo', 'staf-b@x.go.id');
    objects.y = await seedUnit('kab-y', 'unit-y', 'Dinas Yankee', 'staf-y@y.go.id');
    await addUser(database.db, { email: 'viewer-a@x.go.id', name: 'Pembaca A', role: 'viewer', instansi: 'kab-x', units: ['unit-a'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'admin@y.go.id', name: 'Admin Y', role: 'admin', instansi: 'kab-y', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'admin@x.go.id', name: 'Admin X', role: 'admin', instansi: 'kab-x', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'operator@prov.go.id', name: 'Operator', role: 'operator', password: TEST_PASSWORD });
    routes = workspaceRoutes(app);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds the workspace routes', () => {
    const paths = routes.map((r) => `${r.method} ${r.path}`);
    expect(paths.length).toBeGreaterThan(30);
    for (const expected of ['GET /admin/dashboard/:unit', 'GET /admin/responses', 'POST /admin/units/:unit', 'GET /admin/follow-up/:unit', 'GET /admin/audit']) {
      expect(paths.some((p) => p.startsWith(expected))).toBe(true);
    }
  });

  const outsiders: [string, string, 'a' | 'b' | 'y', 'b' | 'a'][] = [
    ['a unit_admin of A', 'staf-a@x.go.id', 'a', 'b'],
    ['a viewer of A', 'viewer-a@x.go.id', 'a', 'b'],
    ['the admin of another instansi', 'admin@y.go.id', 'y', 'b'],
  ];

  it.each(outsiders)('%s gets 404 or 403 for every route with unit B\'s objects, and changes nothing', async (_, email, _own, foreign) => {
    const agent = new Agent(app);
    expect((await agent.signIn(email)).status).toBe(303);
    await agent.page('/admin');
    const before = await snapshot(objects[foreign]);
    const leaks: string[] = [];
    for (const route of routes) {
      if (OWN_ROUTES.has(route.path) || !route.path.includes(':')) continue;
      const path = fill(route.path, objects[foreign]);
      const res =
        route.method === 'GET'
          ? await agent.request(path)
          : await agent.post(path, { reason: 'isolation test', name: 'Diubah', action: 'exclude', ids: objects[foreign].response, category: 'keluhan', users: '5', period: '2026-Q4' });
      const text = await res.text();
      if (![403, 404].includes(res.status)) leaks.push(`${route.method} ${path} answered ${res.status}`);
      else if (text.includes(objects[foreign].unitName) || text.includes(objects[foreign].saran)) leaks.push(`${route.method} ${path} shows unit B`);
    }
    expect(leaks).toEqual([]);
    expect(await snapshot(objects[foreign])).toBe(before);
  });

  it.each(outsiders)('%s never sees unit B in any list or export', async (_, email) => {
    const agent = new Agent(app);
    await agent.signIn(email);
    const leaks: string[] = [];
    for (const route of routes) {
      if (route.method !== 'GET' || route.path.includes(':') || OWN_ROUTES.has(route.path)) continue;
      const res = await agent.request(route.path);
      const text = await res.text();
      if (res.status >= 500) leaks.push(`${route.path} answered ${res.status}`);
      if (text.includes(objects.b.unitName) || text.includes(objects.b.saran)) leaks.push(`${route.path} shows unit B`);
    }
    expect(leaks).toEqual([]);
  });

  it('a viewer can read its unit but change nothing, not even there', async () => {
    const agent = new Agent(app);
    await agent.signIn('viewer-a@x.go.id');
    expect((await agent.page('/admin/dashboard/unit-a')).res.status).toBe(200);
    const before = await snapshot(objects.a);
    const allowed: string[] = [];
    for (const route of routes) {
      if (route.method !== 'POST' || OWN_ROUTES.has(route.path)) continue;
      const path = fill(route.path, objects.a);
      const res = await agent.post(path, { reason: 'viewer test', name: 'Diubah', action: 'exclude', ids: objects.a.response, category: 'keluhan', users: '5', period: '2026-Q4' }, { from: '/admin' });
      if (res.status !== 403) allowed.push(`POST ${path} answered ${res.status}`);
    }
    expect(allowed).toEqual([]);
    expect(await snapshot(objects.a)).toBe(before);
  });

  it('the operator sees no survey data it was not granted', async () => {
    const agent = new Agent(app);
    await agent.signIn('operator@prov.go.id');
    const seen: string[] = [];
    for (const route of routes) {
      if (route.method !== 'GET' || OWN_ROUTES.has(route.path)) continue;
      const res = await agent.request(fill(route.path, objects.a));
      const text = await res.text();
      if (res.status === 200 && (text.includes(objects.a.saran) || text.includes('Tindakan Dinas Alpha'))) seen.push(route.path);
    }
    expect(seen).toEqual([]);
  });
});
