// Where a server on the embedded database listens, for `survei backup` to ask it for the backup
// (the server holds the DATA_DIR lock, so the command cannot open the database itself):
// DATA_DIR/server.json {pid, port}, owner-only, written once the server listens and removed
// when it exits. A file left by a killed server is recognised by its pid, which no longer holds
// the lock.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DatabaseKind } from '../db/database.ts';

export interface ServerInfo {
  pid: number;
  port: number;
}

const fileOf = (dataDir: string) => join(resolve(dataDir), 'server.json');

/** Records this process as the embedded database's server on `port` (nothing on PostgreSQL). */
export function recordListening(kind: DatabaseKind, dataDir: string, port: number): void {
  if (kind !== 'pglite') return;
  const path = fileOf(dataDir);
  const part = `${path}.${process.pid}`;
  writeFileSync(part, `${JSON.stringify({ pid: process.pid, port } satisfies ServerInfo)}\n`, { mode: 0o600 });
  renameSync(part, path);
  process.on('exit', () => {
    if (readServerInfo(dataDir)?.pid === process.pid) rmSync(path, { force: true });
  });
}

export function readServerInfo(dataDir: string): ServerInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(fileOf(dataDir), 'utf8')) as Partial<ServerInfo>;
    return Number.isInteger(info.pid) && Number.isInteger(info.port) ? (info as ServerInfo) : undefined;
  } catch {
    return undefined;
  }
}
