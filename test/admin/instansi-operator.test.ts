// The operator: every instansi of the deployment, and a new instansi created with its first admin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const newInstansi = { name: 'Kota Baru', slug: 'kota-baru', timeZone: 'WIT', adminName: 'Admin Kota Baru', adminEmail: 'Admin@KotaBaru.go.id' };

describe.each(DATABASE_KINDS)('operator: instansi and their first admin (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let operator: Agent;

  const counts = async () => ({
    instansi: (await database.db.selectFrom('instansi').select('slug').execute()).length,
    users: (await database.db.selectFrom('app_user').select('id').execute()).length,
    audit: (await database.db.selectFrom('audit_log').where('action', 'in', ['instansi.create', 'user.create']).select('id').execute()).length,
  });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(database.db, { name: 'Kabupaten A', slug: 'kab-a', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kesehatan', slug: 'dinkes' });
    await addUnit(database.db, { instansi: 'kab-a', name: 'Disdukcapil', slug: 'capil' });
    await addUser(database.db, { email: 'admin@a.go.id', name: 'Admin A', role: 'admin', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'operator@prov.go.id', name: 'Operator Provinsi', role: 'operator', password: TEST_PASSWORD });
    operator = new Agent(app, { 'X-Forwarded-For': '10.7.7.7' });
    expect((await operator.signIn('operator@prov.go.id')).status).toBe(303);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lists every instansi with its time zone and how many units and users it has', async () => {
    const page = await operator.page('/admin/instansi');
    expect(page.res.status).toBe(200);
    expect(page.text).toMatch(/<th scope="row">Kabupaten A<\/th><td><code>kab-a<\/code><\/td><td>WIB<\/td><td class="num">2<\/td><td class="num">1<\/td>/);
    expect(page.text).toContain('action="/admin/instansi/new"');
    // no profile form: the operator has no instansi of its own
    expect(page.text).not.toContain('action="/admin/instansi"');
    expect((await operator.request('/admin/instansi/logo')).status).toBe(404);
    expect((await operator.request('/admin/instansi/kab-a/logo')).status).toBe(404);
    expect((await operator.post('/admin/instansi', { name: 'X', timeZone: 'WIB', hours: 'none' }, { from: '/admin/instansi' })).status).toBe(403);
  });

  it('creates an instansi with its admin in one step, and shows the admin\'s password once; the admin can sign in with it', async () => {
    const res = await operator.post('/admin/instansi/new', newInstansi, { from: '/admin/instansi' });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('Instansi Kota Baru (kota-baru) dan admin admin@kotabaru.go.id dibuat.');
    const password = /<code class="once"[^>]*>([^<]+)<\/code>/.exec(text)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{20}$/);

    const instansi = await database.db.selectFrom('instansi').where('slug', '=', 'kota-baru').select(['id', 'name', 'time_zone']).executeTakeFirstOrThrow();
    expect(instansi).toMatchObject({ name: 'Kota Baru', time_zone: 'Asia/Jayapura' });
    const admin = await database.db.selectFrom('app_user').where('email', '=', 'admin@kotabaru.go.id').select(['id', 'role', 'instansi_id', 'password_hash']).executeTakeFirstOrThrow();
    expect(admin).toMatchObject({ role: 'admin', instansi_id: instansi.id });
    expect(admin.password_hash).not.toContain(password!);
    const operatorId = (await database.db.selectFrom('app_user').where('email', '=', 'operator@prov.go.id').select('id').executeTakeFirstOrThrow()).id;
    const audited = await database.db.selectFrom('audit_log').where('instansi_id', '=', instansi.id).select(['action', 'user_id', 'target_id', 'address']).orderBy('id').execute();
    expect(audited).toEqual([
      { action: 'instansi.create', user_id: operatorId, target_id: instansi.id, address: '10.7.7.7' },
      { action: 'user.create', user_id: operatorId, target_id: admin.id, address: '10.7.7.7' },
    ]);

    // the password is not shown again anywhere
    expect((await operator.page('/admin/instansi')).text).not.toContain(password!);
    const newAdmin = new Agent(app);
    expect((await newAdmin.signIn('admin@kotabaru.go.id', password!)).status).toBe(303);
    const profile = await newAdmin.page('/admin/instansi');
    expect(profile.res.status).toBe(200);
    expect(profile.text).toContain('value="Kota Baru"');
    expect((await operator.page('/admin/instansi')).text).toMatch(/<th scope="row">Kota Baru<\/th><td><code>kota-baru<\/code><\/td><td>WIT<\/td><td class="num">0<\/td><td class="num">1<\/td>/);
  });

  it('creates nothing when the admin\'s e-mail or the slug is taken (409 naming the field), or a field is wrong (400)', async () => {
    const before = await counts();
    const taken = await operator.post('/admin/instansi/new', { ...newInstansi, name: 'Kota Lain', slug: 'kota-lain', adminEmail: 'ADMIN@a.go.id' }, { from: '/admin/instansi' });
    expect(taken.status).toBe(409);
    const takenText = await taken.text();
    expect(takenText).toContain('E-mail admin: sudah dipakai akun lain. Tidak ada yang dibuat.');
    // the form keeps what was typed
    expect(takenText).toContain('value="Kota Lain"');
    expect(await database.db.selectFrom('instansi').where('slug', '=', 'kota-lain').select('id').execute()).toEqual([]);

    const slugTaken = await operator.post('/admin/instansi/new', { ...newInstansi, adminEmail: 'another@kotabaru.go.id' }, { from: '/admin/instansi' });
    expect(slugTaken.status).toBe(409);
    expect(await slugTaken.text()).toContain('Kode singkat: sudah dipakai instansi lain.');
    expect(await database.db.selectFrom('app_user').where('email', '=', 'another@kotabaru.go.id').select('id').execute()).toEqual([]);

    const wrong: [Record<string, string>, string][] = [
      [{ ...newInstansi, slug: 'kota-x', adminEmail: 'not an address' }, 'E-mail admin: harus alamat e-mail'],
      [{ ...newInstansi, slug: 'Kota X' }, 'Kode singkat: 2–63 huruf kecil'],
      [{ ...newInstansi, slug: 'kota-x', timeZone: 'GMT' }, 'Zona waktu: pilih WIB, WITA atau WIT'],
      [{ ...newInstansi, slug: 'kota-x', adminName: '' }, 'Nama admin: wajib diisi'],
      [{ ...newInstansi, name: '', slug: '' }, 'Nama instansi: wajib diisi'],
    ];
    for (const [fields, message] of wrong) {
      const res = await operator.post('/admin/instansi/new', fields, { from: '/admin/instansi' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(await counts()).toEqual(before);
  });

  it('makes the slug from the name when none is given', async () => {
    const res = await operator.post('/admin/instansi/new', { ...newInstansi, name: 'Kabupaten Sorong Selatan', slug: '', adminEmail: 'admin@sorsel.go.id' }, { from: '/admin/instansi' });
    expect(res.status).toBe(200);
    expect(await database.db.selectFrom('instansi').where('slug', '=', 'kabupaten-sorong-selatan').select('name').executeTakeFirst()).toEqual({ name: 'Kabupaten Sorong Selatan' });
  });

  it('answers 403 to anyone but the operator who tries to create an instansi', async () => {
    const before = await counts();
    const admin = new Agent(app);
    await admin.signIn('admin@a.go.id');
    const refused = await admin.post('/admin/instansi/new', { ...newInstansi, slug: 'kota-y', adminEmail: 'y@y.go.id' }, { from: '/admin/instansi' });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Hanya operator platform yang dapat membuat instansi.');
    expect(await counts()).toEqual(before);
  });
});
