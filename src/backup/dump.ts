// Takes the backup: every table read in ONE read-only, repeatable-read transaction, so the file is
// one consistent moment even while citizens submit (a response and the tallies that count it are
// both in it or both not). Rows stream through a cursor into gzip, and each fetch is bounded by size,
// not only by count: memory stays bounded whatever the number of responses and however large the
// uploaded files (on the embedded database the dump runs inside the server: one huge fetch would
// take the server down). A table with a bytea column (evidence files up to 2 MB, logos; ~twice that
// as hex JSON) is fetched FILE_ROWS rows at a time, others up to MAX_ROWS; and after every fetch the
// next one is sized so that rows as large as the largest seen so far in the table stay within
// FETCH_BYTES. PostgreSQL writes each row as JSON itself (row_to_json), so every type (timestamptz,
// jsonb, bytea, arrays) survives exactly.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { version } from '../version.ts';
import { type BackupHeader, FORMAT, rowLine } from './format.ts';
import { appliedMigrations, describeTables } from './schema.ts';

const MAX_ROWS = 1_000;
const FILE_ROWS = 4;
const FETCH_BYTES = 16 * 1024 * 1024;

/** How many rows the next fetch asks for: within `cap`, and within FETCH_BYTES for rows like the largest seen. */
const nextFetchRows = (cap: number, largestRow: number) => Math.max(1, Math.min(cap, Math.floor(FETCH_BYTES / Math.max(1, largestRow))));

export type Progress = (done: number, total: number) => void;

/** Writes a backup of the database to `path` (owner-only: it holds personal data and password hashes); returns its header. */
export async function writeBackupFile(database: DatabaseHandle, path: string, progress?: Progress): Promise<BackupHeader> {
  return database.db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (tx) => {
      // the same text whatever the server's settings: instants in UTC, bytea as hex
      await sql`set local timezone = 'UTC'`.execute(tx);
      await sql`set local bytea_output = 'hex'`.execute(tx);
      const tables = await describeTables(tx);
      const counts: Record<string, number> = {};
      for (const table of tables) {
        const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.id(table.name)}`.execute(tx);
        counts[table.name] = Number(rows[0]!.n);
      }
      const header: BackupHeader = {
        format: FORMAT,
        created_at: new Date().toISOString(),
        app_version: version,
        source: database.kind,
        migrations: await appliedMigrations(tx),
        tables: counts,
      };
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      const hash = createHash('sha256');
      async function* lines() {
        const first = `${JSON.stringify(header)}\n`;
        hash.update(first);
        yield first;
        let done = 0;
        progress?.(0, total);
        for (const { name, holdsFiles } of tables) {
          if (counts[name] === 0) continue;
          await sql`declare backup_rows no scroll cursor for select row_to_json(t)::text as r from ${sql.id(name)} t`.execute(tx);
          const cap = holdsFiles ? FILE_ROWS : MAX_ROWS;
          let largest = 0;
          for (;;) {
            const { rows } = await sql<{ r: string }>`fetch forward ${sql.lit(nextFetchRows(cap, largest))} from backup_rows`.execute(tx);
            if (rows.length === 0) break;
            let chunk = '';
            for (const { r } of rows) {
              largest = Math.max(largest, r.length);
              chunk += rowLine(name, r);
            }
            hash.update(chunk);
            yield chunk;
            done += rows.length;
            progress?.(done, total);
          }
          await sql`close backup_rows`.execute(tx);
        }
        yield `${JSON.stringify({ end: FORMAT, rows: done, sha256: hash.digest('hex') })}\n`;
      }
      await pipeline(Readable.from(lines()), createGzip(), createWriteStream(path, { mode: 0o600 }));
      return header;
    });
}
