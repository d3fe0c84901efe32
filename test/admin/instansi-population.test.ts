// The population of service users per unit and period, with the Krejcie–Morgan minimum sample.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('population per unit and period (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let admin: Agent;
  let dinkesId: string;

  const stored = () => database.db.selectFrom('population').select(['unit_id', 'period', 'users']).orderBy('unit_id').orderBy('period').execute();
  const signedIn = async (email: string) => {
    const agent = new Agent(app, { 'X-Forwarded-For': '10.5.5.5' });
    expect((await agent.signIn(email)).status).toBe(303);
    return agent;
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(database.db, { name: 'Kabupaten A', slug: 'kab-a', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addInstansi(database.db, { name: 'Kabupaten B', slug: 'kab-b', timeZone: 'WIB' }, 'Asia/Jakarta');
    dinkesId = (await addUnit(database.db, { instansi: 'kab-a', name: 'Dinas Kesehatan', slug: 'dinkes' })).id;
    await addUnit(database.db, { instansi: 'kab-a', name: 'Disdukcapil', slug: 'capil' });
    await addUnit(database.db, { instansi: 'kab-b', name: 'RSUD B', slug: 'rsud' });
    await addUser(database.db, { email: 'admin@a.go.id', name: 'Admin A', role: 'admin', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'unit@a.go.id', name: 'Admin Dinkes', role: 'unit_admin', instansi: 'kab-a', units: ['dinkes'], password: TEST_PASSWORD });
    await addUser(database.db, { email: 'viewer@a.go.id', name: 'Pimpinan A', role: 'viewer', instansi: 'kab-a', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'admin@b.go.id', name: 'Admin B', role: 'admin', instansi: 'kab-b', password: TEST_PASSWORD });
    admin = await signedIn('admin@a.go.id');
  });
  afterAll(async () => {
    await database?.close();
  });

  it('records a population, shows its minimum sample, and changes it in place, audited with the old and new value', async () => {
    const empty = await admin.page('/admin/units/dinkes/population');
    expect(empty.res.status).toBe(200);
    expect(empty.text).toContain('Belum ada populasi yang dicatat.');
    // the form proposes the current triwulan
    expect(empty.text).toMatch(/name="period"[^>]*value="\d{4}-Q[1-4]"/);

    const first = await admin.post('/admin/units/dinkes/population', { period: '2026-Q1', users: '500' }, { from: '/admin/units/dinkes/population' });
    expect(first.status).toBe(303);
    expect(first.headers.get('location')).toBe('/admin/units/dinkes/population?saved=2026-Q1');
    const shown = await admin.page(first.headers.get('location')!);
    // Krejcie & Morgan's table: N = 500 → S = 217
    expect(shown.text).toContain('Populasi 2026-Q1 disimpan: minimum 217 responden.');
    expect(shown.text).toMatch(/<th scope="row">2026-Q1<\/th><td class="num">500<\/td><td class="num">217<\/td>/);
    expect(shown.text).toContain('Admin A');

    expect((await admin.post('/admin/units/dinkes/population', { period: '2026-Q1', users: '1000' }, { from: '/admin/units/dinkes/population' })).status).toBe(303);
    expect((await admin.post('/admin/units/dinkes/population', { period: '2026', users: ' 4200 ' }, { from: '/admin/units/dinkes/population' })).status).toBe(303);
    expect(await stored()).toEqual([
      { unit_id: dinkesId, period: '2026', users: 4200 },
      { unit_id: dinkesId, period: '2026-Q1', users: 1000 },
    ]);
    const page = await admin.page('/admin/units/dinkes/population');
    // N = 1000 → 278; N = 4200 → 352
    expect(page.text).toMatch(/<th scope="row">2026-Q1<\/th><td class="num">1\.000<\/td><td class="num">278<\/td>/);
    expect(page.text).toMatch(/<th scope="row">2026<\/th><td class="num">4\.200<\/td><td class="num">352<\/td>/);

    const audited = await database.db.selectFrom('audit_log').where('action', '=', 'population.set').select(['target_id', 'detail', 'address']).orderBy('id').execute();
    expect(audited).toEqual([
      { target_id: dinkesId, detail: { unit: 'dinkes', period: '2026-Q1', from: null, to: 500 }, address: '10.5.5.5' },
      { target_id: dinkesId, detail: { unit: 'dinkes', period: '2026-Q1', from: 500, to: 1000 }, address: '10.5.5.5' },
      { target_id: dinkesId, detail: { unit: 'dinkes', period: '2026', from: null, to: 4200 }, address: '10.5.5.5' },
    ]);
  });

  it('refuses a bad period or number of users with 400 naming the field, storing nothing', async () => {
    const before = await stored();
    const cases: [Record<string, string>, string][] = [
      [{ period: '2026-Q5', users: '100' }, 'Periode: tulis triwulan (2026-Q1), semester (2026-S1) atau tahun (2026)'],
      [{ period: 'Q1 2026', users: '100' }, 'Periode: tulis triwulan'],
      [{ period: '', users: '100' }, 'Periode: tulis triwulan'],
      [{ period: '2026-Q2', users: '0' }, 'Jumlah pengguna layanan: bilangan bulat, paling sedikit 1'],
      [{ period: '2026-Q2', users: '12.5' }, 'Jumlah pengguna layanan: bilangan bulat'],
      [{ period: '2026-Q2', users: '-3' }, 'Jumlah pengguna layanan: bilangan bulat'],
      [{ period: '2026-Q2', users: 'banyak' }, 'Jumlah pengguna layanan: bilangan bulat'],
      [{ period: '2026-Q2', users: '99999999999' }, 'Jumlah pengguna layanan: bilangan bulat'],
    ];
    for (const [fields, message] of cases) {
      const res = await admin.post('/admin/units/dinkes/population', fields, { from: '/admin/units/dinkes/population' });
      expect(res.status).toBe(400);
      const text = await res.text();
      expect(text).toContain(message);
      // what was typed is kept
      expect(text).toContain(`value="${fields.users}"`);
    }
    expect(await stored()).toEqual(before);
  });

  it('lets a unit_admin record its own unit, shows a viewer the list without a form and answers 403 to its change', async () => {
    const unitAdmin = await signedIn('unit@a.go.id');
    expect((await unitAdmin.post('/admin/units/dinkes/population', { period: '2026-S1', users: '2000' }, { from: '/admin/units/dinkes/population' })).status).toBe(303);
    const before = await stored();
    expect(before).toContainEqual({ unit_id: dinkesId, period: '2026-S1', users: 2000 });

    const viewer = await signedIn('viewer@a.go.id');
    const page = await viewer.page('/admin/units/dinkes/population');
    expect(page.res.status).toBe(200);
    expect(page.text).toContain('<th scope="row">2026-S1</th>');
    expect(page.text).not.toContain('name="users"');
    expect((await viewer.post('/admin/units/dinkes/population', { period: '2026-S1', users: '1' }, { from: '/admin/units/dinkes/population' })).status).toBe(403);
    expect(await stored()).toEqual(before);
  });

  it('answers 404 for a unit outside the user\'s reach, exactly as for a unit that does not exist', async () => {
    const before = await stored();
    const unitAdmin = await signedIn('unit@a.go.id');
    expect((await unitAdmin.page('/admin/units/capil/population')).res.status).toBe(404);
    expect((await unitAdmin.post('/admin/units/capil/population', { period: '2026-Q1', users: '10' }, { from: '/admin/units/dinkes/population' })).status).toBe(404);
    const adminB = await signedIn('admin@b.go.id');
    expect((await adminB.page('/admin/units/dinkes/population')).res.status).toBe(404);
    expect((await adminB.post('/admin/units/dinkes/population', { period: '2026-Q1', users: '10' }, { from: '/admin/units/rsud/population' })).status).toBe(404);
    expect((await adminB.page('/admin/units/rsud/population')).res.status).toBe(200);
    expect((await admin.page('/admin/units/no-such-unit/population')).res.status).toBe(404);
    expect(await stored()).toEqual(before);
  });
});
