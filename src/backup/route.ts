// POST /internal/backup: the embedded database's backup, taken by the server that holds it (PGlite
// must never be opened by a second process). Only for `survei backup` on the same machine: asked
// over a loopback address and signed with the app secret kept in DATA_DIR (backup/signature.ts);
// otherwise the route does not exist (404). Never cached. A reverse proxy on the same machine also
// connects from a loopback address: it must not forward /internal/ (the signature still guards it).
//
// The backup is written to an owner-only file in DATA_DIR first and only then sent, so a slow
// reader never holds the database's one connection (citizens keep submitting); the file is
// unlinked as soon as it is open. A reader that takes nothing for IDLE_TIMEOUT_MS is cut off, so
// the file is closed and the next backup may start. The answer starts at once (the request timeout
// counts until the first byte) and its body follows when the file is ready; a failure cuts the
// body short, which the command detects (the connection breaks before the checksum line).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type Context, Hono } from 'hono';
import type { Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import { errorFields, writeLog } from '../http/log.ts';
import type { AppEnv } from '../http/middleware.ts';
import { writeBackupFile } from './dump.ts';
import { BACKUP_PATH, backupRequestVerifier } from './signature.ts';

/** how long a reader may take nothing before the backup being sent is abandoned */
const IDLE_TIMEOUT_MS = 60_000;

const PART = /^\.backup-[0-9a-f-]{36}\.part$/;

/** 127.0.0.0/8, ::1, and 127.x as an IPv4-mapped IPv6 address (a dual-stack socket) */
const isLoopback = (address: string | undefined) => !!address && (/^(::ffff:)?127(\.\d{1,3}){3}$/i.test(address) || address === '::1');

export interface BackupDeps {
  database: DatabaseHandle;
  config: Config;
  /** the socket's peer address; without it (no network in between) the route does not exist */
  clientAddress?: (c: Context) => string | undefined;
  idleTimeoutMs?: number;
}

export function backupRoutes({ database, config, clientAddress, idleTimeoutMs = IDLE_TIMEOUT_MS }: BackupDeps) {
  const app = new Hono<AppEnv>();
  if (database.kind === 'pglite') removeStaleParts(resolve(config.dataDir));
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
      const source = file.createReadStream();
      // every chunk taken by the reader restarts the clock; the pipeline destroys both ends on timeout
      const idle = setTimeout(() => source.destroy(new Error(`the reader took nothing for ${idleTimeoutMs / 1000} s; backup abandoned`)), idleTimeoutMs);
      idle.unref();
      source.on('data', () => idle.refresh());
      try {
        await pipeline(source, body);
      } finally {
        clearTimeout(idle);
      }
    } finally {
      await rm(path, { force: true });
    }
  };

  app.post(BACKUP_PATH, (c) => {
    c.header('Cache-Control', 'no-store');
    if (!clientAddress || !isLoopback(clientAddress(c))) return c.notFound();
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

/**
 * Backups left by a server that died while writing one (they hold personal data). Only called
 * while this process holds the DATA_DIR lock, so no other process can be writing one.
 */
function removeStaleParts(dataDir: string): void {
  let names: string[];
  try {
    names = readdirSync(dataDir);
  } catch {
    return;
  }
  for (const name of names) if (PART.test(name)) rmSync(join(dataDir, name), { force: true });
}
