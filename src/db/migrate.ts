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
  const { rows } = await sql<{ version: string; migrated: boolean }>`
    select current_setting('server_version_num') as version, to_regclass('kysely_migration') is not null as migrated`.execute(db);
  const version = Number(rows[0]?.version);
  if (version < MINIMUM_SERVER_VERSION) {
    throw new MigrationError(`PostgreSQL 15 or newer is required (this server is ${Math.floor(version / 10000)}.${version % 10000})`);
  }
  // every start and every `survei` command asks; an up-to-date schema (the usual answer) is told
  // by one query, without the migrator's lock table and bookkeeping (about 0.2 s on the embedded database)
  if (rows[0]?.migrated && (await appliedNames(db)) === Object.keys(migrations).sort().join(',')) return [];
  return applied(await migrator(db).migrateToLatest());
}

/** Applies the migrations up to and including `name` (a restore rebuilds the schema its backup came from). */
export async function migrateUpTo(db: Kysely<any>, name: string): Promise<string[]> {
  return applied(await migrator(db).migrateTo(name));
}

const appliedNames = async (db: Kysely<Database>) =>
  (await sql<{ names: string | null }>`select string_agg(name, ',' order by name collate "C") as names from kysely_migration`.execute(db)).rows[0]?.names;

const migrator = (db: Kysely<any>) => new Migrator({ db, provider: { getMigrations: async () => migrations } });

/** The names applied now, or the failed migration named. */
function applied({ error, results }: MigrationResultSet): string[] {
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

