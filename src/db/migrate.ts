import { type Kysely, sql } from 'kysely';
import { type MigrationResultSet, Migrator } from 'kysely/migration';
import type { Database } from './types.ts';
import { migrations } from '../../migrations/index.ts';

export class MigrationError extends Error {
  override name = 'MigrationError';
}

// The schema uses UNIQUE NULLS NOT DISTINCT (PostgreSQL 15+).
const MINIMUM_SERVER_VERSION = 150000;

/** Applies every pending migration in order; returns the names applied now. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const { rows } = await sql<{ version: string }>`select current_setting('server_version_num') as version`.execute(db);
  const version = Number(rows[0]?.version);
  if (version < MINIMUM_SERVER_VERSION) {
    throw new MigrationError(`PostgreSQL 15 or newer is required (this server is ${Math.floor(version / 10000)}.${version % 10000})`);
  }
  return applied(await migrator(db).migrateToLatest());
}

/** Applies the migrations up to and including `name` (a restore rebuilds the schema its backup came from). */
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<string[]> {
  return applied(await migrator(db).migrateTo(name));
}

const migrator = (db: Kysely<any>) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

/** The names applied now, or the failed migration named. */
function applied({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

