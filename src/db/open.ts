import { chmodSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../config.ts';
import { createDatabase, type DatabaseHandle } from './database.ts';
import { lockDataDir } from './embedded-lock.ts';

/**
 * Opens the configured database for a Node process (server or CLI): PostgreSQL when
 * DATABASE_URL is set, else the embedded database in DATA_DIR, locked against a second process.
 */
export async function openConfiguredDatabase(config: Config, { timeouts = false } = {}): Promise<DatabaseHandle> {
  // the server's timeouts (config.ts); the CLI's long jobs (migrate, backup) run without them
  if (config.databaseUrl) {
    const limits = timeouts ? { statementTimeoutMs: config.statementTimeoutMs, idleInTransactionTimeoutMs: config.idleInTransactionTimeoutMs } : {};
    return createDatabase({ url: config.databaseUrl, ...limits });
  }
  const dataDir = resolve(config.dataDir, 'pglite');
  const release = lockDataDir(resolve(config.dataDir));
  try {
    // the database holds password hashes and answers: owner-only, whatever the umask
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
    const handle = await createDatabase({ dataDir });
    return {
      ...handle,
      close: async () => {
        try {
          await handle.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
