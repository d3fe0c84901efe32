// The audit log viewer: an admin sees its own instansi's entries only, newest first, 100 a page,
// filtered by action prefix, user and local dates; the CSV carries the same rows, safe to open in
// a spreadsheet; nobody but an admin gets in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const rowsOf = (html: string) => [...html.matchAll(/<td><code>([^<]+)<\/code><\/td>/g)].map((m) => m[1]);

describe.each(DATABASE_KINDS)('audit log (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let instansiId: string;
  let otherId: string;
  const ids: Record<string, string> = {};
  const agents: Record<string, Agent> = {};

  const log = (row: { instansi: string | null; user?: string | null; action: string; at: string; detail?: Record<string, unknown>; address?: string; target?: [string, string] }) =>
    database.db
      .insertInto('audit_log')
      .values({
        instansi_id: row.instansi,
        user_id: row.user ?? null,
        action: row.action,
        at: row.at,
        detail: JSON.stringify(row.detail ?? {}),
        address: row.address ?? null,
        target_type: row.target?.[0] ?? null,
        target_id: row.target?.[1] ?? null,
      })
      .execute();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    const db = database.db;
    instansiId = (await addInstansi(db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta')).id;
    otherId = (await addInstansi(db, { name: 'Kota Lain', slug: 'kota-lain', timeZone: 'WIT' }, 'Asia/Jakarta')).id;
    await addUnit(db, { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: [] });
    const users: [string, Parameters<typeof addUser>[1]][] = [
      ['admin', { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', instansi: 'kab-uji', password: TEST_PASSWORD }],
      ['unitAdmin', { email: 'unit@uji.go.id', name: 'Admin Dinkes', role: 'unit_admin', instansi: 'kab-uji', units: ['dinkes'], password: TEST_PASSWORD }],
      ['viewer', { email: 'viewer@uji.go.id', name: 'Pimpinan', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD }],
      ['operator', { email: 'op@prov.go.id', name: 'Operator', role: 'operator', password: TEST_PASSWORD }],
      ['otherAdmin', { email: 'admin@lain.go.id', name: 'Admin Lain', role: 'admin', instansi: 'kota-lain', password: TEST_PASSWORD }],
      ['formula', { email: 'formula@uji.go.id', name: '=HYPERLINK("http://evil.test","klik")', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD }],
    ];
    for (const [key, input] of users) ids[key] = (await addUser(db, input)).id;
    for (const key of ['admin', 'unitAdmin', 'viewer', 'operator', 'otherAdmin']) {
      agents[key] = new Agent(app);
      expect((await agents[key]!.signIn(users.find(([k]) => k === key)![1].email)).status).toBe(303);
    }
    // 2026-04-01 00:30 WIB and 2026-03-31 23:30 WIB: either side of a local midnight
    await log({ instansi: instansiId, user: ids.admin, action: 'follow_up.create', at: '2026-03-31T17:30:00Z', detail: { unit: 'dinkes', note: '<script>alert(1)</script>', units: ['a', 'b'] }, address: '10.0.0.1', target: ['follow_up', 'f-1'] });
    await log({ instansi: instansiId, user: ids.admin, action: 'user.create', at: '2026-03-31T16:30:00Z', detail: { email: 'baru@uji.go.id' } });
    await log({ instansi: instansiId, user: ids.unitAdmin, action: 'follow_up.status', at: '2026-04-10T02:00:00Z', detail: { status: 'planned → done' } });
    await log({ instansi: instansiId, user: ids.admin, action: 'user_unit.grant', at: '2026-04-11T02:00:00Z' });
    await log({ instansi: instansiId, user: null, action: 'signin.failed', at: '2026-04-02T02:00:00Z', detail: { email: '@SUM(A1:A9)' }, address: '-1+2' });
    await log({ instansi: instansiId, user: ids.formula, action: 'unit.create', at: '2026-04-03T02:00:00Z', detail: { name: 'Dinas "Baru", Tahap 2' }, target: ['unit', '+62 812'] });
    await log({ instansi: otherId, user: ids.otherAdmin, action: 'publication.create', at: '2026-04-05T02:00:00Z', detail: { note: 'RAHASIA-LAIN' } });
    await log({ instansi: null, user: ids.operator, action: 'deployment.settings', at: '2026-04-05T02:00:00Z', detail: { note: 'OPERATOR-ROW' } });
  });
  afterAll(async () => {
    await database?.close();
  });

  it("shows the admin its own instansi's entries only, newest first, in the instansi's time", async () => {
    const { res, text } = await agents.admin!.page('/admin/audit');
    expect(res.status).toBe(200);
    expect(text).not.toContain('RAHASIA-LAIN');
    expect(text).not.toContain('OPERATOR-ROW');
    expect(text).toContain('2026-04-01 00:30:00 WIB');
    expect(text).toContain('Admin Uji<br/><span class="muted">admin@uji.go.id</span>');
    expect(text).toContain('sistem / baris perintah');
    expect(text).toContain('<li>note: &lt;script&gt;alert(1)&lt;/script&gt;</li>');
    expect(text).toContain('<li>units: a, b</li>');
    expect(text).toContain('<td>follow_up f-1</td>');
    expect(text).toContain('<td>10.0.0.1</td>');
    const expected = await database.db.selectFrom('audit_log').where('instansi_id', '=', instansiId).select('action').orderBy('id', 'desc').execute();
    expect(rowsOf(text)).toEqual(expected.map((r) => r.action));
    // the filter offers the families logged here
    for (const family of ['follow_up', 'signin', 'unit', 'user', 'user_unit']) expect(text).toContain(`<option value="${family}">${family}</option>`);
    expect(text).not.toContain('<option value="publication">');
    expect(text).not.toContain('<option value="deployment">');
  });

  it.each([
    ['action=follow_up', ['follow_up.status', 'follow_up.create']],
    ['action=user', ['user.create']],
    ['action=user.', ['user.create']],
    ['action=user_unit', ['user_unit.grant']],
    ['action=signin.failed', ['signin.failed']],
    ['from=2026-04-01&to=2026-04-01', ['follow_up.create']],
    ['from=2026-03-31&to=2026-03-31', ['user.create']],
    ['from=2026-04-03&to=2026-04-11', ['unit.create', 'user_unit.grant', 'follow_up.status']],
  ])('filters by %s', async (query, actions) => {
    // within the days of the entries made for this test (sign-ins and seeding are logged today)
    const days = query.includes('from=') ? '' : '&from=2026-03-01&to=2026-04-30';
    const { res, text } = await agents.admin!.page(`/admin/audit?${query}${days}`);
    expect(res.status).toBe(200);
    expect(rowsOf(text)).toEqual(actions);
  });

  it('filters by user, and by signin across its sub-actions', async () => {
    expect(rowsOf((await agents.admin!.page(`/admin/audit?user=${ids.unitAdmin}&action=follow_up`)).text)).toEqual(['follow_up.status']);
    const signins = rowsOf((await agents.admin!.page('/admin/audit?action=signin')).text);
    expect(signins).toContain('signin');
    expect(signins).toContain('signin.failed');
    expect(new Set(signins)).toEqual(new Set(['signin', 'signin.failed']));
  });

  it.each([
    ['action=drop%20table', 'action'],
    ['user=nobody', 'user'],
    ['from=2026-02-30', 'from'],
    ['to=kemarin', 'to'],
    ['from=2026-05-01&to=2026-04-01', 'from'],
    ['before=abc', 'before'],
  ])('refuses %s with 400 naming the field', async (query, field) => {
    const res = await agents.admin!.request(`/admin/audit?${query}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toContain(`${field}: `);
  });

  it('pages through a long log 100 at a time, keyed on the id', async () => {
    const values = Array.from({ length: 230 }, (_, i) => ({ instansi_id: instansiId, user_id: ids.admin!, action: 'loket.rotate_keys', at: new Date(Date.UTC(2026, 5, 1, 0, 0, i)), detail: JSON.stringify({ n: i }) }));
    await database.db.insertInto('audit_log').values(values).execute();
    const seen: string[] = [];
    let path: string | undefined = '/admin/audit?action=loket';
    const sizes: number[] = [];
    while (path) {
      const { text } = await agents.admin!.page(path);
      const ns = [...text.matchAll(/<li>n: (\d+)<\/li>/g)].map((m) => m[1]!);
      sizes.push(ns.length);
      seen.push(...ns);
      const older = /<a href="([^"]+)">Lebih lama<\/a>/.exec(text)?.[1];
      path = older?.replaceAll('&amp;', '&');
      if (path) expect(path).toMatch(/^\/admin\/audit\?action=loket&before=\d+$/);
    }
    expect(sizes).toEqual([100, 100, 30]);
    expect(seen).toEqual(Array.from({ length: 230 }, (_, i) => String(229 - i)));
  });

  it('exports the same rows as an RFC 4180 CSV that a spreadsheet cannot run as formulas, and audits the export', async () => {
    const res = await agents.admin!.request('/admin/audit.csv?from=2026-04-01&to=2026-04-05');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-kab-uji-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await res.arrayBuffer());
    expect(text.startsWith('\ufeffWaktu (WIB),Siapa,E-mail,Aksi,Sasaran,Rincian,Dari alamat\r\n')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1)).toEqual([
      `2026-04-03 09:00:00 WIB,"'=HYPERLINK(""http://evil.test"",""klik"")",formula@uji.go.id,unit.create,unit +62 812,"name: Dinas ""Baru"", Tahap 2",`,
      `2026-04-02 09:00:00 WIB,sistem / baris perintah,,signin.failed,,email: @SUM(A1:A9),'-1+2`,
      '2026-04-01 00:30:00 WIB,Admin Uji,admin@uji.go.id,follow_up.create,follow_up f-1,"note: <script>alert(1)</script>; unit: dinkes; units: a, b",10.0.0.1',
    ]);
    expect(text).not.toContain('RAHASIA-LAIN');
    const exported = await database.db.selectFrom('audit_log').where('action', '=', 'export.audit_log').where('user_id', '=', ids.admin!).select(['instansi_id', 'detail']).executeTakeFirstOrThrow();
    expect(exported).toEqual({ instansi_id: instansiId, detail: { action: null, user: null, from: '2026-04-01', to: '2026-04-05' } });
  });

  it('exports a whole long log, past one read batch', async () => {
    const res = await agents.admin!.request('/admin/audit.csv?action=loket');
    const lines = (await res.text()).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(231);
  });

  it('lets only admins in, each to its own instansi', async () => {
    for (const who of ['unitAdmin', 'viewer', 'operator']) {
      expect((await agents[who]!.request('/admin/audit')).status).toBe(403);
      expect((await agents[who]!.request('/admin/audit.csv')).status).toBe(403);
    }
    const other = await agents.otherAdmin!.page('/admin/audit');
    expect(other.res.status).toBe(200);
    expect(other.text).toContain('RAHASIA-LAIN');
    expect(other.text).not.toContain('admin@uji.go.id');
    expect(other.text).not.toContain('OPERATOR-ROW');
    const csv = await (await agents.otherAdmin!.request('/admin/audit.csv')).text();
    expect(csv).toContain('RAHASIA-LAIN');
    expect(csv).not.toContain('follow_up.status');
    expect(csv).toContain('publication.create');
  });
});
