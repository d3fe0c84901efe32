// The instansi profile (name, time zone, service hours), its logo, and who may change or read them.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { adminRoutes } from '../../src/admin/routes.tsx';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import type { LoketContextCache } from '../../src/survey/context-cache.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

// a real 1×1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
const SAFE_SVG = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><defs><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)"/></svg>';

const file = (bytes: Buffer | string, name: string, type: string) => {
  const form = new FormData();
  form.append('logo', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }));
  return form;
};

describe.each(DATABASE_KINDS)('instansi profile and logo (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let admin: Agent;

  const instansiA = () => database.db.selectFrom('instansi').where('slug', '=', 'kab-a').selectAll().executeTakeFirstOrThrow();
  const audited = (action: string) => database.db.selectFrom('audit_log').where('action', '=', action).selectAll().orderBy('id').execute();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(database.db, { name: 'Kabupaten A', slug: 'kab-a', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addInstansi(database.db, { name: 'Kabupaten B', slug: 'kab-b', timeZone: 'WIT' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kesehatan', slug: 'dinkes' });
    await addUser(database.db, { email: 'admin@a.go.id', name: 'Admin A', role: 'admin', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'viewer@a.go.id', name: 'Pimpinan A', role: 'viewer', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'unit@a.go.id', name: 'Admin Dinkes', role: 'unit_admin', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'admin@b.go.id', name: 'Admin B', role: 'admin', instansi: 'kab-b', password: TEST_PASSWORD });
    admin = new Agent(app, { 'X-Forwarded-For': '10.1.2.3' });
    expect((await admin.signIn('admin@a.go.id')).status).toBe(303);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('lets the admin change the name, time zone and service hours, audited with the old and new values', async () => {
    const page = await admin.page('/admin/instansi');
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('value="Kabupaten A"');
    expect(page.text).toContain('action="/admin/instansi"');
    const res = await admin.post(
      '/admin/instansi',
      { name: 'Kabupaten A Raya', timeZone: 'WITA', hours: 'set', days: ['5', '1', '2', '3', '4'], open: '07:30', close: '15:00' },
      { from: '/admin/instansi' },
    );
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/instansi?done=profile');
    const row = await instansiA();
    expect(row.name).toBe('Kabupaten A Raya');
    expect(row.time_zone).toBe('Asia/Makassar');
    expect(row.service_hours).toEqual({ days: [1, 2, 3, 4, 5], open: '07:30', close: '15:00' });
    const [entry] = await audited('instansi.update');
    expect(entry!.instansi_id).toBe(row.id);
    expect(entry!.address).toBe('10.1.2.3');
    expect(entry!.detail).toEqual({
      changes: {
        name: { from: 'Kabupaten A', to: 'Kabupaten A Raya' },
        timeZone: { from: 'Asia/Jakarta', to: 'Asia/Makassar' },
        serviceHours: { from: null, to: { days: [1, 2, 3, 4, 5], open: '07:30', close: '15:00' } },
      },
    });
    const after = await admin.page('/admin/instansi?done=profile');
    expect(after.text).toContain('Profil disimpan.');
    expect(after.text).toMatch(/value="Asia\/Makassar" selected/);
    expect(after.text).toMatch(/value="6"(?! checked)/);

    // and back to no service hours
    const none = await admin.post('/admin/instansi', { name: 'Kabupaten A Raya', timeZone: 'Asia/Makassar', hours: 'none', open: '', close: '' }, { from: '/admin/instansi' });
    expect(none.status).toBe(303);
    expect((await instansiA()).service_hours).toBeNull();
  });

  it('refuses a wrong field with 400 naming it, and changes nothing', async () => {
    const before = await instansiA();
    const cases: [Record<string, string | string[]>, string][] = [
      [{ name: ' ', timeZone: 'WIB', hours: 'none' }, 'Nama instansi: wajib diisi'],
      [{ name: 'X', timeZone: 'UTC', hours: 'none' }, 'Zona waktu: pilih WIB, WITA atau WIT'],
      [{ name: 'X', timeZone: 'WIB', hours: 'set', open: '08:00', close: '16:00' }, 'Hari layanan: pilih sedikitnya satu hari'],
      [{ name: 'X', timeZone: 'WIB', hours: 'set', days: ['8'], open: '08:00', close: '16:00' }, 'Hari layanan'],
      [{ name: 'X', timeZone: 'WIB', hours: 'set', days: ['1'], open: '8 pagi', close: '16:00' }, 'Buka (JJ:MM): tulis jam'],
      [{ name: 'X', timeZone: 'WIB', hours: 'set', days: ['1'], open: '16:00', close: '08:00' }, 'Tutup (JJ:MM): tulis jam dengan format JJ:MM, setelah jam buka'],
    ];
    for (const [fields, message] of cases) {
      const res = await admin.post('/admin/instansi', fields, { from: '/admin/instansi' });
      expect(res.status).toBe(400);
      expect(await res.text()).toContain(message);
    }
    expect(await instansiA()).toEqual(before);
  });

  it('stores an uploaded PNG logo and serves it back with its type, audited', async () => {
    const res = await admin.postMultipart('/admin/instansi/logo', file(PNG, 'logo.png', 'image/png'), { from: '/admin/instansi' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/instansi?done=logo');
    for (const path of ['/admin/instansi/logo', '/admin/instansi/kab-a/logo']) {
      const logo = await admin.request(path);
      expect(logo.status).toBe(200);
      expect(logo.headers.get('content-type')).toBe('image/png');
      expect(logo.headers.get('x-content-type-options')).toBe('nosniff');
      expect(logo.headers.get('content-disposition')).toBeNull();
      expect(Buffer.from(await logo.arrayBuffer()).equals(PNG)).toBe(true);
    }
    const page = await admin.page('/admin/instansi?done=logo');
    expect(page.text).toContain('Logo disimpan.');
    expect(page.text).toContain('<img class="instansi-logo" src="/admin/instansi/logo"');
    const [entry] = await audited('instansi.logo');
    expect(entry!.detail).toMatchObject({ type: 'image/png', bytes: PNG.length });
  });

  it('judges a logo by its bytes: an SVG sent as "image/png" is stored and served as SVG', async () => {
    const res = await admin.postMultipart('/admin/instansi/logo', file(SAFE_SVG, 'logo.png', 'image/png'), { from: '/admin/instansi' });
    expect(res.status).toBe(303);
    const logo = await admin.request('/admin/instansi/logo');
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
    expect(await logo.text()).toBe(SAFE_SVG);
    // back to the PNG for the next tests
    expect((await admin.postMultipart('/admin/instansi/logo', file(PNG, 'logo.png', 'image/png'), { from: '/admin/instansi' })).status).toBe(303);
  });

  it('refuses a file that is not PNG, JPEG or SVG, an SVG with a script or an event handler, and a file over 512 KB, storing nothing', async () => {
    const before = await instansiA();
    const uploads = (await audited('instansi.logo')).length;
    const refused: [FormData, number, string][] = [
      [file(Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'logo.png', 'image/png'), 400, 'bukan PNG, JPEG atau SVG'],
      [file('<html><body>logo</body></html>', 'logo.svg', 'image/svg+xml'), 400, 'bukan PNG, JPEG atau SVG'],
      [file('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'logo.svg', 'image/svg+xml'), 400, 'SVG ini memuat skrip'],
      [file('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>', 'logo.svg', 'image/svg+xml'), 400, 'SVG ini memuat skrip'],
      [file('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://tracker.example/x.png"/></svg>', 'logo.svg', 'image/svg+xml'), 400, 'SVG ini memuat skrip'],
      [file(Buffer.concat([PNG, Buffer.alloc(512 * 1024)]), 'logo.png', 'image/png'), 413, 'paling besar 512 KB'],
      [new FormData(), 400, 'pilih sebuah berkas'],
    ];
    for (const [form, status, message] of refused) {
      const res = await admin.postMultipart('/admin/instansi/logo', form, { from: '/admin/instansi' });
      expect(res.status).toBe(status);
      expect(await res.text()).toContain(message);
    }
    const after = await instansiA();
    expect(after.logo_type).toBe('image/png');
    expect(Buffer.from(after.logo!).equals(Buffer.from(before.logo!))).toBe(true);
    expect((await audited('instansi.logo')).length).toBe(uploads);
  });

  it('shows a viewer and a unit_admin the profile read-only and answers 403 to their changes', async () => {
    const before = await instansiA();
    for (const email of ['viewer@a.go.id', 'unit@a.go.id']) {
      const agent = new Agent(app);
      await agent.signIn(email);
      const page = await agent.page('/admin/instansi');
      expect(page.res.status).toBe(200);
      expect(page.text).toContain('Kabupaten A Raya');
      expect(page.text).toContain('Hanya admin instansi yang dapat mengubah profil ini.');
      expect(page.text).not.toContain('action="/admin/instansi"');
      expect(page.text).not.toContain('action="/admin/instansi/logo"');
      // they may see their own instansi's logo
      expect((await agent.request('/admin/instansi/logo')).status).toBe(200);
      const refused = await agent.post('/admin/instansi', { name: 'Diubah', timeZone: 'WIB', hours: 'none' }, { from: '/admin/instansi' });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('Hanya admin instansi yang dapat mengubah profil ini.');
      expect((await agent.postMultipart('/admin/instansi/logo', file(SAFE_SVG, 'logo.svg', 'image/svg+xml'), { from: '/admin/instansi' })).status).toBe(403);
      expect((await agent.post('/admin/instansi/new', { name: 'Baru', slug: 'baru', timeZone: 'WIB', adminName: 'X', adminEmail: 'x@baru.go.id' }, { from: '/admin/instansi' })).status).toBe(403);
    }
    expect(await instansiA()).toEqual(before);
  });

  it("never gives an admin of instansi A the logo of instansi B", async () => {
    const adminB = new Agent(app);
    await adminB.signIn('admin@b.go.id');
    expect((await adminB.postMultipart('/admin/instansi/logo', file(SAFE_SVG, 'b.svg', 'image/svg+xml'), { from: '/admin/instansi' })).status).toBe(303);
    expect((await adminB.request('/admin/instansi/kab-b/logo')).status).toBe(200);
    expect((await admin.request('/admin/instansi/kab-b/logo')).status).toBe(404);
    expect((await admin.request('/admin/instansi/no-such/logo')).status).toBe(404);
    // and A's own logo is still A's
    expect((await admin.request('/admin/instansi/logo')).headers.get('content-type')).toBe('image/png');
    expect((await adminB.request('/admin/instansi/kab-a/logo')).status).toBe(404);
  });
});

// The area's routes on their own (without the app's default headers), with a spy for the loket cache.
describe.each(DATABASE_KINDS)('instansi routes: the questionnaire cache and the SVG policy (%s)', (kind) => {
  let database: DatabaseHandle;
  let agent: Agent;
  const invalidate = vi.fn();
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await addInstansi(database.db, { name: 'Kota C', slug: 'kota-c', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUser(database.db, { email: 'admin@c.go.id', name: 'Admin C', role: 'admin', instansi: 'kota-c', password: TEST_PASSWORD });
    const { config } = testApp(database);
    const loketContexts = Object.assign(async () => undefined, { invalidate }) as unknown as LoketContextCache;
    agent = new Agent(new Hono<AppEnv>().onError(errorHandler(() => {})).route('/', adminRoutes({ db: database.db, config, loketContexts })));
    await agent.signIn('admin@c.go.id');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('clears the cached lokets when the time zone or the service hours change, not for a new name only', async () => {
    const save = (fields: Record<string, string | string[]>) => agent.post('/admin/instansi', fields, { from: '/admin/instansi' });
    expect((await save({ name: 'Kota C Baru', timeZone: 'WIB', hours: 'none' })).status).toBe(303);
    expect(invalidate).not.toHaveBeenCalled();
    expect((await save({ name: 'Kota C Baru', timeZone: 'WIT', hours: 'none' })).status).toBe(303);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect((await save({ name: 'Kota C Baru', timeZone: 'WIT', hours: 'set', days: ['1'], open: '08:00', close: '12:00' })).status).toBe(303);
    expect(invalidate).toHaveBeenCalledTimes(2);
    const same = await save({ name: 'Kota C Baru', timeZone: 'WIT', hours: 'set', days: ['1'], open: '08:00', close: '12:00' });
    expect(same.headers.get('location')).toBe('/admin/instansi?done=unchanged');
    expect(invalidate).toHaveBeenCalledTimes(2);
  });

  it('serves an SVG logo under a policy that lets it draw but never run or fetch anything', async () => {
    expect((await agent.postMultipart('/admin/instansi/logo', file(SAFE_SVG, 'logo.svg', 'image/svg+xml'), { from: '/admin/instansi' })).status).toBe(303);
    const svg = await agent.request('/admin/instansi/logo');
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
    expect((await agent.postMultipart('/admin/instansi/logo', file(PNG, 'logo.png', 'image/png'), { from: '/admin/instansi' })).status).toBe(303);
    expect((await agent.request('/admin/instansi/logo')).headers.get('content-security-policy')).toBeNull();
  });
});
