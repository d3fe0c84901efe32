// Each test file gets fresh, migrated databases of both kinds, so every suite runs against
// PGlite and a real PostgreSQL server.
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type DatabaseHandle, type DatabaseKind } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openConfiguredDatabase } from '../../src/db/open.ts';
import { loadConfig } from '../../src/config.ts';

export const DATABASE_KINDS: DatabaseKind[] = ['pglite', 'postgres'];

/** The URL of a new, empty database on the test server. */
export async function createTestDatabaseUrl(): Promise<string> {
  const adminUrl = inject('postgresUrl');
  const name = `test_${crypto.randomUUID().replaceAll('-', '')}`;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function openTestDatabase(kind: DatabaseKind, { migrate = true } = {}): Promise<DatabaseHandle> {
  const handle = kind === 'pglite' ? await createDatabase({ memory: true }) : await createDatabase({ url: await createTestDatabaseUrl(), poolSize: 4 });
  if (migrate) await migrateToLatest(handle.db);
  return handle;
}

/** Opens the database a child process was given by its environment (DATA_DIR or DATABASE_URL), while no child holds it. */
export async function openEnvDatabase(env: Record<string, string>): Promise<DatabaseHandle> {
  return openConfiguredDatabase(loadConfig(env));
}
