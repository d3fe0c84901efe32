import { ConfigError, loadConfig, type Config } from '../config.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { DataDirInUseError } from '../db/embedded-lock.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { AppError } from '../http/errors.ts';
import { CliError } from './command.ts';

/**
 * Runs a command against the configured database (migrated first, closed after). Errors the
 * user can fix become one clear line and exit 2; the database is closed in every case.
 */
export interface CliContext {
  database: DatabaseHandle;
  config: Config;
  /** migrations applied by this run (usually none) */
  applied: string[];
}

export async function withDatabase<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  let config: Config;
  let database: DatabaseHandle;
  try {
    config = loadConfig();
    database = await openConfiguredDatabase(config);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    if (error instanceof DataDirInUseError) throw new CliError(error.message, 1);
    throw error;
  }
  try {
    const applied = await migrateToLatest(database.db);
    return await work({ database, config, applied });
  } catch (error) {
    if (error instanceof AppError) throw new CliError(error.message, error.status >= 500 ? 1 : 2);
    throw error;
  } finally {
    await database.close();
  }
}
