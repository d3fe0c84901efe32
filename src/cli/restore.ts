import { statSync } from 'node:fs';
import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupFileError, type BackupHeader } from '../backup/format.ts';
import { RestoreRefused, restoreBackupFile, type RestoreSummary, verifyBackupFile } from '../backup/restore.ts';
import { createDatabase, type DatabaseHandle } from '../db/database.ts';
import { DataDirInUseError } from '../db/embedded-lock.ts';
import { openConfiguredDatabase } from '../db/open.ts';
import { describeFsError } from '../fs-error.ts';
import { parseOptions } from './args.ts';
import { rowProgress } from './progress.ts';
import { CliError, type CliIO, type Command } from './command.ts';

const USAGE = 'survei restore <file> [--replace]';

const HELP = `Usage: ${USAGE}

Restores a backup made by \`survei backup\` (from either database) into the configured database:
PostgreSQL when DATABASE_URL is set, else the embedded database in DATA_DIR. All or nothing, in
one transaction. The whole file is checked first (gzip, format, every line, row counts and
checksum): a truncated or damaged file is refused and nothing is stored. A backup from an older
version is restored and then migrated to this version; one from a newer version is refused.

A database that already holds data (instansi, users or responses) is refused unless --replace is
given: then everything in it is replaced by the backup.

The embedded database can only be restored while no server runs on it (stop the server first).
On PostgreSQL too, stop the server (or take it out of rotation) before a restore and start it
afterwards: the restore rebuilds every table under exclusive locks, so the server's requests wait
and then fail, what it accepts meanwhile is replaced by the backup, and it keeps caches of what was
there before.

Exit codes: 0 restored, 2 a bad or refused file, a database holding data, or bad usage,
1 the restore failed (nothing was stored).
`;

/** Checks the whole file before any database is opened; a bad file is exit 2 with its reason. */
export async function checkedBackup(file: string): Promise<BackupHeader> {
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (error) {
    throw new CliError(`${file}: cannot read the file (${describeFsError(error)})`);
  }
  try {
    return await verifyBackupFile(file);
  } catch (error) {
    if (error instanceof BackupFileError || error instanceof RestoreRefused) throw new CliError(`${file}: ${error.message}; nothing restored`);
    throw error;
  }
}

/** Restores, turning a refusal (data in the target, a changed file) into exit 2. */
export async function restoreChecked(database: DatabaseHandle, file: string, header: BackupHeader, replace: boolean, io: CliIO): Promise<RestoreSummary> {
  const progress = rowProgress(io, 'restoring rows');
  try {
    const summary = await restoreBackupFile(database, file, header, { replace, progress: progress.update });
    progress.done();
    return summary;
  } catch (error) {
    if (error instanceof BackupFileError || error instanceof RestoreRefused) throw new CliError(`${error.message}; nothing restored`);
    throw error;
  }
}

export const command: Command = {
  name: 'restore',
  summary: 'restore a backup into the database (all or nothing)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { replace: { type: 'boolean' } }, USAGE);
    if (positionals.length !== 1) throw new CliError(positionals.length === 0 ? `missing the backup file; usage: ${USAGE}` : `unexpected argument "${positionals[1]}"; usage: ${USAGE}`);
    const file = positionals[0]!;
    const header = await checkedBackup(file);
    let config;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message);
      throw error;
    }

    let database: DatabaseHandle;
    if (config.databaseUrl) {
      database = await createDatabase({ url: config.databaseUrl, poolSize: 1 });
    } else {
      try {
        database = await openConfiguredDatabase(config);
      } catch (error) {
        if (error instanceof DataDirInUseError) throw new CliError(`${error.message.replace(/; stop it first.*$/, '')}: stop the server first, then restore`, 1);
        throw error;
      }
    }
    try {
      const others = database.kind === 'postgres' ? await otherConnections(database) : 0;
      const summary = await restoreChecked(database, file, header, values.replace === true, io);
      const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
      io.out.write(
        `restored ${file} into ${database.kind === 'pglite' ? `the embedded database in ${config.dataDir}` : 'PostgreSQL'}: ${rows} rows in ${Object.keys(header.tables).length} tables (backup of ${header.created_at}, survei ${header.app_version}, ${header.source === 'pglite' ? 'embedded database' : 'PostgreSQL'})\n`,
      );
      if (summary.applied.length > 0) io.out.write(`migrated to this version: ${summary.applied.join(', ')}\n`);
      if (others > 0) io.err.write(`warning: ${others} other connection${others === 1 ? '' : 's'} to this database (a running server?): restart the server now (it keeps caches of what was there before), and stop it before a restore next time\n`);
      return 0;
    } finally {
      await database.close();
    }
  },
};

async function otherConnections(database: DatabaseHandle): Promise<number> {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`.execute(database.db);
  return Number(rows[0]!.n);
}
