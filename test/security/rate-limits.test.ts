// Every limiter answers 429 with a Retry-After a client can obey, and what it refused is not
// stored: questionnaire submissions per client address (RATE_LIMIT_PER_ADDRESS) and per device
// (its cookie), sign-in failures per client address (per account: test/admin/auth.test.ts), and
// the invitations API per key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addApiKey } from '../../src/admin/api-keys.ts';
import { addInstansi, addLoket, addUnit } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { clientHash, signFormToken } from '../../src/survey/token.ts';
import { Agent, TEST_PASSWORD } from '../support/admin.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const PER_ADDRESS = 3;
const DEVICE_LIMIT = 10;

/** Retry-After in whole seconds, at most the limiter's window. */
function retryAfter(res: Response, windowS: number): number {
  const value = res.headers.get('retry-after');
  expect(value ?? '(none)', 'Retry-After').toMatch(/^[1-9][0-9]*$/);
  expect(Number(value)).toBeLessThanOrEqual(windowS);
  return Number(value);
}

describe.each(DATABASE_KINDS)('rate limits (%s)', (kind) => {
  let database: DatabaseHandle;
  let app: ReturnType<typeof testApp>['app'];
  let code: string;
  let apiKey: string;

  const stored = async () => Number((await database.db.selectFrom('response').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  /** A valid submission with a fresh form (rendered a minute ago), from an address and maybe a device. */
  const submit = (address: string, device?: string) => {
    const fields = { token: signFormToken(SECRET, { s: crypto.randomUUID(), l: code, t: Date.now() - 60_000, tr: 'open' }), ...Object.fromEntries(SKM.map((c, i) => [`skm:${c}`, String((i % 4) + 1)])) };
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', 'X-Forwarded-For': `203.0.113.9, ${address}` };
    if (device) headers.Cookie = `__Host-sv=${device}`;
    return app.request(`https://survei.test/s/${code}`, { method: 'POST', headers, body: new URLSearchParams(fields).toString() });
  };

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    ({ app } = testApp(database, { TRUST_PROXY: '1', RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS) }));
    await addInstansi(database.db, { name: 'Kabupaten Batas', slug: 'kab-batas', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(database.db, { instansi: 'kab-batas', name: 'Dinas Batas', slug: 'dinas-batas', instruments: ['skm'] });
    code = (await addLoket(database.db, { instansi: 'kab-batas', unit: 'dinas-batas', name: 'Loket 1' })).code;
    apiKey = (await addApiKey(database.db, { instansi: 'kab-batas', unit: 'dinas-batas', name: 'Antrean' })).key;
    await addUser(database.db, { email: 'petugas@batas.go.id', name: 'Petugas', role: 'admin', instansi: 'kab-batas', password: TEST_PASSWORD });
  });
  afterAll(async () => {
    await database?.close();
  });

  it(`refuses the submission after ${PER_ADDRESS} from one address in 10 minutes, new devices or not, and stores nothing`, async () => {
    const before = await stored();
    // each without a device cookie: a new device each time, so only the address can hold them back
    for (let i = 0; i < PER_ADDRESS; i++) expect((await submit('198.51.100.1')).status).toBe(303);
    const refused = await submit('198.51.100.1');
    expect(refused.status).toBe(429);
    retryAfter(refused, 600);
    expect(await refused.text()).toContain('Terlalu banyak');
    expect(await stored()).toBe(before + PER_ADDRESS);
    // the last X-Forwarded-For hop is the address: another client behind the same proxy still may
    expect((await submit('198.51.100.2')).status).toBe(303);
  });

  it(`refuses the submission after ${DEVICE_LIMIT} from one device in 10 minutes, whatever its address, and stores nothing`, async () => {
    const device = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url').slice(0, 22);
    const before = await stored();
    for (let i = 0; i < DEVICE_LIMIT; i++) expect((await submit(`192.0.2.${i + 1}`, device)).status).toBe(303);
    const refused = await submit('192.0.2.200', device);
    expect(refused.status).toBe(429);
    retryAfter(refused, 600);
    expect(await stored()).toBe(before + DEVICE_LIMIT);
  });

  it('holds back every sign-in from an address after its free failures, even with the right password', async () => {
    const address = '198.51.100.77';
    // twenty failures from the address (each a wrong e-mail, so no account is held back), as the
    // sign-in records them: a real one would cost 20 password hashes
    await database.db.insertInto('signin_failure').values({ key: `address:${clientHash(SECRET, 'ip', address)}`, failures: 19, last_at: new Date() }).execute();
    const agent = new Agent(app, { 'X-Forwarded-For': address });
    expect((await agent.post('/admin/login', { email: 'tidak-ada@batas.go.id', password: 'salah salah salah' }, { from: '/admin/login' })).status).toBe(401);
    const blocked = await agent.post('/admin/login', { email: 'petugas@batas.go.id', password: TEST_PASSWORD }, { from: '/admin/login' });
    expect(blocked.status).toBe(429);
    retryAfter(blocked, 15 * 60);
    expect(agent.cookies.has('__Host-survei_session')).toBe(false);
    // the account itself is not held back: from another address it signs in
    expect((await new Agent(app, { 'X-Forwarded-For': '198.51.100.78' }).signIn('petugas@batas.go.id')).status).toBe(303);
  });

  it('refuses the 61st invitations request of a key in a minute, and creates nothing then', async () => {
    const call = (body: string) => app.request('https://survei.test/api/v1/invitations', { method: 'POST', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }, body });
    const created = await call(JSON.stringify({ loket: code, count: 1 }));
    expect(created.status).toBe(201);
    // 59 more that store nothing (an unknown loket), then one too many
    for (let i = 0; i < 59; i++) expect((await call(JSON.stringify({ loket: 'zzzzzzzz' }))).status).toBe(404);
    const before = await database.db.selectFrom('invitation').select('id').execute();
    const refused = await call(JSON.stringify({ loket: code, count: 5 }));
    expect(refused.status).toBe(429);
    retryAfter(refused, 60);
    expect(await refused.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect(await database.db.selectFrom('invitation').select('id').execute()).toHaveLength(before.length);
  });
});
