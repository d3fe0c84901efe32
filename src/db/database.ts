import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import type { Database } from './types.ts';
import { typeParsers } from './parsers.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
  close(): Promise<void>;
}

export type DatabaseTarget =
  /** a real PostgreSQL server */
  | { url: string; poolSize?: number }
  /** the embedded PGlite database in a directory (the caller holds the directory lock) */
  | { dataDir: string }
  /** an in-memory PGlite, for tests */
  | { memory: true };

/** Opens the database; the caller owns the handle and must close it. */
export async function createDatabase(target: DatabaseTarget): Promise<DatabaseHandle> {
  if ('url' in target) return openPostgres(target.url, target.poolSize ?? 10);
  return openPglite('dataDir' in target ? target.dataDir : undefined);
}

async function openPostgres(url: string, max: number): Promise<DatabaseHandle> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: 5_000,
    types: { getTypeParser: ((oid: number, format?: string) => typeParsers[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser },
  });
  // An idle client losing its server (restart, network) must not crash the process.
  pool.on('error', (error) => console.error(`database: idle connection error: ${error.message}`));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
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
