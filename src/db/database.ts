import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import type { Database } from './types.ts';
import { typeParsers } from './parsers.ts';
import { errorFields, writeLog } from '../http/log.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export type DatabaseTarget =
  /** a real PostgreSQL server; the timeouts (ms, 0 or absent = none) hold for every session of the pool */
  | { url: string; poolSize?: number; statementTimeoutMs?: number; idleInTransactionTimeoutMs?: number }
  /** the embedded PGlite database in a directory (the caller holds the directory lock) */
  | { dataDir: string }
  /** an in-memory PGlite, for tests */
  | { memory: true };

/** Opens the database; the caller owns the handle and must close it. */
export async function createDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ('url' in target) return openPostgres(target);
  return openPglite('dataDir' in target ? target.dataDir : undefined);
}

async function openPostgres({ url, poolSize = 10, statementTimeoutMs, idleInTransactionTimeoutMs }: { url: string; poolSize?: number; statementTimeoutMs?: number; idleInTransactionTimeoutMs?: number }): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    connectionTimeoutMillis: 5_000,
    // sent with each connection's startup: a runaway query, or a transaction whose client stopped
    // talking, holds a connection (and its locks) for this long at most, not for ever
    statement_timeout: statementTimeoutMs || undefined,
    idle_in_transaction_session_timeout: idleInTransactionTimeoutMs || undefined,
    types: { getTypeParser: ((oid: number, format?: string) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  // the connections' own ends while the pool closes (Workers: "Stream was cancelled") are expected
  let closing = false;
  const lost = (msg: string) => (error: Error) => closing || writeLog('warn', msg, errorFields(error));
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', lost('database: idle connection error'));
  // A connection lent out and between two statements (a transaction ended by
  // idle_in_transaction_session_timeout, a server restart) reports its end as an 'error' event that
  // nothing listens to while it is lent: without this, an uncaught exception. Its next statement
  // fails, and the pool drops it when it comes back.
  pool.on('connect', (client) => client.on('error', lost('database: connection lost')));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    close: () => {
      closing = true;
      return db.destroy();
    },
  };
}

async function openPglite(dataDir: string | undefined): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create(dataDir, { parsers: typeParsers });
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  // Kysely's destroy() closes the PGlite instance it was given.
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
