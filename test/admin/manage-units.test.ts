// The units, layanan and lokets screens as an admin uses them: creating, editing, refusing bad
// input with the field named (and nothing stored), the questionnaire following each change at once,
// keys shown once, the QR and poster downloads, and the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addLayanan, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { keyHash } from '../../src/survey/token.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const BASE = 'https://survei.test';

describe.each(DATABASE_KINDS)('managing units, layanan and lokets (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let admin: Agent;
  let adminId: string;

  const db = () => database.db;
  const unit = (slug: string) => db().selectFrom('unit').where('slug', '=', slug).selectAll().executeTakeFirstOrThrow();
  const loket = (code: string) => db().selectFrom('loket').where('code', '=', code).selectAll().executeTakeFirstOrThrow();
  const count = async (table: 'unit' | 'layanan' | 'loket' | 'audit_log') => Number((await db().selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const errorOf = (text: string) => /<p class="notice error" role="alert">([^<]*)<\/p>/.exec(text)?.[1];
  const citizen = (path: string) => app.request(`${BASE}${path}`, { headers: { Accept: 'text/html' } });

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(db(), { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addInstansi(db(), { name: 'Kota Lain', slug: 'kota-lain', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(db(), { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes' });
    await addUnit(db(), { instansi: 'kab-uji', name: 'Dinas Kependudukan', slug: 'disduk' });
    await addUnit(db(), { instansi: 'kota-lain', name: 'RSUD Kota', slug: 'rsud' });
    adminId = (await addUser(db(), { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', instansi: 'kab-uji', password: TEST_PASSWORD })).id;
    admin = new Agent(app, { 'X-Forwarded-For': '10.1.2.3' });
    expect((await admin.signIn('admin@uji.go.id')).status).toBe(303);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('shows the units as a tree and creates a unit under a parent, with the instruments chosen', async () => {
    const list = await admin.page('/admin/units');
    expect(list.res.status).toBe(200);
    expect(list.text).toContain('href="/admin/units/dinkes"');
    expect(list.text).toContain('name="instruments" value="skm" checked');
    expect(list.text).not.toContain('RSUD Kota');

    const created = await admin.post('/admin/units', { name: 'UPT Puskesmas Kota', parent: 'dinkes', instruments: ['skm', 'ipak'] });
    expect(created.status).toBe(303);
    expect(created.headers.get('location')).toBe('/admin/units/upt-puskesmas-kota?done=created');
    const upt = await unit('upt-puskesmas-kota');
    expect(upt.parent_id).toBe((await unit('dinkes')).id);
    const runs = await db()
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
      .where('ui.unit_id', '=', upt.id)
      .select('i.code')
      .orderBy('ui.position')
      .execute();
    expect(runs.map((r) => r.code)).toEqual(['skm', 'ipak']);

    const page = await admin.page('/admin/units/upt-puskesmas-kota?done=created');
    expect(page.text).toContain('Unit UPT Puskesmas Kota ditambahkan.');
    for (const link of ['/admin/units/upt-puskesmas-kota/instruments', '/admin/units/upt-puskesmas-kota/api-keys', '/admin/units/upt-puskesmas-kota/population', '/admin/dashboard/upt-puskesmas-kota']) {
      expect(page.text).toContain(`href="${link}"`);
    }
    // the UPT is listed inside its dinas' branch of the tree
    const tree = (await admin.page('/admin/units')).text;
    expect(tree).toMatch(/<li><a href="\/admin\/units\/dinkes">Dinas Kesehatan<\/a>(?:(?!<\/li>).)*<ul><li><a href="\/admin\/units\/upt-puskesmas-kota">/s);

    const audited = await db().selectFrom('audit_log').where('action', '=', 'unit.create').where('target_id', '=', upt.id).selectAll().executeTakeFirstOrThrow();
    expect(audited).toMatchObject({ user_id: adminId, address: '10.1.2.3' });
    expect(audited.detail).toMatchObject({ slug: 'upt-puskesmas-kota', parent: 'dinkes', instruments: ['skm', 'ipak'] });
  });

  it('refuses a unit without a name, with a taken slug or an unknown parent, naming the field', async () => {
    const before = await count('unit');
    const empty = await admin.post('/admin/units', { name: '  ', instruments: 'skm' });
    expect(empty.status).toBe(400);
    expect(errorOf(await empty.text())).toBe('Nama: wajib diisi');
    const taken = await admin.post('/admin/units', { name: 'Dinas Kesehatan Baru', slug: 'dinkes' });
    expect(taken.status).toBe(409);
    expect(errorOf(await taken.text())).toBe('Kode singkat: sudah dipakai');
    const foreign = await admin.post('/admin/units', { name: 'Cabang RSUD', parent: 'rsud' });
    expect(foreign.status).toBe(400);
    const text = await foreign.text();
    expect(errorOf(text)).toBe('Unit induk: tidak ditemukan di unit atau instansi ini');
    // what was typed is kept
    expect(text).toContain('value="Cabang RSUD"');
    expect(await count('unit')).toBe(before);
  });

  it('edits the profile, and refuses a cycle or a parent outside the instansi with nothing stored', async () => {
    const profile = { name: 'Dinas Kesehatan', parent: '', headName: 'dr. Sari Wulandari', headNip: '19800101 200501 2 001', address: 'Jl. Merdeka 1', cooldownMinutes: '30', flagPolicy: 'exclude', active: 'true' };
    const saved = await admin.post('/admin/units/dinkes', profile);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe('/admin/units/dinkes?done=profile');
    expect(await unit('dinkes')).toMatchObject({ head_name: 'dr. Sari Wulandari', head_nip: '19800101 200501 2 001', address: 'Jl. Merdeka 1', cooldown_minutes: 30, flag_policy: 'exclude', active: true, parent_id: null });
    const audited = await db().selectFrom('audit_log').where('action', '=', 'unit.update').orderBy('id', 'desc').selectAll().executeTakeFirstOrThrow();
    expect(audited.detail).toMatchObject({ unit: 'dinkes', changes: { headName: { from: null, to: 'dr. Sari Wulandari' }, cooldownMinutes: { from: 60, to: 30 } } });

    const audits = await count('audit_log');
    for (const [parent, problem] of [
      ['upt-puskesmas-kota', 'Unit induk: tidak boleh unit ini sendiri atau unit di bawahnya'],
      ['dinkes', 'Unit induk: tidak boleh unit ini sendiri atau unit di bawahnya'],
      ['rsud', 'Unit induk: tidak ditemukan di unit atau instansi ini'],
    ] as const) {
      const refused = await admin.post('/admin/units/dinkes', { ...profile, parent, headName: 'Orang Lain' });
      expect(refused.status).toBe(400);
      expect(errorOf(await refused.text())).toBe(problem);
    }
    for (const [field, value, problem] of [
      ['name', '', 'Nama: wajib diisi'],
      ['cooldownMinutes', 'sepuluh', 'Jeda untuk perangkat yang sama (menit): di luar batas yang dibolehkan'],
      ['cooldownMinutes', '20000', 'Jeda untuk perangkat yang sama (menit): di luar batas yang dibolehkan'],
      ['headNip', 'NIP-123', 'NIP kepala unit: isinya tidak sah'],
      ['flagPolicy', 'delete', 'Respons yang ditandai: isinya tidak sah'],
      ['address', 'x'.repeat(501), 'Alamat: paling banyak 500 karakter'],
    ] as const) {
      const refused = await admin.post('/admin/units/dinkes', { ...profile, headName: 'Orang Lain', [field]: value });
      expect(refused.status).toBe(400);
      const text = await refused.text();
      expect(errorOf(text)).toBe(problem);
      // the field is marked on the form sent back
      expect(text).toMatch(field === 'flagPolicy' ? /<fieldset aria-invalid="true">/ : new RegExp(`name="${field}"[^>]*aria-invalid="true"`));
    }
    expect(await unit('dinkes')).toMatchObject({ head_name: 'dr. Sari Wulandari', parent_id: null, cooldown_minutes: 30 });
    expect(await count('audit_log')).toBe(audits);

    // a UPT moves under another dinas: allowed
    const moved = await admin.post('/admin/units/upt-puskesmas-kota', { ...profile, name: 'UPT Puskesmas Kota', parent: 'disduk', headName: '', headNip: '', address: '', cooldownMinutes: '60', flagPolicy: 'count' });
    expect(moved.status).toBe(303);
    expect((await unit('upt-puskesmas-kota')).parent_id).toBe((await unit('disduk')).id);
  });

  it('speaks English when asked, with the field named in English', async () => {
    const english = new Agent(app);
    await english.signIn('admin@uji.go.id');
    expect((await english.page('/admin/units?lang=en')).text).toContain('Units &amp; lokets');
    const refused = await english.post('/admin/units/dinkes/lokets', { name: '' });
    expect(refused.status).toBe(400);
    expect(errorOf(await refused.text())).toBe('Name: must be filled in');
  });

  it('adds, renames and deactivates layanan; a layanan of another unit answers 404', async () => {
    const added = await admin.post('/admin/units/disduk/layanan', { name: 'Perekaman <KTP-el>' });
    expect(added.status).toBe(303);
    const row = await db().selectFrom('layanan').where('name', '=', 'Perekaman <KTP-el>').selectAll().executeTakeFirstOrThrow();
    const page = await admin.page('/admin/units/disduk');
    expect(page.text).toContain('Perekaman &lt;KTP-el&gt;');
    expect(page.text).not.toContain('Perekaman <KTP-el>');

    const before = await count('layanan');
    const twice = await admin.post('/admin/units/disduk/layanan', { name: ' Perekaman <KTP-el> ' });
    expect(twice.status).toBe(409);
    expect(errorOf(await twice.text())).toBe('Nama: sudah dipakai');
    expect(await count('layanan')).toBe(before);

    expect((await admin.post(`/admin/units/disduk/layanan/${row.id}`, { name: 'Perekaman KTP-el' })).status).toBe(303);
    expect((await admin.post(`/admin/units/disduk/layanan/${row.id}`, { active: 'false' })).status).toBe(303);
    expect(await db().selectFrom('layanan').where('id', '=', row.id).select(['name', 'active']).executeTakeFirstOrThrow()).toEqual({ name: 'Perekaman KTP-el', active: false });
    expect((await admin.post(`/admin/units/disduk/layanan/${row.id}`, { active: 'true' })).status).toBe(303);

    const other = await addLayanan(db(), { instansi: 'kab-uji', unit: 'dinkes', name: 'Surat Izin Praktik' });
    expect((await admin.post(`/admin/units/disduk/layanan/${other.id}`, { name: 'Diambil' })).status).toBe(404);
    expect((await admin.post('/admin/units/disduk/layanan/not-a-uuid', { name: 'Diambil' })).status).toBe(404);
    expect((await db().selectFrom('layanan').where('id', '=', other.id).select('name').executeTakeFirstOrThrow()).name).toBe('Surat Izin Praktik');
    const actions = await db().selectFrom('audit_log').where('target_id', '=', row.id).select('action').orderBy('id').execute();
    expect(actions.map((a) => a.action)).toEqual(['layanan.create', 'layanan.update', 'layanan.update', 'layanan.update']);
  });

  it('adds lokets bound to a layanan, and refuses a duplicate name or a foreign layanan with nothing stored', async () => {
    const ktp = await db().selectFrom('layanan').where('name', '=', 'Perekaman KTP-el').select('id').executeTakeFirstOrThrow();
    const added = await admin.post('/admin/units/disduk/lokets', { name: 'Loket 1', layananId: ktp.id });
    expect(added.status).toBe(303);
    expect(added.headers.get('location')).toBe('/admin/units/disduk?done=loket-added#lokets');
    const row = await db().selectFrom('loket').where('name', '=', 'Loket 1').selectAll().executeTakeFirstOrThrow();
    expect(row.layanan_id).toBe(ktp.id);
    const page = await admin.page('/admin/units/disduk');
    expect(page.text).toContain(`${BASE}/s/${row.code}`);

    const lokets = await count('loket');
    const twice = await admin.post('/admin/units/disduk/lokets', { name: 'Loket 1' });
    expect(twice.status).toBe(409);
    expect(errorOf(await twice.text())).toBe('Nama: sudah dipakai');
    const sip = await db().selectFrom('layanan').where('name', '=', 'Surat Izin Praktik').select('id').executeTakeFirstOrThrow();
    const foreign = await admin.post('/admin/units/disduk/lokets', { name: 'Loket 2', layananId: sip.id });
    expect(foreign.status).toBe(400);
    expect(errorOf(await foreign.text())).toBe('Layanan: tidak ditemukan di unit atau instansi ini');
    const malformed = await admin.post('/admin/units/disduk/lokets', { name: 'Loket 2', layananId: 'abc' });
    expect(malformed.status).toBe(400);
    expect(errorOf(await malformed.text())).toBe('Layanan: isinya tidak sah');
    expect(await count('loket')).toBe(lokets);

    // rebinding to a foreign layanan or taking another loket's name changes nothing either
    await addLoket(db(), { instansi: 'kab-uji', unit: 'disduk', name: 'Loket Informasi' });
    expect((await admin.post(`/admin/units/disduk/lokets/${row.code}`, { name: 'Loket Informasi' })).status).toBe(409);
    expect((await admin.post(`/admin/units/disduk/lokets/${row.code}`, { layananId: sip.id })).status).toBe(400);
    expect(await loket(row.code)).toMatchObject({ name: 'Loket 1', layanan_id: ktp.id });
  });

  it('renames, rebinds and deactivates a loket, its code unchanged, and the questionnaire follows at once', async () => {
    const row = await db().selectFrom('loket').where('name', '=', 'Loket 1').selectAll().executeTakeFirstOrThrow();
    const first = await citizen(`/s/${row.code}`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('Loket 1.');

    expect((await admin.post(`/admin/units/disduk/lokets/${row.code}`, { name: 'Loket Perekaman', layananId: '' })).status).toBe(303);
    const renamed = await loket(row.code);
    expect(renamed).toMatchObject({ id: row.id, code: row.code, name: 'Loket Perekaman', layanan_id: null });
    expect(await (await citizen(`/s/${row.code}`)).text()).toContain('Loket Perekaman.');

    expect((await admin.post(`/admin/units/disduk/lokets/${row.code}`, { active: 'false' })).status).toBe(303);
    expect((await loket(row.code)).active).toBe(false);
    expect((await citizen(`/s/${row.code}`)).status).toBe(404);
    expect((await admin.page('/admin/units/disduk')).text).toContain('nonaktif');
    expect((await admin.post(`/admin/units/disduk/lokets/${row.code}`, { active: 'true' })).status).toBe(303);
    expect((await citizen(`/s/${row.code}`)).status).toBe(200);

    // a deactivated unit closes its lokets at once too
    const profile = { name: 'Dinas Kependudukan', parent: '', headName: '', headNip: '', address: '', cooldownMinutes: '60', flagPolicy: 'count' };
    expect((await admin.post('/admin/units/disduk', profile)).status).toBe(303);
    expect((await citizen(`/s/${row.code}`)).status).toBe(404);
    expect((await admin.post('/admin/units/disduk', { ...profile, active: 'true' })).status).toBe(303);
    expect((await citizen(`/s/${row.code}`)).status).toBe(200);

    const changes = await db().selectFrom('audit_log').where('action', '=', 'loket.update').where('target_id', '=', row.id).select(['user_id', 'detail']).orderBy('id').execute();
    expect(changes.map((c) => c.detail.changes)).toEqual([
      { name: { from: 'Loket 1', to: 'Loket Perekaman' }, layananId: { from: expect.any(String), to: null } },
      { active: { from: true, to: false } },
      { active: { from: false, to: true } },
    ]);
    expect(changes.every((c) => c.user_id === adminId)).toBe(true);
  });

  it('rotates the screen and kiosk keys: the new URLs are shown once and work, the old ones stop', async () => {
    const row = await db().selectFrom('loket').where('name', '=', 'Loket Perekaman').selectAll().executeTakeFirstOrThrow();
    const rotate = async () => {
      const res = await admin.post(`/admin/units/disduk/lokets/${row.code}/keys`, {});
      expect(res.status).toBe(200);
      const text = await res.text();
      const display = new RegExp(`value="${BASE}/d/${row.code}\\?key=([A-Za-z0-9_-]+)"`).exec(text)?.[1];
      const kiosk = new RegExp(`value="${BASE}/k/${row.code}\\?key=([A-Za-z0-9_-]+)"`).exec(text)?.[1];
      expect(display).toBeDefined();
      expect(kiosk).toBeDefined();
      return { display: display!, kiosk: kiosk! };
    };
    const old = await rotate();
    expect((await citizen(`/d/${row.code}?key=${old.display}`)).status).toBe(200);
    expect((await citizen(`/k/${row.code}?key=${old.kiosk}`)).status).toBe(200);

    const keys = await rotate();
    expect((await citizen(`/d/${row.code}?key=${keys.display}`)).status).toBe(200);
    expect((await citizen(`/d/${row.code}?key=${old.display}`)).status).toBe(404);
    expect((await citizen(`/k/${row.code}?key=${keys.kiosk}`)).status).toBe(200);
    expect((await citizen(`/k/${row.code}?key=${old.kiosk}`)).status).toBe(404);
    // only hashes are stored, and the unit page never shows a key again
    expect(await loket(row.code)).toMatchObject({ display_key_hash: keyHash(keys.display), kiosk_key_hash: keyHash(keys.kiosk) });
    expect((await admin.page('/admin/units/disduk')).text).not.toContain(keys.display);
    const audited = await db().selectFrom('audit_log').where('action', '=', 'loket.rotate_keys').where('target_id', '=', row.id).selectAll().orderBy('id').execute();
    expect(audited).toHaveLength(2);
    expect(audited[1]).toMatchObject({ user_id: adminId, address: '10.1.2.3' });
    expect(JSON.stringify(audited)).not.toContain(keys.display);
  });

  it('downloads the QR as SVG and PNG and the A4 poster as PDF, for active lokets only', async () => {
    const row = await db().selectFrom('loket').where('name', '=', 'Loket Perekaman').selectAll().executeTakeFirstOrThrow();
    const base = `/admin/units/disduk/lokets/${row.code}`;
    const svg = await admin.request(`${base}/qr.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('content-disposition')).toBe(`attachment; filename="qr-${row.code}.svg"`);
    expect(await svg.text()).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const png = await admin.request(`${base}/qr.png`);
    expect(png.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await png.arrayBuffer()).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const pdf = await admin.request(`${base}/poster.pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="poster-${row.code}.pdf"`);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');

    const closed = await addLoket(db(), { instansi: 'kab-uji', unit: 'disduk', name: 'Loket Tutup' });
    expect((await admin.post(`/admin/units/disduk/lokets/${closed.code}`, { active: 'false' })).status).toBe(303);
    expect((await admin.request(`/admin/units/disduk/lokets/${closed.code}/qr.svg`)).status).toBe(409);
    expect((await admin.request('/admin/units/disduk/lokets/zzzzzzzz/qr.svg')).status).toBe(404);
  });
});
