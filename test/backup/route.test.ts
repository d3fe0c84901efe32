// POST /internal/backup: the running server's backup of the embedded database, for `survei backup`
// only. Without a loopback peer and a valid, fresh, unused signature under the app secret it does
// not exist (404, exactly like an unknown route); nothing of it is ever cached. PostgreSQL has no
// such route. A backup that fails, or a reader that stops reading, leaves no file and does not
// block the next backup; the command names the server's log when the answer is cut short.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { Hono, type Context } from 'hono';
import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi } from '../../src/admin/org.ts';
import { createApp } from '../../src/app.ts';
import { readBackup } from '../../src/backup/read.ts';
import { backupRoutes } from '../../src/backup/route.ts';
import { BACKUP_PATH, MAX_AGE_MS, signBackupRequest } from '../../src/backup/signature.ts';
import { BackupSourceError, backupFromServer } from '../../src/backup/source.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

const SECRET = 'test-secret-'.padEnd(40, 'x');
const configFor = (dataDir: string) => loadConfig({ APP_SECRET: SECRET, PUBLIC_BASE_URL: 'https://survei.test', DATA_DIR: dataDir });
const loopback = () => '127.0.0.1';
/** the whole app, as main.ts makes it, with the peer address the test says */
const appOf = (database: DatabaseHandle, dataDir: string, clientAddress: ((c: Context) => string | undefined) | null = loopback) =>
  createApp({ config: configFor(dataDir), database, clientAddress: clientAddress ?? undefined, log: () => {} });
const postTo = (app: { request: Hono['request'] }, headers: Record<string, string>) => app.request(BACKUP_PATH, { method: 'POST', headers: { accept: 'application/json', ...headers } });
const backupsIn = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('.backup-'));

describe.each(DATABASE_KINDS)('the backup route on %s', (kind) => {
  let database: DatabaseHandle;
  let dataDir: string;
  let app: ReturnType<typeof createApp>;
  const secret = SECRET;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await addInstansi(database.db, { name: 'Kabupaten Uji', slug: 'kab-uji' }, 'Asia/Jakarta');
    dataDir = mkdtempSync(join(tmpdir(), 'survei-backup-route-'));
    app = appOf(database, dataDir);
  });
  afterAll(async () => {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (headers: Record<string, string>, path = BACKUP_PATH) => app.request(path, { method: 'POST', headers: { accept: 'application/json', ...headers } });

  /** what a route that does not exist answers */
  async function unknownRoute() {
    const res = await post({}, '/internal/nothing');
    return { status: res.status, body: await res.json() };
  }

  const refusals: [string, () => Record<string, string>][] = [
    ['no signature', () => ({})],
    ['a signature under another secret', () => signBackupRequest('another-secret-'.padEnd(40, 'y'))],
    ['a signature older than 60 s', () => signBackupRequest(secret, Date.now() - MAX_AGE_MS - 1_000)],
    ['a signature from the future', () => signBackupRequest(secret, Date.now() + MAX_AGE_MS + 1_000)],
    ['an altered nonce', () => ({ ...signBackupRequest(secret), 'X-Survei-Nonce': 'A'.repeat(24) })],
    ['a truncated signature', () => {
      const h = signBackupRequest(secret);
      return { ...h, 'X-Survei-Signature': h['X-Survei-Signature']!.slice(0, -2) };
    }],
  ];
  it.each(refusals)('answers %s as a route that does not exist, never cached', async (_, headers) => {
    const res = await post(headers());
    expect({ status: res.status, body: await res.json() }).toEqual(await unknownRoute());
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  if (kind === 'pglite') {
    it('sends the backup to a valid signature once, never cached, leaving no file behind', async () => {
      const headers = signBackupRequest(secret);
      const res = await post(headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/gzip');
      expect(res.headers.get('cache-control')).toBe('no-store');
      const file = join(dataDir, 'received.survei.gz');
      writeFileSync(file, Buffer.from(await res.arrayBuffer()));
      const header = await readBackup(file, { parseRows: true });
      expect(header.source).toBe('pglite');
      expect(header.tables.instansi).toBe(1);
      expect(readdirSync(dataDir)).toEqual(['received.survei.gz']);

      // the same signed request again (a replay)
      const again = await post(headers);
      expect({ status: again.status, body: await again.json() }).toEqual(await unknownRoute());
      // and a GET of it is no route either
      expect((await app.request(BACKUP_PATH, { headers: { accept: 'application/json', ...signBackupRequest(secret) } })).status).toBe(404);
    });

    it('exists only for a peer on a loopback address; with no peer address known, not at all', async () => {
      for (const address of ['203.0.113.5', '::ffff:203.0.113.5', '128.0.0.1', '::2', '', undefined]) {
        const res = await postTo(appOf(database, dataDir, () => address), signBackupRequest(secret));
        expect({ address, status: res.status, body: await res.json() }).toEqual({ address, ...(await unknownRoute()) });
      }
      const unknown = await postTo(appOf(database, dataDir, null), signBackupRequest(secret));
      expect({ status: unknown.status, body: await unknown.json() }).toEqual(await unknownRoute());
      for (const address of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) {
        const res = await postTo(appOf(database, dataDir, () => address), signBackupRequest(secret));
        expect({ address, status: res.status }).toEqual({ address, status: 200 });
        expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
      }
    });

    it('abandons a backup whose reader stops reading: the file is closed and the next backup is taken', async () => {
      // a logo as large as allowed, random: the backup outgrows every buffer between the file and the reader
      await database.db.updateTable('instansi').set({ logo: randomBytes(512 * 1024), logo_type: 'image/png' }).execute();
      const routes = new Hono<AppEnv>().onError(errorHandler(() => {})).route('/', backupRoutes({ database, config: configFor(dataDir), clientAddress: loopback, idleTimeoutMs: 300 }));
      const stalled = await postTo(routes, signBackupRequest(secret));
      expect(stalled.status).toBe(200);
      // nothing is read from it: meanwhile another backup must wait
      expect((await postTo(routes, signBackupRequest(secret))).status).toBe(409);
      let next: Response;
      const deadline = Date.now() + 10_000;
      do {
        await new Promise((r) => setTimeout(r, 100));
        next = await postTo(routes, signBackupRequest(secret));
      } while (next.status === 409 && Date.now() < deadline);
      expect(next.status).toBe(200);
      const file = join(dataDir, 'after-stall.survei.gz');
      writeFileSync(file, Buffer.from(await next.arrayBuffer()));
      expect((await readBackup(file, { parseRows: true })).tables.instansi).toBe(1);
      await expect(stalled.arrayBuffer()).rejects.toThrow();
      expect(backupsIn(dataDir)).toEqual([]);
    });

    it("cuts the answer short when the backup fails, leaves no file and takes the next; the command names the server's log", async () => {
      let failures = 0;
      // the database fails the first fetch of rows once asked to: the file is being written then
      const failing: KyselyPlugin = {
        transformQuery: ({ node }) => node,
        transformResult: async ({ result }) => {
          if (failures > 0 && result.rows.some((row) => typeof (row as { r?: unknown }).r === 'string')) {
            failures -= 1;
            throw new Error('disk on fire');
          }
          return result;
        },
      };
      const shaky: DatabaseHandle = { ...database, db: database.db.withPlugin(failing) };
      const inProcess = appOf(shaky, dataDir);
      failures = 1;
      const cut = await postTo(inProcess, signBackupRequest(secret));
      expect(cut.status).toBe(200);
      await expect(cut.arrayBuffer()).rejects.toThrow('disk on fire');
      expect(backupsIn(dataDir)).toEqual([]);
      const next = await postTo(inProcess, signBackupRequest(secret));
      expect(next.status).toBe(200);
      expect((await next.arrayBuffer()).byteLength).toBeGreaterThan(0);

      // over HTTP, as `survei backup` asks the running server
      const server = createAdaptorServer({ fetch: appOf(shaky, dataDir, (c) => getConnInfo(c).remote.address).fetch });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      try {
        const port = (server.address() as AddressInfo).port;
        failures = 1;
        const out = join(dataDir, 'cut.survei.gz');
        const error = await backupFromServer({ pid: 4242, port }, secret, out).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BackupSourceError);
        expect((error as Error).message).toMatch(/^the server \(process 4242\) stopped sending the backup before its end \(.+\): see the server's log for why$/);
        expect(backupsIn(dataDir)).toEqual([]);
        const whole = join(dataDir, 'whole.survei.gz');
        await backupFromServer({ pid: 4242, port }, secret, whole);
        expect((await readBackup(whole, { parseRows: true })).tables.instansi).toBe(1);
      } finally {
        server.close();
      }
    });
  } else {
    it('does not exist: the command backs PostgreSQL up over its own connection', async () => {
      const res = await post(signBackupRequest(secret));
      expect({ status: res.status, body: await res.json() }).toEqual(await unknownRoute());
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  }

  it(kind === 'pglite' ? 'removes the backup files a server that died while writing them left in DATA_DIR' : 'leaves DATA_DIR alone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'survei-backup-stale-'));
    try {
      const stale = `.backup-${randomUUID()}.part`;
      for (const name of [stale, '.backup-notes.part', 'app-secret']) writeFileSync(join(dir, name), 'personal data');
      appOf(database, dir);
      expect(readdirSync(dir).sort()).toEqual(kind === 'pglite' ? ['.backup-notes.part', 'app-secret'] : [stale, '.backup-notes.part', 'app-secret'].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
