// POST /internal/backup: the running server's backup of the embedded database, for `survei backup`
// only. Without a valid, fresh, unused signature under the app secret it does not exist (404,
// exactly like an unknown route); nothing of it is ever cached. PostgreSQL has no such route.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addInstansi } from '../../src/admin/org.ts';
import { readBackup } from '../../src/backup/read.ts';
import { BACKUP_PATH, MAX_AGE_MS, signBackupRequest } from '../../src/backup/signature.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { testApp } from '../support/app.ts';
import { DATABASE_KINDS, openTestDatabase } from '../support/databases.ts';

describe.each(DATABASE_KINDS)('the backup route on %s', (kind) => {
  let database: DatabaseHandle;
  let dataDir: string;
  let app: ReturnType<typeof testApp>['app'];
  let secret: string;
  beforeAll(async () => {
    database = await openTestDatabase(kind);
    await addInstansi(database.db, { name: 'Kabupaten Uji', slug: 'kab-uji' }, 'Asia/Jakarta');
    dataDir = mkdtempSync(join(tmpdir(), 'survei-backup-route-'));
    const made = testApp(database, { DATA_DIR: dataDir });
    app = made.app;
    secret = made.config.appSecret!;
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
  } else {
    it('does not exist: the command backs PostgreSQL up over its own connection', async () => {
      const res = await post(signBackupRequest(secret));
      expect({ status: res.status, body: await res.json() }).toEqual(await unknownRoute());
      expect(res.headers.get('cache-control')).toBe('no-store');
    });
  }
});
