// CSRF over EVERY state-changing workspace route, read from the app's own route table (a new route
// is covered without editing this file): a signed-in admin's form sent without its token, with
// another session's token (as a field or as the X-CSRF-Token header), or as multipart without it,
// is refused 403 `csrf` by the guard and changes nothing in any table.
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
import { tableDump } from './tables.ts';

/** Fields that would make each route do something when the token is right. */
const FIELDS = { name: 'Diubah', reason: 'csrf test', action: 'exclude', ids: '', category: 'keluhan', users: '5', period: '2026-Q4', unsur_code: 'U1', email: 'admin@csrf.go.id', password: TEST_PASSWORD, role: 'viewer', current: TEST_PASSWORD, next: 'a new long password', confirm: 'a new long password' };

describe.each(DATABASE_KINDS)('CSRF on every workspace POST (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let routes: string[];
  let admin: Agent;
  let other: Agent;
  const o: Record<string, string> = {};

  function fill(path: string): string {
    return path.replace(/:(\w+)(\{[^}]*\})?/g, (_, name: string, __, offset: number) => {
      const before = path.slice(0, offset);
      if (name === 'unit') return 'unit-c';
      if (name === 'instansi') return 'kab-csrf';
      if (name === 'code') return /\/instruments\/$/.test(before) ? 'skm' : o.loket!;
      if (/\/(responses|saran)\/$/.test(before)) return o.response!;
      if (/\/layanan\/$/.test(before)) return o.layanan!;
      if (/\/follow-up\/[^/]+\/$/.test(before)) return o.followUp!;
      if (/\/api-keys\/$/.test(before)) return o.apiKey!;
      if (/\/users\/$/.test(before)) return o.user!;
      throw new Error(`csrf test: no value for :${name} in ${path}`);
    });
  }

  /** Everything but the sessions (a request may slide its own) and the failed sign-ins. */
  const state = () => tableDump(database, { except: ['session'] });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    const db = database.db;
    await addInstansi(db, { name: 'Kabupaten CSRF', slug: 'kab-csrf', timeZone: 'WIB' }, 'Asia/Jakarta');
    const unit = await addUnit(db, { instansi: 'kab-csrf', name: 'Dinas C', slug: 'unit-c', instruments: ['skm'] });
    const layanan = await addLayanan(db, { instansi: 'kab-csrf', unit: 'unit-c', name: 'Layanan C' });
    const loket = await addLoket(db, { instansi: 'kab-csrf', unit: 'unit-c', name: 'Loket C' });
    const version = (await sql<{ id: string }>`select v.id from instrument_version v join instrument i on i.id = v.instrument_id where i.code = 'skm' order by v.version desc limit 1`.execute(db)).rows[0]!.id;
    o.response = crypto.randomUUID();
    await storeResponses(db, [{ id: o.response, unitId: unit.id, loketId: (await db.selectFrom('loket').select('id').executeTakeFirstOrThrow()).id, layananId: layanan.id, channel: 'qr', submittedAt: new Date(), saran: 'Saran C', answers: ['U1', 'U2'].map((itemCode) => ({ versionId: version, itemCode, value: 3 as const })) }]);
    o.loket = loket.code;
    o.layanan = layanan.id;
    o.followUp = (await db.insertInto('follow_up').values({ unit_id: unit.id, period: '2026-Q4', unsur_code: 'U1', action: 'Tindakan C' }).returning('id').executeTakeFirstOrThrow()).id;
    o.apiKey = (await addApiKey(db, { instansi: 'kab-csrf', unit: 'unit-c', name: 'Kunci C' })).id;
    o.user = (await addUser(db, { email: 'staf@csrf.go.id', name: 'Staf C', role: 'unit_admin', instansi: 'kab-csrf', units: ['unit-c'], password: TEST_PASSWORD })).id;
    await addUser(db, { email: 'admin@csrf.go.id', name: 'Admin C', role: 'admin', instansi: 'kab-csrf', password: TEST_PASSWORD });
    await addUser(db, { email: 'operator@csrf.go.id', name: 'Operator', role: 'operator', password: TEST_PASSWORD });
    FIELDS.ids = o.response;
    admin = new Agent(app);
    await admin.signIn('admin@csrf.go.id');
    other = new Agent(app);
    await other.signIn('admin@csrf.go.id');
    await other.page('/admin/account');
    routes = app.routes
      .filter((r) => r.method === 'POST' && r.path.startsWith('/admin') && !r.path.includes('*'))
      .map((r) => r.path)
      .filter((p, i, all) => all.indexOf(p) === i);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('finds the state-changing routes', () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes).toEqual(expect.arrayContaining(['/admin/login', '/admin/logout', '/admin/units/:unit', '/admin/responses/bulk', '/admin/users/:id/password', '/admin/publish/:unit', '/admin/reports/:unit/import']));
  });

  it('the right token does change things (the refusals below are the token, not the form)', async () => {
    const before = await state();
    expect((await admin.post('/admin/units/unit-c/layanan', { name: 'Layanan Baru' }, { from: '/admin/units/unit-c' })).status).toBe(303);
    expect(await state()).not.toEqual(before);
  });

  it('refuses every POST without its token, or with another session\'s, and changes nothing', async () => {
    await admin.page('/admin/account');
    const own = admin.csrf;
    expect(other.csrf).not.toBe(own);
    const before = await state();
    const wrong: string[] = [];
    const json = { Accept: 'application/json' };
    for (const route of routes) {
      const path = fill(route);
      const form = (csrf?: string) => {
        const body = new URLSearchParams(FIELDS);
        if (csrf) body.set('_csrf', csrf);
        return body.toString();
      };
      const attempts: [string, RequestInit][] = [
        ['no token', { method: 'POST', headers: { ...json, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form() }],
        ["another session's token", { method: 'POST', headers: { ...json, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(other.csrf) }],
        ["another session's header", { method: 'POST', headers: { ...json, 'Content-Type': 'application/x-www-form-urlencoded', 'X-CSRF-Token': other.csrf }, body: form() }],
        ['a token with one character changed', { method: 'POST', headers: { ...json, 'Content-Type': 'application/x-www-form-urlencoded' }, body: form(own.slice(0, -1) + (own.endsWith('A') ? 'B' : 'A')) }],
        ['multipart without token', { method: 'POST', headers: json, body: (() => {
          const data = new FormData();
          for (const [k, v] of Object.entries(FIELDS)) data.append(k, v);
          data.append('file', new File(['tanggal,loket,U1\r\n'], 'x.csv', { type: 'text/csv' }));
          return data;
        })() }],
        ['JSON, the token only in its body (forms and the header carry it)', { method: 'POST', headers: { ...json, 'Content-Type': 'application/json' }, body: JSON.stringify({ ...FIELDS, _csrf: own }) }],
      ];
      for (const [how, init] of attempts) {
        const res = await admin.request(path, init);
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        if (res.status !== 403 || body.error?.code !== 'csrf') wrong.push(`POST ${path} with ${how}: ${res.status} ${body.error?.code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(await state()).toEqual(before);
    // the admin's own session survived every refusal
    expect((await admin.page('/admin')).res.status).toBe(200);
  });
});
