// Sign-in, sessions, CSRF, throttling, sign-out, change of password, first setup.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { addInstansi, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('workspace sign-in (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1' }));
    await addInstansi(database.db, { name: 'Kabupaten Uji', slug: 'kab-uji', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-uji', name: 'Dinas Kesehatan', slug: 'dinkes', instruments: [] });
    await addUser(database.db, { email: 'admin@uji.go.id', name: 'Admin Uji', role: 'admin', instansi: 'kab-uji', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'throttle@uji.go.id', name: 'Throttle', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD });
  });
  afterAll(async () => {
    vi.useRealTimers();
    await database?.close();
  });

  it('asks a visitor to sign in, then lets the admin in with a new HttpOnly, Secure, SameSite=Lax session', async () => {
    const agent = new Agent(app);
    const res = await agent.request('/admin/dashboard');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/login?next=%2Fadmin%2Fdashboard');
    const login = await agent.page('/admin/login');
    expect(login.text).toContain('name="email"');
    expect(login.res.headers.get('cache-control')).toBe('no-store');
    expect(login.res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const before = new Map(agent.cookies);
    const signed = await agent.post('/admin/login', { email: 'ADMIN@uji.go.id ', password: TEST_PASSWORD, next: '/admin/account' }, { from: '/admin/login' });
    expect(signed.status).toBe(303);
    expect(signed.headers.get('location')).toBe('/admin/account');
    const cookie = signed.headers.getSetCookie().find((c) => c.startsWith('__Host-survei_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Secure/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    // the browser keeps it for the session's longest life; the 8-hour idle limit slides on the server
    expect(cookie).toMatch(/Max-Age=604800/i);
    expect(before.has('__Host-survei_session')).toBe(false);
    const home = await agent.page('/admin');
    expect(home.res.status).toBe(200);
    expect(home.text).toContain('Dinas Kesehatan');
    // the session is stored hashed, never as the token itself
    const token = agent.cookies.get('__Host-survei_session')!;
    const stored = await database.db.selectFrom('session').select('token_hash').execute();
    expect(stored.map((s) => s.token_hash)).not.toContain(token);
  });

  it('never sends the visitor elsewhere after sign-in', async () => {
    const agent = new Agent(app);
    for (const next of ['//evil.test/admin', 'https://evil.test', '/\\evil.test', '/admin/../x']) {
      const res = await agent.post('/admin/login', { email: 'admin@uji.go.id', password: TEST_PASSWORD, next }, { from: '/admin/login' });
      expect(res.headers.get('location')).toMatch(/^\/admin/);
      expect(res.headers.get('location')).not.toMatch(/^\/\//);
    }
  });

  it('refuses a wrong password with the same answer as an unknown e-mail, and audits it', async () => {
    const agent = new Agent(app);
    const wrong = await agent.post('/admin/login', { email: 'admin@uji.go.id', password: 'wrong wrong wrong' }, { from: '/admin/login' });
    const unknown = await agent.post('/admin/login', { email: 'nobody@uji.go.id', password: 'wrong wrong wrong' }, { from: '/admin/login' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain('E-mail atau kata sandi salah.');
    expect(agent.cookies.has('__Host-survei_session')).toBe(false);
    const audited = await database.db.selectFrom('audit_log').where('action', '=', 'signin.failed').select('detail').execute();
    expect(audited.length).toBeGreaterThanOrEqual(2);
    await database.db.deleteFrom('signin_failure').execute();
  });

  it('throttles an account with growing delays after five failures, even with the right password', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-20T03:00:00Z'));
    const agent = new Agent(app, { 'X-Forwarded-For': '10.9.9.9' });
    for (let i = 0; i < 5; i++) expect((await agent.post('/admin/login', { email: 'throttle@uji.go.id', password: 'nope nope nope' }, { from: '/admin/login' })).status).toBe(401);
    // five failures: the next try waits 1 s, even with the right password
    const blocked = await agent.post('/admin/login', { email: 'throttle@uji.go.id', password: TEST_PASSWORD }, { from: '/admin/login' });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get('retry-after')).toBe('1');
    expect(await blocked.text()).toContain('Terlalu banyak percobaan');
    // another address is held back as well: the delay belongs to the account
    const elsewhere = new Agent(app, { 'X-Forwarded-For': '10.8.8.8' });
    expect((await elsewhere.post('/admin/login', { email: 'throttle@uji.go.id', password: TEST_PASSWORD }, { from: '/admin/login' })).status).toBe(429);
    vi.setSystemTime(new Date('2026-11-20T03:00:01Z'));
    expect((await agent.post('/admin/login', { email: 'throttle@uji.go.id', password: 'nope nope nope' }, { from: '/admin/login' })).status).toBe(401);
    // six failures: 2 s from the last one
    vi.setSystemTime(new Date('2026-11-20T03:00:02Z'));
    const growing = await agent.post('/admin/login', { email: 'throttle@uji.go.id', password: TEST_PASSWORD }, { from: '/admin/login' });
    expect(growing.status).toBe(429);
    vi.setSystemTime(new Date('2026-11-20T03:00:03Z'));
    expect((await agent.post('/admin/login', { email: 'throttle@uji.go.id', password: TEST_PASSWORD }, { from: '/admin/login' })).status).toBe(303);
    vi.useRealTimers();
  });

  it('rejects a form without its CSRF token, or with another session\'s', async () => {
    const agent = new Agent(app);
    expect((await agent.post('/admin/login', { email: 'admin@uji.go.id', password: TEST_PASSWORD }, { csrf: false })).status).toBe(403);
    await agent.signIn('admin@uji.go.id');
    const other = new Agent(app);
    await other.signIn('admin@uji.go.id');
    await other.page('/admin/account');
    agent.csrf = other.csrf;
    const forged = await agent.post('/admin/logout', {}, {});
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain('Formulir ini sudah kedaluwarsa');
    // the session is still alive
    expect((await agent.page('/admin')).res.status).toBe(200);
  });

  // found by test/fuzz/admin-forms.test.ts: PostgreSQL cannot store a NUL in text, so it was a 500
  it('refuses a form with a NUL character in a field, naming the field, and stores nothing', async () => {
    const agent = new Agent(app);
    await agent.signIn('admin@uji.go.id');
    const layanan = () => database.db.selectFrom('layanan').select('id').execute();
    const before = (await layanan()).length;
    const res = await agent.post('/admin/units/dinkes/layanan', { name: 'Imunisasi\u0000' }, { from: '/admin/units/dinkes' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('Jawaban &quot;name&quot; tidak sah.');
    expect((await layanan()).length).toBe(before);
    expect((await agent.post('/admin/units/dinkes/layanan', { name: 'Imunisasi' })).status).toBe(303);
  });

  it('ends a session on sign-out and after eight idle hours', async () => {
    const agent = new Agent(app);
    await agent.signIn('admin@uji.go.id');
    const token = agent.cookies.get('__Host-survei_session')!;
    const out = await agent.post('/admin/logout', {}, { from: '/admin' });
    expect(out.status).toBe(303);
    expect(agent.cookies.has('__Host-survei_session')).toBe(false);
    // the old token no longer opens anything
    agent.cookies.set('__Host-survei_session', token);
    expect((await agent.request('/admin', { headers: { Accept: 'application/json' } })).status).toBe(401);

    const idle = new Agent(app);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T01:00:00Z'));
    await idle.signIn('admin@uji.go.id');
    vi.setSystemTime(new Date('2026-11-21T08:00:00Z'));
    expect((await idle.page('/admin')).res.status).toBe(200); // 7 h: still open, and slid
    vi.setSystemTime(new Date('2026-11-21T15:30:00Z'));
    expect((await idle.page('/admin')).res.status).toBe(200); // 7,5 h after the last use
    vi.setSystemTime(new Date('2026-11-22T00:00:00Z'));
    const expired = await idle.request('/admin');
    expect(expired.status).toBe(303); // 8,5 h idle: back to sign-in
    vi.useRealTimers();
  });

  it('changes the password and ends the other sessions', async () => {
    await addUser(database.db, { email: 'ganti@uji.go.id', name: 'Ganti', role: 'viewer', instansi: 'kab-uji', password: TEST_PASSWORD });
    const phone = new Agent(app);
    await phone.signIn('ganti@uji.go.id');
    const laptop = new Agent(app);
    await laptop.signIn('ganti@uji.go.id');
    const short = await laptop.post('/admin/account/password', { current: TEST_PASSWORD, next: 'short', confirm: 'short' }, { from: '/admin/account' });
    expect(short.status).toBe(400);
    const wrong = await laptop.post('/admin/account/password', { current: 'not it at all', next: 'a new long password', confirm: 'a new long password' }, { from: '/admin/account' });
    expect(wrong.status).toBe(400);
    const done = await laptop.post('/admin/account/password', { current: TEST_PASSWORD, next: 'a new long password', confirm: 'a new long password' }, { from: '/admin/account' });
    expect(done.status).toBe(303);
    expect((await laptop.page('/admin')).res.status).toBe(200);
    expect((await phone.request('/admin')).status).toBe(303);
    expect((await new Agent(app).signIn('ganti@uji.go.id', 'a new long password')).status).toBe(303);
  });
});

describe.each(DATABASE_KINDS)('first setup (%s)', (kind) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await database?.close();
  });

  it('creates the first admin and its instansi once, with the token printed at start only', async () => {
    const config = loadConfig({ APP_SECRET: 'test-secret-'.padEnd(40, 'x'), PUBLIC_BASE_URL: 'https://survei.test' });
    const app = createApp({ config, database, log: () => {}, setupToken: 'the-setup-token-0123456789' });
    const agent = new Agent(app);
    expect((await agent.page('/admin/setup?token=wrong')).res.status).toBe(404);
    expect((await agent.page('/admin/setup?token=the-setup-token-0123456789')).res.status).toBe(200);
    const refused = await agent.post('/admin/setup?token=the-setup-token-0123456789', { role: 'admin', name: 'Pertama', email: 'pertama@uji.go.id', password: 'short', instansiName: 'Kota Uji', instansiSlug: 'kota-uji', timeZone: 'WITA' });
    expect(refused.status).toBe(400);
    expect(await database.db.selectFrom('instansi').select('id').execute()).toEqual([]);
    const made = await agent.post('/admin/setup?token=the-setup-token-0123456789', { role: 'admin', name: 'Pertama', email: 'pertama@uji.go.id', password: TEST_PASSWORD, instansiName: 'Kota Uji', instansiSlug: 'kota-uji', timeZone: 'WITA' });
    expect(made.status).toBe(303);
    expect((await agent.page('/admin/setup?token=the-setup-token-0123456789')).res.status).toBe(404);
    expect((await agent.signIn('pertama@uji.go.id')).status).toBe(303);
    const instansi = await database.db.selectFrom('instansi').select(['slug', 'time_zone']).execute();
    expect(instansi).toEqual([{ slug: 'kota-uji', time_zone: 'Asia/Makassar' }]);
  });
});
