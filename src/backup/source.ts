// Takes the backup of the configured database for `survei backup`: PostgreSQL over its own
// connection; the embedded database directly when its DATA_DIR is free, or, while a server holds
// it, from that server (POST /internal/backup, signed with the secret kept in DATA_DIR).
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Config } from '../config.ts';
import { createDatabase } from '../db/database.ts';
import { DataDirInUseError } from '../db/embedded-lock.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { type Progress, writeBackupFile } from './dump.ts';
import { readServerInfo } from './server-info.ts';
import { BACKUP_PATH, signBackupRequest } from './signature.ts';

/** Why no backup could be taken, in words the operator can act on. */
export class BackupSourceError extends Error {
  override name = 'BackupSourceError';
  constructor(
    message: string,
    /** 2: nothing to back up where the configuration points (bad input); 1: the backup failed */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export interface TakenFrom {
  /** 'direct' or the pid of the server that took it */
  via: 'direct' | number;
}

export async function takeBackup(config: Config, path: string, progress?: Progress): Promise<TakenFrom> {
  if (config.databaseUrl) {
    const database = await createDatabase({ url: config.databaseUrl, poolSize: 1 });
    try {
      await writeBackupFile(database, path, progress);
    } finally {
      await database.close();
    }
    return { via: 'direct' };
  }
  const dataDir = resolve(config.dataDir);
  if (!existsSync(join(dataDir, 'pglite'))) throw new BackupSourceError(`there is no embedded database in ${dataDir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`, 2);
  let database;
  try {
    database = await openConfiguredDatabase(config);
  } catch (error) {
    if (!(error instanceof DataDirInUseError)) throw error;
    return { via: await fromServer(config, dataDir, path) };
  }
  try {
    await writeBackupFile(database, path, progress);
  } finally {
    await database.close();
  }
  return { via: 'direct' };
}

function lockHolder(dataDir: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(join(dataDir, 'survei.lock'), 'utf8'), 10);
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

function keptSecret(config: Config, dataDir: string): string {
  if (config.appSecret) return config.appSecret;
  try {
    return readFileSync(join(dataDir, 'app-secret'), 'utf8').trim();
  } catch {
    throw new BackupSourceError(`the server's secret is not in ${join(dataDir, 'app-secret')}: run the command as the server's user, with the APP_SECRET the server uses`);
  }
}

async function fromServer(config: Config, dataDir: string, path: string): Promise<number> {
  const holder = lockHolder(dataDir);
  const server = readServerInfo(dataDir);
  if (!server || server.pid !== holder) {
    throw new BackupSourceError(
      `the embedded database in ${dataDir} is open by process ${holder ?? '?'}, which is not a running survei server (another command, or a server still starting): try again when it has finished`,
    );
  }
  let response: Response;
  try {
    response = await fetch(`http://127.0.0.1:${server.port}${BACKUP_PATH}`, { method: 'POST', headers: signBackupRequest(keptSecret(config, dataDir)) });
  } catch (error) {
    throw new BackupSourceError(`cannot reach the server (process ${server.pid}) on port ${server.port}: ${(error as Error).message}`);
  }
  if (response.status === 404) {
    await response.body?.cancel();
    throw new BackupSourceError(`the server (process ${server.pid}, port ${server.port}) refused the backup request: run the command with the APP_SECRET the server uses`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel();
    throw new BackupSourceError(`the server (process ${server.pid}) could not take the backup (HTTP ${response.status}); see its log`);
  }
  await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), createWriteStream(path, { mode: 0o600 }));
  return server.pid;
}
