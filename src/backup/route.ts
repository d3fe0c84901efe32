// POST /internal/backup: the embedded database's backup, taken by the server that holds it (PGlite
// must never be opened by a second process). Only for `survei backup` on the same machine: signed
// with the app secret kept in DATA_DIR (backup/signature.ts); without a valid signature the route
// does not exist (404). Never cached.
//
// The backup is written to an owner-only file in DATA_DIR first and only then sent, so a slow or
// stalled reader never holds the database's one connection (citizens keep submitting); the file
// is unlinked as soon as it is open. The answer starts at once (the request timeout counts until
// the first byte) and its body follows when the file is ready; a failure cuts the body short,
// which the command detects (the file ends without its checksum line).
import { mkdirSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Hono } from 'hono';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { errorFields, writeLog } from '../http/log.ts';
import type { AppEnv } from '../http/middleware.ts';
import { writeBackupFile } from './dump.ts';
import { BACKUP_PATH, backupRequestVerifier } from './signature.ts';

export function backupRoutes({ database, config }: { database: DatabaseHandle; config: Config }) {
  const app = new Hono<AppEnv>();
  // PostgreSQL is backed up by the command itself, over its own connection: no backup here, ever
  if (database.kind !== 'pglite' || !config.appSecret) {
    app.post(BACKUP_PATH, (c) => {
      c.header('Cache-Control', 'no-store');
      return c.notFound();
    });
    return app;
  }
  const verify = backupRequestVerifier(config.appSecret);
  const dataDir = resolve(config.dataDir);
  let running = false;

  const send = async (body: PassThrough) => {
    const path = join(dataDir, `.backup-${crypto.randomUUID()}.part`);
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      await writeBackupFile(database, path);
      const file = await open(path, 'r');
      await rm(path, { force: true });
      await pipeline(file.createReadStream(), body);
    } finally {
      await rm(path, { force: true });
    }
  };

  app.post(BACKUP_PATH, (c) => {
    c.header('Cache-Control', 'no-store');
    if (!verify((name) => c.req.header(name))) return c.notFound();
    if (running) throw new AppError(409, 'busy', 'a backup is already being taken');
    running = true;
    const body = new PassThrough();
    send(body)
      .catch((error: unknown) => {
        writeLog('error', 'backup failed', errorFields(error));
        body.destroy(error instanceof Error ? error : new Error(String(error)));
      })
      .finally(() => (running = false));
    return c.body(Readable.toWeb(body) as ReadableStream<Uint8Array>, 200, { 'Content-Type': 'application/gzip' });
  });
  return app;
}
