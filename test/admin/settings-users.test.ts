// The users of an instansi in the workspace: admins only, scoped to their own instansi; passwords
// generated and shown once; an admin keeps its own access; deactivation ends open sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { verifyPassword } from '../../src/admin/password.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const shownSecret = (html: string) => /<code class="secret"[^>]*>([^<]+)<\/code>/.exec(html)?.[1];

describe.each(DATABASE_KINDS)('workspace users (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let admin: Agent;
  let adminId: string;
  let userOfB: string;

  const userRow = (email: string) => database.db.selectFrom('app_user').where('email', '=', email).selectAll().executeTakeFirstOrThrow();
  const unitsOf = async (userId: string) =>
    (await database.db.selectFrom('user_unit as g').innerJoin('unit as u', 'u.id', 'g.unit_id').where('g.user_id', '=', userId).select('u.slug').orderBy('u.slug').execute()).map((r) => r.slug);
  const userCount = async () => Number((await database.db.selectFrom('app_user').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(database.db, { name: 'Kabupaten A', slug: 'kab-a', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kesehatan', slug: 'dinkes' });
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kependudukan', slug: 'disduk' });
    await addInstansi(database.db, { name: 'Kota B', slug: 'kota-b', timeZone: 'WITA' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kota-b', name: 'Puskesmas B', slug: 'puskes' });
    adminId = (await addUser(database.db, { email: 'admin@a.go.id', name: 'Admin A', role: 'admin', instansi: 'kab-a', password: TEST_PASSWORD })).id;
    await addUser(database.db, { email: 'unit@a.go.id', name: 'Unit A', role: 'unit_admin', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'viewer@a.go.id', name: 'Pimpinan A', role: 'viewer', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'admin@b.go.id', name: 'Admin B', role: 'admin', instansi: 'kota-b', password: TEST_PASSWORD });
    userOfB = (await addUser(database.db, { email: 'staf@b.go.id', name: 'Staf B', role: 'viewer', instansi: 'kota-b', password: TEST_PASSWORD })).id;
    admin = new Agent(app, { 'X-Forwarded-For': '10.1.2.3' });
    expect((await admin.signIn('admin@a.go.id')).status).toBe(303);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("lists the instansi's users with role, units, status and last sign-in, and nobody else's", async () => {
    const { res, text } = await admin.page('/admin/users');
    expect(res.status).toBe(200);
    expect(text).toContain('Admin A');
    expect(text).toContain('unit@a.go.id');
    expect(text).toMatch(/<th scope="row">Unit A<\/th><td>unit@a.go.id<\/td><td>admin unit<\/td><td>Dinas Kesehatan<\/td>/);
    expect(text).toMatch(/<th scope="row">Pimpinan A<\/th><td>viewer@a.go.id<\/td><td>pembaca<\/td><td>Seluruh instansi<\/td><td><span class="badge ok">Aktif<\/span><\/td><td>Belum pernah<\/td>/);
    // the admin signed in just now: its row shows a time, not "never"
    expect(text).toMatch(/<th scope="row">Admin A<\/th>(?:(?!<\/tr>).)*<td>\d{1,2} \w+ \d{4}/);
    expect(text).not.toContain('Admin B');
    expect(text).not.toContain('staf@b.go.id');
    // the units of the form are the instansi's own
    expect(text).toContain('value="disduk"');
    expect(text).not.toContain('value="puskes"');
  });

  it('answers 403 to anyone but an admin, and stores nothing', async () => {
    const before = await userCount();
    for (const email of ['unit@a.go.id', 'viewer@a.go.id']) {
      const agent = new Agent(app);
      await agent.signIn(email);
      expect((await agent.page('/admin/users')).res.status).toBe(403);
      expect((await agent.post('/admin/users', { name: 'X', email: 'x@a.go.id', role: 'viewer' }, { from: '/admin/account' })).status).toBe(403);
      expect((await agent.page(`/admin/users/${adminId}`)).res.status).toBe(403);
      expect((await agent.post(`/admin/users/${adminId}`, { role: 'viewer' }, { from: '/admin/account' })).status).toBe(403);
      expect((await agent.post(`/admin/users/${adminId}/password`, {}, { from: '/admin/account' })).status).toBe(403);
    }
    expect(await userCount()).toBe(before);
    expect((await userRow('admin@a.go.id')).role).toBe('admin');
  });

  it('adds a user with a generated password shown once, who signs in with it and reaches its units', async () => {
    const res = await admin.post('/admin/users', { name: ' Petugas <Baru> ', email: ' Petugas@A.go.id ', role: 'unit_admin', units: ['disduk'] }, { from: '/admin/users' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Petugas &lt;Baru&gt; (petugas@a.go.id) dapat masuk sekarang.');
    const password = shownSecret(text)!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const row = await userRow('petugas@a.go.id');
    expect(row).toMatchObject({ name: 'Petugas <Baru>', role: 'unit_admin', active: true });
    expect(row.password_hash).not.toContain(password);
    expect(await verifyPassword(password, row.password_hash)).toBe(true);
    expect(await unitsOf(row.id)).toEqual(['disduk']);
    const audited = await database.db.selectFrom('audit_log').where('action', '=', 'user.create').where('target_id', '=', row.id).select(['user_id', 'address']).executeTakeFirstOrThrow();
    expect(audited).toEqual({ user_id: adminId, address: '10.1.2.3' });
    // shown once: the list never shows it again
    expect((await admin.page('/admin/users')).text).not.toContain(password);

    const petugas = new Agent(app);
    expect((await petugas.signIn('petugas@a.go.id', password)).status).toBe(303);
    const home = await petugas.page('/admin');
    expect(home.res.status).toBe(200);
    expect(home.text).toContain('Dinas Kependudukan');
    expect(home.text).not.toContain('Dinas Kesehatan');
  });

  it.each([
    [{ name: 'Op', email: 'op@a.go.id', role: 'operator' }, 400, 'Peran: pilih admin, admin unit, atau pembaca'],
    [{ name: 'Tanpa unit', email: 'tanpa@a.go.id', role: 'unit_admin' }, 400, 'Unit: pilih minimal satu unit untuk admin unit'],
    [{ name: 'Admin unit', email: 'au@a.go.id', role: 'admin', units: ['dinkes'] }, 400, 'Unit: admin menjangkau seluruh instansi; jangan centang unit'],
    [{ name: 'Lintas', email: 'lintas@a.go.id', role: 'viewer', units: ['puskes'] }, 400, 'Unit: unit tidak dikenal di instansi ini'],
    [{ name: ' ', email: 'kosong@a.go.id', role: 'viewer' }, 400, 'Nama: wajib diisi'],
    [{ name: 'Surel', email: 'bukan-surel', role: 'viewer' }, 400, 'E-mail: bukan alamat e-mail yang sah'],
    [{ name: 'Ganda', email: 'VIEWER@a.go.id', role: 'viewer' }, 409, 'E-mail: sudah dipakai pengguna lain'],
  ])('refuses %o with the field named, storing nothing', async (fields, status, message) => {
    const before = await userCount();
    const res = await admin.post('/admin/users', fields, { from: '/admin/users' });
    expect(res.status).toBe(status);
    const text = await res.text();
    expect(text).toContain(message);
    // the form comes back filled in
    expect(text).toContain(`value="${fields.email}"`);
    expect(await userCount()).toBe(before);
  });

  it("changes a user's role, units and access; deactivating ends the user's open session", async () => {
    const target = await addUser(database.db, { email: 'pindah@a.go.id', name: 'Pindah', role: 'viewer', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    const them = new Agent(app);
    await them.signIn('pindah@a.go.id');
    expect((await them.page('/admin')).text).toContain('Dinas Kesehatan');

    const page = await admin.page(`/admin/users/${target.id}`);
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('<input type="radio" name="role" value="viewer" required="" checked=""/>');
    expect(page.text).toContain('<input type="checkbox" name="units" value="dinkes" checked=""/>');

    const changed = await admin.post(`/admin/users/${target.id}`, { role: 'unit_admin', units: ['disduk', 'dinkes'], active: 'yes' }, { from: `/admin/users/${target.id}` });
    expect(changed.status).toBe(303);
    expect(changed.headers.get('location')).toBe(`/admin/users/${target.id}?done=saved`);
    expect((await admin.page(`/admin/users/${target.id}?done=saved`)).text).toContain('Perubahan disimpan.');
    expect(await userRow('pindah@a.go.id')).toMatchObject({ role: 'unit_admin', active: true });
    expect(await unitsOf(target.id)).toEqual(['dinkes', 'disduk']);
    // the open session follows the new reach at once
    const home = await them.page('/admin');
    expect(home.text).toContain('Dinas Kependudukan');
    expect(home.text).toContain('(admin unit)');

    const refused = await admin.post(`/admin/users/${target.id}`, { role: 'unit_admin', active: 'yes' }, { from: `/admin/users/${target.id}` });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('Unit: pilih minimal satu unit untuk admin unit');
    expect(await unitsOf(target.id)).toEqual(['dinkes', 'disduk']);

    const off = await admin.post(`/admin/users/${target.id}`, { role: 'viewer' }, { from: `/admin/users/${target.id}` });
    expect(off.status).toBe(303);
    expect(await userRow('pindah@a.go.id')).toMatchObject({ role: 'viewer', active: false });
    expect(await unitsOf(target.id)).toEqual([]);
    const sessions = await database.db.selectFrom('session').where('user_id', '=', target.id).select('revoked_at').execute();
    expect(sessions.length).toBeGreaterThan(0);
    expect(sessions.every((s) => s.revoked_at !== null)).toBe(true);
    const after = await them.request('/admin');
    expect(after.status).toBe(303);
    expect(after.headers.get('location')).toMatch(/^\/admin\/login/);
    expect((await new Agent(app).signIn('pindah@a.go.id')).status).toBe(401);
    expect((await admin.page('/admin/users')).text).toMatch(/<th scope="row">Pindah<\/th>(?:(?!<\/tr>).)*Nonaktif/);

    const audits = await database.db.selectFrom('audit_log').where('action', '=', 'user.update').where('target_id', '=', target.id).select(['user_id', 'detail']).orderBy('id').execute();
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ user_id: adminId, detail: { before: { role: 'unit_admin', active: true }, after: { role: 'viewer', units: [], active: false } } });
  });

  it('keeps an admin from demoting or deactivating itself, or resetting its own password here', async () => {
    const demote = await admin.post(`/admin/users/${adminId}`, { role: 'viewer', active: 'yes' }, { from: `/admin/users/${adminId}` });
    expect(demote.status).toBe(400);
    expect(await demote.text()).toContain('Peran: Anda tidak dapat menurunkan peran akun Anda sendiri');
    const deactivate = await admin.post(`/admin/users/${adminId}`, { role: 'admin' }, { from: `/admin/users/${adminId}` });
    expect(deactivate.status).toBe(400);
    expect(await deactivate.text()).toContain('Aktif: Anda tidak dapat menonaktifkan akun Anda sendiri');
    const reset = await admin.post(`/admin/users/${adminId}/password`, {}, { from: `/admin/users/${adminId}` });
    expect(reset.status).toBe(400);
    expect(await userRow('admin@a.go.id')).toMatchObject({ role: 'admin', active: true });
    expect(await verifyPassword(TEST_PASSWORD, (await userRow('admin@a.go.id')).password_hash)).toBe(true);
    expect((await admin.page('/admin/users')).res.status).toBe(200);
  });

  it("resets a user's password: the new one is shown once, the old one and the user's sessions stop working", async () => {
    const target = await addUser(database.db, { email: 'lupa@a.go.id', name: 'Lupa', role: 'viewer', instansi: 'kab-a', password: TEST_PASSWORD });
    const them = new Agent(app);
    await them.signIn('lupa@a.go.id');
    expect((await them.page('/admin')).res.status).toBe(200);
    const res = await admin.post(`/admin/users/${target.id}/password`, {}, { from: `/admin/users/${target.id}` });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Kata sandi Lupa (lupa@a.go.id) sudah diganti');
    const password = shownSecret(text)!;
    expect(password).toBeTruthy();
    expect((await them.request('/admin')).status).toBe(303);
    expect((await new Agent(app).signIn('lupa@a.go.id')).status).toBe(401);
    expect((await new Agent(app).signIn('lupa@a.go.id', password)).status).toBe(303);
    const audited = await database.db.selectFrom('audit_log').where('action', '=', 'user.password_reset').where('target_id', '=', target.id).select('user_id').execute();
    expect(audited).toEqual([{ user_id: adminId }]);
  });

  it('answers 404 for a user of another instansi, exactly as for an unknown id', async () => {
    const before = await userRow('staf@b.go.id');
    for (const id of [userOfB, crypto.randomUUID(), 'not-an-id']) {
      expect((await admin.page(`/admin/users/${id}`)).res.status).toBe(404);
      expect((await admin.post(`/admin/users/${id}`, { role: 'admin', active: 'yes' }, { from: '/admin/users' })).status).toBe(404);
      expect((await admin.post(`/admin/users/${id}/password`, {}, { from: '/admin/users' })).status).toBe(404);
    }
    expect(await userRow('staf@b.go.id')).toEqual(before);
    // and the admin of B cannot reach A's users either
    const adminB = new Agent(app);
    await adminB.signIn('admin@b.go.id');
    expect((await adminB.page(`/admin/users/${adminId}`)).res.status).toBe(404);
    expect((await adminB.page('/admin/users')).text).not.toContain('admin@a.go.id');
  });
});
