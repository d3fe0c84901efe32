// Who may read and change units, layanan and lokets: a unit_admin of unit A reaches nothing of
// unit B (404, like a unit that does not exist) and may change A; a viewer reads and changes nothing
// (403); only an admin adds units.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit, rotateLoketKeys } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const PROFILE = { name: 'Unit', parent: '', headName: '', headNip: '', address: '', cooldownMinutes: '60', flagPolicy: 'count', active: 'true' };

describe.each(DATABASE_KINDS)('who reaches the units, layanan and lokets (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  // unit A (disduk) and unit B (dinkes), each with a layanan and a loket
  const a = { layanan: '', loket: '' };
  const b = { layanan: '', loket: '' };

  const db = () => database.db;
  const count = async (table: 'unit' | 'layanan' | 'loket' | 'audit_log') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const snapshot = async () => ({
    units: await db().selectFrom('unit').selectAll().orderBy('slug').execute(),
    layanan: await db().selectFrom('layanan').selectAll().orderBy('name').execute(),
    lokets: await db().selectFrom('loket').selectAll().orderBy('code').execute(),
    audits: await count('audit_log'),
  });

  /** Every change a unit's routes take, with a form that would be accepted. */
  const changes = (unit: string, ids: { layanan: string; loket: string }): [string, Record<string, string>][] => [
    [`/admin/units/${unit}`, { ...PROFILE, name: 'Diambil alih' }],
    [`/admin/units/${unit}/layanan`, { name: 'Layanan Baru' }],
    [`/admin/units/${unit}/layanan/${ids.layanan}`, { name: 'Diganti' }],
    [`/admin/units/${unit}/layanan/${ids.layanan}`, { active: 'false' }],
    [`/admin/units/${unit}/lokets`, { name: 'Loket Baru' }],
    [`/admin/units/${unit}/lokets/${ids.loket}`, { name: 'Diganti' }],
    [`/admin/units/${unit}/lokets/${ids.loket}`, { active: 'false' }],
    [`/admin/units/${unit}/lokets/${ids.loket}/keys`, {}],
  ];
  const reads = (unit: string, loket: string) => [`/admin/units/${unit}`, ...['qr.svg', 'qr.png', 'poster.pdf'].map((f) => `/admin/units/${unit}/lokets/${loket}/${f}`)];

  async function signedIn(email: string) {
    const agent = new Agent(app);
    expect((await agent.signIn(email)).status).toBe(303);
    return agent;
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    await addInstansi(db(), { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    for (const [slug, name, ids] of [
      ['disduk', 'Dinas Kependudukan', a],
      ['dinkes', 'Dinas Kesehatan', b],
    ] as const) {
      await addUnit(db(), { instansi: 'kab-uji', name, slug });
      ids.layanan = (await addLayanan(db(), { instansi: 'kab-uji', unit: slug, name: `Layanan ${slug}` })).id;
      ids.loket = (await addLoket(db(), { instansi: 'kab-uji', unit: slug, name: `Loket ${slug}` })).code;
      await rotateLoketKeys(db(), ids.loket);
    }
    await addUser(db(), { email: 'ua@uji.go.id', name: 'Admin Disduk', role: 'unit_admin', instansi: 'kab-uji', units: ['disduk'], password: TEST_PASSWORD });
    await addUser(db(), { email: 'viewer@uji.go.id', name: 'Pembaca Disduk', role: 'viewer', instansi: 'kab-uji', units: ['disduk'], password: TEST_PASSWORD });
    await addUser(db(), { email: 'pimpinan@uji.go.id', name: 'Pimpinan', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD });
  });
  afterAll(async () => {
    await database?.close();
  });

  it('gives a unit_admin of unit A 404 for every route of unit B, and for B\'s layanan and lokets through A, changing nothing', async () => {
    const ua = await signedIn('ua@uji.go.id');
    const before = await snapshot();
    for (const path of reads('dinkes', b.loket)) expect((await ua.request(path)).status, path).toBe(404);
    for (const [path, fields] of changes('dinkes', b)) expect((await ua.post(path, fields)).status, path).toBe(404);
    // B's layanan and loket named under A's address
    for (const path of reads('disduk', b.loket).slice(1)) expect((await ua.request(path)).status, path).toBe(404);
    for (const [path, fields] of changes('disduk', b).filter(([p]) => p.includes(b.layanan) || p.includes(b.loket))) expect((await ua.post(path, fields)).status, path).toBe(404);
    expect(await snapshot()).toEqual(before);
    const list = await ua.page('/admin/units');
    expect(list.text).toContain('Dinas Kependudukan');
    expect(list.text).not.toContain('Dinas Kesehatan');
  });

  it('lets a unit_admin change its own unit, but not add units nor hang it under a unit it does not reach', async () => {
    const ua = await signedIn('ua@uji.go.id');
    const page = await ua.page('/admin/units/disduk');
    expect(page.text).toContain('action="/admin/units/disduk/lokets"');
    expect(page.text).not.toContain('value="dinkes"');
    expect(page.text).not.toContain('action="/admin/units"');
    for (const [path, fields] of changes('disduk', a)) expect((await ua.post(path, fields)).status, path).toBeLessThan(400);
    expect((await db().selectFrom('unit').where('slug', '=', 'disduk').select('name').executeTakeFirstOrThrow()).name).toBe('Diambil alih');
    expect((await db().selectFrom('loket').where('code', '=', a.loket).select(['name', 'active']).executeTakeFirstOrThrow())).toEqual({ name: 'Diganti', active: false });

    const hidden = await ua.post('/admin/units/disduk', { ...PROFILE, name: 'Diambil alih', parent: 'dinkes' });
    expect(hidden.status).toBe(400);
    expect(await hidden.text()).toContain('Unit induk: tidak ditemukan di unit atau instansi ini');
    expect((await db().selectFrom('unit').where('slug', '=', 'disduk').select('parent_id').executeTakeFirstOrThrow()).parent_id).toBeNull();

    const units = await count('unit');
    expect((await ua.post('/admin/units', { name: 'Unit Liar' })).status).toBe(403);
    expect(await count('unit')).toBe(units);
  });

  it('lets a viewer read its units but answers 403 to every change', async () => {
    const viewer = await signedIn('viewer@uji.go.id');
    const page = await viewer.page('/admin/units/disduk');
    expect(page.res.status).toBe(200);
    expect(page.text).toContain(`<code>${a.loket}</code>`);
    expect(page.text).toContain('Akun ini hanya dapat membaca.');
    expect(page.text).not.toContain('method="post" action="/admin/units/disduk');
    expect((await viewer.request(`/admin/units/disduk/lokets/${a.loket}/qr.svg`)).status).toBe(409); // closed by the unit_admin above
    await db().updateTable('loket').set({ active: true }).where('code', '=', a.loket).execute();
    for (const path of reads('disduk', a.loket)) expect((await viewer.request(path)).status, path).toBe(200);

    const before = await snapshot();
    for (const [path, fields] of changes('disduk', a)) expect((await viewer.post(path, fields)).status, path).toBe(403);
    expect((await viewer.post('/admin/units', { name: 'Unit Liar' })).status).toBe(403);
    // a unit outside its reach stays 404 for a viewer too
    for (const path of reads('dinkes', b.loket)) expect((await viewer.request(path)).status, path).toBe(404);
    for (const [path, fields] of changes('dinkes', b)) expect((await viewer.post(path, fields)).status, path).toBe(404);
    expect(await snapshot()).toEqual(before);
  });

  it('lets a viewer of the whole instansi read every unit, and change none', async () => {
    const pimpinan = await signedIn('pimpinan@uji.go.id');
    const list = await pimpinan.page('/admin/units');
    expect(list.text).toContain('Dinas Kesehatan');
    expect(list.text).not.toContain('action="/admin/units"');
    for (const path of [...reads('disduk', a.loket), ...reads('dinkes', b.loket)]) expect((await pimpinan.request(path)).status, path).toBe(200);
    const before = await snapshot();
    for (const [path, fields] of changes('dinkes', b)) expect((await pimpinan.post(path, fields)).status, path).toBe(403);
    expect(await snapshot()).toEqual(before);
  });
});
