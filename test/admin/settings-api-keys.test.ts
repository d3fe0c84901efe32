// A unit's API keys in the workspace: made (shown once) and revoked by the unit's admin or
// unit_admin; the key works against the invitations API until revoked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeyHash } from '../../src/admin/api-keys.ts';
import { addInstansi, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const shownKey = (html: string) => /<code class="secret"[^>]*>(sk_[A-Za-z0-9_-]{43})<\/code>/.exec(html)?.[1];

describe.each(DATABASE_KINDS)("a unit's API keys (%s)", (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let loket: string;
  let unitAdminId: string;
  let unitAdmin: Agent;

  const keys = () => database.db.selectFrom('api_key as a').innerJoin('unit as u', 'u.id', 'a.unit_id').select(['a.id', 'u.slug', 'a.name', 'a.key_hash', 'a.created_by', 'a.revoked_at']).orderBy('a.created_at').execute();
  const invite = (key: string) =>
    app.request('https://survei.test/api/v1/invitations', {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ loket, count: 1 }),
    });
  const makeKey = async (agent: Agent, unit: string, name: string) => {
    const res = await agent.post(`/admin/units/${unit}/api-keys`, { name }, { from: `/admin/units/${unit}/api-keys` });
    expect(res.status).toBe(200);
    return shownKey(await res.text())!;
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    await addInstansi(database.db, { name: 'Kabupaten A', slug: 'kab-a', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kependudukan', slug: 'disduk' });
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kesehatan', slug: 'dinkes' });
    loket = (await addLoket(database.db, { instansi: 'kab-a', unit: 'disduk', name: 'Loket 1' })).code;
    await addUser(database.db, { email: 'admin@a.go.id', name: 'Admin A', role: 'admin', instansi: 'kab-a', password: TEST_PASSWORD });
    unitAdminId = (await addUser(database.db, { email: 'unit@a.go.id', name: 'Petugas Disduk', role: 'unit_admin', instansi: 'kab-a', units: ['disduk'], password: TEST_PASSWORD })).id;
    await addUser(database.db, { email: 'viewer@a.go.id', name: 'Pimpinan', role: 'viewer', instansi: 'kab-a', units: ['disduk'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'dinkes@a.go.id', name: 'Petugas Dinkes', role: 'unit_admin', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    unitAdmin = new Agent(app);
    await unitAdmin.signIn('unit@a.go.id');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('makes a key shown once that works against the invitations API, until it is revoked', async () => {
    const empty = await unitAdmin.page('/admin/units/disduk/api-keys');
    expect(empty.res.status).toBe(200);
    expect(empty.text).toContain('Belum ada kunci.');

    const key = await makeKey(unitAdmin, 'disduk', '  Mesin <antrean> lantai 1 ');
    expect(key).toMatch(/^sk_/);
    const [row] = await keys();
    expect(row).toMatchObject({ slug: 'disduk', name: 'Mesin <antrean> lantai 1', key_hash: apiKeyHash(key), created_by: unitAdminId, revoked_at: null });
    const list = await unitAdmin.page('/admin/units/disduk/api-keys');
    expect(list.text).not.toContain(key);
    expect(list.text).toMatch(/<th scope="row">Mesin &lt;antrean&gt; lantai 1<\/th><td>[^<]+<\/td><td>Petugas Disduk<\/td><td><span class="badge ok">Aktif<\/span>/);

    const created = await invite(key);
    expect(created.status).toBe(201);
    expect(((await created.json()) as { invitations: { url: string }[] }).invitations[0]!.url).toMatch(/^https:\/\/survei\.test\/i\//);

    const revoked = await unitAdmin.post(`/admin/units/disduk/api-keys/${row!.id}/revoke`, {}, { from: '/admin/units/disduk/api-keys' });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get('location')).toBe(`/admin/units/disduk/api-keys?revoked=${row!.id}`);
    const after = await unitAdmin.page(revoked.headers.get('location')!);
    expect(after.text).toContain('Kunci &quot;Mesin &lt;antrean&gt; lantai 1&quot; dicabut');
    expect(after.text).toMatch(/<span class="badge bad">Dicabut [^<]+<\/span>/);
    expect(after.text).not.toContain(`/api-keys/${row!.id}/revoke`);

    const refused = await invite(key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/);

    const twice = await unitAdmin.post(`/admin/units/disduk/api-keys/${row!.id}/revoke`, {}, { from: '/admin/units/disduk/api-keys' });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('Kunci ini sudah dicabut.');

    const audits = await database.db.selectFrom('audit_log').where('action', 'like', 'api_key.%').select(['action', 'user_id', 'target_id']).orderBy('id').execute();
    expect(audits).toEqual([
      { action: 'api_key.create', user_id: unitAdminId, target_id: row!.id },
      { action: 'api_key.revoke', user_id: unitAdminId, target_id: row!.id },
    ]);
  });

  it('lets the instansi admin manage any unit’s keys', async () => {
    const admin = new Agent(app);
    await admin.signIn('admin@a.go.id');
    const key = await makeKey(admin, 'dinkes', 'Kios Dinkes');
    expect((await keys()).find((k) => k.key_hash === apiKeyHash(key))).toMatchObject({ slug: 'dinkes', name: 'Kios Dinkes' });
    expect((await admin.page('/admin/units/disduk/api-keys')).res.status).toBe(200);
  });

  it("answers 403 to a viewer, 404 to another unit's unit_admin, and 404 for another unit's key id", async () => {
    const key = await makeKey(unitAdmin, 'disduk', 'Mesin antrean lantai 2');
    const own = (await keys()).find((k) => k.key_hash === apiKeyHash(key))!;
    const before = await keys();

    const viewer = new Agent(app);
    await viewer.signIn('viewer@a.go.id');
    expect((await viewer.page('/admin/units/disduk/api-keys')).res.status).toBe(403);
    expect((await viewer.post('/admin/units/disduk/api-keys', { name: 'Pembaca' }, { from: '/admin/account' })).status).toBe(403);
    expect((await viewer.post(`/admin/units/disduk/api-keys/${own.id}/revoke`, {}, { from: '/admin/account' })).status).toBe(403);

    const dinkes = new Agent(app);
    await dinkes.signIn('dinkes@a.go.id');
    expect((await dinkes.page('/admin/units/disduk/api-keys')).res.status).toBe(404);
    expect((await dinkes.post('/admin/units/disduk/api-keys', { name: 'Lintas' }, { from: '/admin/units/dinkes/api-keys' })).status).toBe(404);
    expect((await dinkes.post(`/admin/units/disduk/api-keys/${own.id}/revoke`, {}, { from: '/admin/units/dinkes/api-keys' })).status).toBe(404);
    // through its own unit's address, the other unit's key is as unknown as a made-up id
    for (const id of [own.id, crypto.randomUUID(), 'bukan-id']) {
      expect((await dinkes.post(`/admin/units/dinkes/api-keys/${id}/revoke`, {}, { from: '/admin/units/dinkes/api-keys' })).status).toBe(404);
    }
    expect(await keys()).toEqual(before);
    expect((await invite(key)).status).toBe(201);
  });

  it('refuses a key without a name, or with a name over 200 characters, storing nothing', async () => {
    const before = await keys();
    for (const [name, message] of [
      ['   ', 'Nama: wajib diisi'],
      ['x'.repeat(201), 'Nama: maksimal 200 karakter'],
    ] as const) {
      const res = await unitAdmin.post('/admin/units/disduk/api-keys', { name }, { from: '/admin/units/disduk/api-keys' });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain(message);
      expect(shownKey(text)).toBeUndefined();
    }
    expect(await keys()).toEqual(before);
  });
});
