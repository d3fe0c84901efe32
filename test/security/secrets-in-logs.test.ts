// Secrets never reach the server's output: the real server process, signed into with a known
// password, its forms and API used, tokens and keys sent in query strings, must print none of
// the APP_SECRET, the database password, passwords typed at sign-in (right or wrong), the session
// cookie, the CSRF tokens, the form tokens, the API key, the kiosk and display keys, an invitation token (in its path) or a token in
// a query string — whatever the log format. A refused configuration does not echo them either.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { addApiKey } from '../../src/admin/api-keys.ts';
import { addInstansi, addLoket, addUnit, rotateLoketKeys } from '../../src/admin/org.ts';
import { addUser } from '../../src/admin/users.ts';
import { loadConfig } from '../../src/config.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { presenceToken, signFormToken } from '../../src/survey/token.ts';
import { openEnvDatabase } from '../support/databases.ts';
import { freePort } from '../support/postgres-server.ts';
import { startServer } from '../support/process.ts';

const APP_SECRET = `app-secret-${crypto.randomUUID()}`;
const PASSWORD = `pass-${crypto.randomUUID()}`;
const WRONG_PASSWORD = `wrong-${crypto.randomUUID()}`;
const QUERY_TOKEN = `qtok${crypto.randomUUID().replaceAll('-', '')}`;
const SKM = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];

/** A small browser: cookies kept, redirects not followed. */
class Client {
  readonly cookies = new Map<string, string>();
  constructor(private readonly base: string) {}
  async send(path: string, init: RequestInit = {}): Promise<{ res: Response; text: string }> {
    const headers = new Headers(init.headers);
    if (!headers.has('Accept')) headers.set('Accept', 'text/html');
    if (this.cookies.size) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { res, text: await res.text() };
  }
  form(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
    return this.send(path, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(fields).toString() });
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

/** A database of its own on the test server, reached as a role with a password. */
async function databaseWithPassword(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('postgresUrl');
  const name = `sec_${crypto.randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create role ${name} login password '${PASSWORD}'`);
  await admin.query(`create database ${name} owner ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.username = name;
  url.password = PASSWORD;
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.query(`drop role if exists ${name}`);
      await c.end();
    },
  };
}

describe.each(['pglite', 'postgres'] as const)('secrets in the server output (%s)', (kind) => {
  const cleanup: (() => Promise<unknown> | void)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('prints none of them while a user signs in, citizens answer, the API and the keys are used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'survei-secrets-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    let env: Record<string, string> = { APP_SECRET, DATA_DIR: dir, TRUST_PROXY: '1' };
    if (kind === 'postgres') {
      const made = await databaseWithPassword();
      cleanup.push(made.drop);
      env = { ...env, DATABASE_URL: made.url };
    }
    // the world, written before the server holds the database
    const handle = await openEnvDatabase(env);
    await migrateToLatest(handle.db);
    await addInstansi(handle.db, { name: 'Kabupaten Rahasia', slug: 'kab-rahasia', timeZone: 'WIB' }, 'Asia/Jakarta');
    await addUnit(handle.db, { instansi: 'kab-rahasia', name: 'Dinas Rahasia', slug: 'dinas-rahasia', instruments: ['skm'] });
    const { code } = await addLoket(handle.db, { instansi: 'kab-rahasia', unit: 'dinas-rahasia', name: 'Loket R' });
    const { kioskKey, displayKey } = await rotateLoketKeys(handle.db, code);
    const apiKey = (await addApiKey(handle.db, { instansi: 'kab-rahasia', unit: 'dinas-rahasia', name: 'Antrean' })).key;
    await addUser(handle.db, { email: 'admin@rahasia.go.id', name: 'Admin', role: 'admin', instansi: 'kab-rahasia', password: PASSWORD });
    await handle.close();

    const server = await startServer(env);
    cleanup.push(() => server.stop('SIGKILL'));
    const secrets: Record<string, string> = { APP_SECRET, PASSWORD, WRONG_PASSWORD, QUERY_TOKEN, apiKey, kioskKey, displayKey };

    const staff = new Client(server.url);
    const login = await staff.send('/admin/login');
    secrets.preSessionCsrf = csrfOf(login.text);
    expect((await staff.form('/admin/login', { _csrf: secrets.preSessionCsrf, email: 'admin@rahasia.go.id', password: WRONG_PASSWORD })).res.status).toBe(401);
    expect((await staff.form('/admin/login', { _csrf: secrets.preSessionCsrf, email: 'admin@rahasia.go.id', password: PASSWORD })).res.status).toBe(303);
    secrets.session = staff.cookies.get('survei_session')!;
    expect(secrets.session).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const account = await staff.send('/admin/units/dinas-rahasia');
    secrets.csrf = csrfOf(account.text);
    expect((await staff.form('/admin/units/dinas-rahasia/layanan', { _csrf: secrets.csrf, name: 'Layanan Baru' })).res.status).toBe(303);
    expect((await staff.send(`/admin/dashboard?token=${QUERY_TOKEN}`)).res.status).toBe(200);

    const citizen = new Client(server.url);
    const page = await citizen.send(`/s/${code}?p=${presenceToken(APP_SECRET, code)}`);
    secrets.servedFormToken = /name="token" value="([^"]+)"/.exec(page.text)![1]!;
    const payload = JSON.parse(Buffer.from(secrets.servedFormToken.split('.')[0]!, 'base64url').toString());
    secrets.formToken = signFormToken(APP_SECRET, { ...payload, t: Date.now() - 20_000 });
    secrets.presence = presenceToken(APP_SECRET, code);
    const answers = Object.fromEntries(SKM.map((c, i) => [`skm:${c}`, String((i % 4) + 1)]));
    expect((await citizen.form(`/s/${code}`, { token: secrets.formToken, ...answers }, { 'X-Forwarded-For': '198.51.100.44' })).res.status).toBe(303);
    secrets.device = citizen.cookies.get('sv')!;
    expect(secrets.device).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // a forged token and a bad one are refused, and not printed either
    expect((await citizen.form(`/s/${code}`, { token: `${secrets.formToken}x`, ...answers })).res.status).toBe(400);
    expect((await citizen.send(`/k/${code}?key=${kioskKey}`)).res.status).toBe(200);
    expect((await citizen.send(`/d/${code}?key=${displayKey}`)).res.status).toBe(200);
    expect((await citizen.send(`/admin/setup?token=${QUERY_TOKEN}`)).res.status).toBe(404);
    expect((await citizen.send(`/p/kab-rahasia?token=${QUERY_TOKEN}`, { headers: { Accept: 'application/json' } })).res.status).toBeLessThan(500);

    const api = await fetch(`${server.url}/api/v1/invitations`, { method: 'POST', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ loket: code, count: 1 }) });
    expect(api.status).toBe(201);
    // a single-use invitation link carries its token in the path
    secrets.invitation = ((await api.json()) as { invitations: { url: string }[] }).invitations[0]!.url.split('/i/')[1]!;
    expect((await citizen.send(`/i/${secrets.invitation}`)).res.status).toBe(200);
    expect((await fetch(`${server.url}/api/v1/invitations`, { method: 'POST', headers: { Authorization: `Bearer ${apiKey}x` } })).status).toBe(401);
    expect((await staff.form('/admin/logout', { _csrf: secrets.csrf })).res.status).toBe(303);

    expect(await server.stop('SIGTERM')).toBe(0);
    const output = server.output();
    expect(output).toContain('/admin/login'); // it did log the requests
    const leaked = Object.entries(secrets).filter(([, value]) => output.includes(value)).map(([name]) => name);
    expect(leaked).toEqual([]);
  });
});

describe('secrets in configuration errors', () => {
  it('does not echo the secret or the database password when it refuses a configuration', () => {
    const shortSecret = `short-${crypto.randomUUID().slice(0, 8)}`;
    const refused: [Record<string, string>, RegExp][] = [
      [{ APP_SECRET: shortSecret }, /configuration: APP_SECRET/],
      [{ APP_SECRET, DATABASE_URL: `postgres://survei:${PASSWORD}@127.0.0.1:notaport/db` }, /configuration: DATABASE_URL/],
    ];
    for (const [env, said] of refused) {
      const error = (() => {
        try {
          loadConfig(env);
        } catch (e) {
          return e as Error;
        }
        throw new Error(`accepted ${JSON.stringify(env)}`);
      })();
      expect(error.message).toMatch(said);
      for (const secret of [shortSecret, PASSWORD]) expect(error.message).not.toContain(secret);
    }
  });

  it('does not print the database password when the database cannot be reached at start', async () => {
    const server = await startServer({ APP_SECRET, DATABASE_URL: `postgres://survei:${PASSWORD}@127.0.0.1:${await freePort()}/db` }, { waitReady: false });
    expect(await server.exited).not.toBe(0);
    expect(server.output()).toMatch(/ECONNREFUSED/);
    expect(server.output()).not.toContain(PASSWORD);
  });
});
