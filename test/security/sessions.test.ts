// Session fixation and expiry: a session cookie planted before sign-in (forged, or the planter's
// own real session) is never the one sign-in gives, and grants the victim's account to nobody;
// a session ends after 8 idle hours and, however busy, 7 days after sign-in; sign-out ends it on
// the server, so a copied cookie replayed afterwards opens nothing.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { addInstansi } from '../../src/admin/org.ts';
import { IDLE_MS, MAX_AGE_MS, tokenHash } from '../../src/admin/auth/session.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const SESSION = '__Host-survei_session';
const PRE_SESSION = '__Host-survei_csrf';

describe.each(DATABASE_KINDS)('sessions (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];

  /** Who a bare session cookie signs in as: the e-mail on the account page, or the status when none. */
  async function whoIs(token: string): Promise<string | number> {
    const agent = new Agent(app);
    agent.cookies.set(SESSION, token);
    const res = await agent.request('/admin/account', { headers: { Accept: 'application/json' } });
    if (res.status !== 200) return res.status;
    return /[\w.-]+@sesi\.go\.id/.exec(await res.text())?.[0] ?? 'unknown';
  }

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database));
    await addInstansi(database.db, { name: 'Kabupaten Sesi', slug: 'kab-sesi', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUser(database.db, { email: 'korban@sesi.go.id', name: 'Korban', role: 'admin', instansi: 'kab-sesi', password: TEST_PASSWORD });
    await addUser(database.db, { email: 'penyerang@sesi.go.id', name: 'Penyerang', role: 'viewer', instansi: 'kab-sesi', password: TEST_PASSWORD });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('never keeps a forged session cookie planted before sign-in', async () => {
    const forged = 'A'.repeat(43);
    const victim = new Agent(app);
    victim.cookies.set(SESSION, forged);
    await victim.page('/admin/login');
    const pre = victim.cookies.get(PRE_SESSION);
    expect((await victim.signIn('korban@sesi.go.id')).status).toBe(303);
    const issued = victim.cookies.get(SESSION)!;
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued).not.toBe(forged);
    expect(issued).not.toBe(pre);
    expect(await whoIs(issued)).toBe('korban@sesi.go.id');
    // the planted value grants nothing, and nothing under it was stored
    expect(await whoIs(forged)).toBe(401);
    expect(await database.db.selectFrom('session').where('token_hash', '=', tokenHash(forged)).select('user_id').execute()).toEqual([]);
  });

  it("never hands the victim's account to a session the attacker planted from its own sign-in", async () => {
    const attacker = new Agent(app);
    await attacker.signIn('penyerang@sesi.go.id');
    const planted = attacker.cookies.get(SESSION)!;
    const victim = new Agent(app);
    victim.cookies.set(SESSION, planted);
    await victim.page('/admin/login');
    expect((await victim.signIn('korban@sesi.go.id')).status).toBe(303);
    const issued = victim.cookies.get(SESSION)!;
    expect(issued).not.toBe(planted);
    expect(await whoIs(issued)).toBe('korban@sesi.go.id');
    // the planted cookie is still only the attacker's own account
    expect(await whoIs(planted)).toBe('penyerang@sesi.go.id');
  });

  it('ends a session after 8 idle hours, and 7 days after sign-in however often it is used', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.parse('2026-11-02T01:00:00Z');
    vi.setSystemTime(start);
    const idle = new Agent(app);
    await idle.signIn('korban@sesi.go.id');
    const idleToken = idle.cookies.get(SESSION)!;
    vi.setSystemTime(start + IDLE_MS - 60_000);
    expect(await whoIs(idleToken)).toBe('korban@sesi.go.id');
    vi.setSystemTime(start + 2 * IDLE_MS);
    expect(await whoIs(idleToken)).toBe(401);

    vi.setSystemTime(start);
    const busy = new Agent(app);
    await busy.signIn('korban@sesi.go.id');
    const busyToken = busy.cookies.get(SESSION)!;
    // used every 6 hours: never idle, but no longer than the hard limit
    let at = start;
    while (at + 6 * 3_600_000 < start + MAX_AGE_MS) {
      at += 6 * 3_600_000;
      vi.setSystemTime(at);
      expect(await whoIs(busyToken), new Date(at).toISOString()).toBe('korban@sesi.go.id');
    }
    vi.setSystemTime(start + MAX_AGE_MS + 60_000);
    expect(await whoIs(busyToken)).toBe(401);
    // the browser is told to forget it no later than that
    expect(MAX_AGE_MS).toBe(7 * 24 * 3_600_000);
  });

  it('ends the session on the server at sign-out: the copied cookie replayed opens nothing', async () => {
    const agent = new Agent(app);
    await agent.signIn('korban@sesi.go.id');
    const token = agent.cookies.get(SESSION)!;
    const copy = new Agent(app);
    copy.cookies.set(SESSION, token);
    expect((await copy.page('/admin')).res.status).toBe(200);
    expect((await agent.post('/admin/logout', {}, { from: '/admin' })).status).toBe(303);
    const row = await database.db.selectFrom('session').where('token_hash', '=', tokenHash(token)).select('revoked_at').executeTakeFirstOrThrow();
    expect(row.revoked_at).not.toBeNull();
    expect(await whoIs(token)).toBe(401);
    expect((await copy.request('/admin')).status).toBe(303);
    expect((await copy.request('/admin/account', { headers: { Accept: 'application/json' } })).status).toBe(401);
  });
});
