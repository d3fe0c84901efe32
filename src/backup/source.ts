// Takes the backup of the configured database for `survei backup`: PostgreSQL over its own
// connection; the embedded database directly when its DATA_DIR is free, or, while a server holds
// it, from that server (POST /internal/backup, signed with the secret kept in DATA_DIR).
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type IncomingMessage, request } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { Config } from '../config.ts';
import { createDatabase, type DatabaseHandle } from '../db/database.ts';
import { DataDirInUseError, lockHolder } from '../db/embedded-lock.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { describeFsError } from '../fs-error.ts';
import { type Progress, writeBackupFile } from './dump.ts';
import { readServerInfo, type ServerInfo } from './server-info.ts';
import { BACKUP_PATH, signBackupRequest } from './signature.ts';
import { appSecretFile } from '../secret.ts';

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
    return dumpAndClose(await createDatabase({ url: config.databaseUrl, poolSize: 1 }), path, progress);
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
  return dumpAndClose(database, path, progress);
}

async function dumpAndClose(database: DatabaseHandle, path: string, progress?: Progress): Promise<TakenFrom> {
  try {
    await writeBackupFile(database, path, progress);
  } finally {
    await database.close();
  }
  return { via: 'direct' };
}


function keptSecret(config: Config, dataDir: string): string {
  if (config.appSecret) return config.appSecret;
  try {
    return readFileSync(appSecretFile(dataDir), 'utf8').trim();
  } catch {
    throw new BackupSourceError(`the server's secret is not in ${appSecretFile(dataDir)}: run the command as the server's user, with the APP_SECRET the server uses`);
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
  await backupFromServer(server, keptSecret(config, dataDir), path);
  return server.pid;
}

/**
 * Asks the server for the backup and writes it to `path`. node:http, not fetch: fetch gives up on a
 * body that sends nothing for 300 s, and the server sends nothing while it writes its file, however
 * long that takes (the server abandons a backup itself when it cannot send it).
 */
export async function backupFromServer(server: ServerInfo, secret: string, path: string): Promise<void> {
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: BACKUP_PATH, method: 'POST', headers: signBackupRequest(secret), agent: false }, resolve);
      req.on('error', reject);
      req.end();
    });
  } catch (error) {
    throw new BackupSourceError(`cannot reach the server (process ${server.pid}) on port ${server.port}: ${(error as Error).message}`);
  }
  if (response.statusCode === 404) {
    response.resume();
    throw new BackupSourceError(`the server (process ${server.pid}, port ${server.port}) refused the backup request: run the command with the APP_SECRET the server uses`);
  }
  if (response.statusCode !== 200) {
    response.resume();
    throw new BackupSourceError(`the server (process ${server.pid}) could not take the backup (HTTP ${response.statusCode}); see its log`);
  }
  const file = createWriteStream(path, { mode: 0o600 });
  let local: unknown;
  file.once('error', (error) => (local = error));
  try {
    await pipeline(response, file);
  } catch (error) {
    if (local) throw new BackupSourceError(`cannot write ${path} (${describeFsError(local)})`);
    // the server cuts the answer short when its backup fails: why is in its log
    throw new BackupSourceError(`the server (process ${server.pid}) stopped sending the backup before its end (${(error as Error).message}): see the server's log for why`);
  }
}
