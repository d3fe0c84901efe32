import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, withoutPassword } from '../config.ts';
import { writeBackupFile } from '../backup/dump.ts';
import { createDatabase } from '../db/database.ts';
import { appSecretFile } from '../secret.ts';
import { DataDirInUseError, lockDataDir } from '../db/embedded-lock.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { rowProgress } from './progress.ts';
import { CliError, type Command } from './command.ts';
import { checkedBackup, restoreChecked } from './restore.ts';

const USAGE = 'survei migrate-to-postgres --from <DATA_DIR> [--replace]';

const HELP = `Usage: ${USAGE}

Moves an office from the embedded database (DATA_DIR/pglite) to the PostgreSQL database of
DATABASE_URL (which must be set; the database must exist and be empty, unless --replace). Stop the
server first: the embedded database must not be in use. Everything is copied in one transaction
(all or nothing) and the row counts of both sides are printed. A backup of the embedded database
is kept in DATA_DIR (moved-to-postgres-<time>.survei.gz); the embedded database is left as it was.

Afterwards start the server with DATABASE_URL and with APP_SECRET set to the embedded database's
secret (DATA_DIR/app-secret), so that open forms, the loket screens and the device hashes keep
working; the command prints how.

Exit codes: 0 moved, 2 bad usage, no embedded database, or a PostgreSQL database holding data,
1 the move failed (nothing was stored in PostgreSQL).
`;

export const command: Command = {
  name: 'migrate-to-postgres',
  summary: 'move the embedded database (DATA_DIR) to the PostgreSQL of DATABASE_URL',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { from: { type: 'string' }, replace: { type: 'boolean' } }, USAGE);
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    const dataDir = resolve(required(values.from, '--from', USAGE));
    if (!process.env.DATABASE_URL?.trim()) throw new CliError('set DATABASE_URL to the PostgreSQL database to move to (postgres://user:password@host/database)');
    let databaseUrl: string;
    try {
      // this command signs nothing: APP_SECRET is not needed yet (the embedded one is carried over below)
      databaseUrl = loadConfig({ DATABASE_URL: process.env.DATABASE_URL, APP_SECRET: 'x'.repeat(32) }).databaseUrl!;
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message);
      throw error;
    }
    if (!existsSync(join(dataDir, 'pglite'))) throw new CliError(`there is no embedded database in ${dataDir} (no ${join(dataDir, 'pglite')})`);

    let release: () => void;
    try {
      release = lockDataDir(dataDir);
    } catch (error) {
      if (error instanceof DataDirInUseError) throw new CliError(`${error.message.replace(/; stop it first.*$/, '')}: stop the server first, then move`, 1);
      throw error;
    }
    const file = join(dataDir, `moved-to-postgres-${new Date().toISOString().replace(/[:.]/g, '-')}.survei.gz`);
    let summary;
    try {
      const embedded = await createDatabase({ dataDir: join(dataDir, 'pglite') });
      try {
        const progress = rowProgress(io, 'reading the embedded database');
        await writeBackupFile(embedded, file, progress.update);
        progress.done();
      } finally {
        await embedded.close();
      }
      const header = await checkedBackup(file);
      const postgres = await createDatabase({ url: databaseUrl, poolSize: 1 });
      try {
        summary = await restoreChecked(postgres, file, header, values.replace === true, io);
      } finally {
        await postgres.close();
      }
    } catch (error) {
      // nothing was moved: the copy would only be one more file of personal data to forget
      rmSync(file, { force: true });
      throw error;
    } finally {
      release();
    }

    const tables = [...new Set([...Object.keys(summary.header.tables), ...Object.keys(summary.counts)])];
    const rows = Object.values(summary.header.tables).reduce((a, b) => a + b, 0);
    io.out.write(`moved ${rows} rows in ${Object.keys(summary.header.tables).length} tables from the embedded database in ${dataDir} to PostgreSQL (${withoutPassword(databaseUrl)})\n\n`);
    io.out.write(formatTable(['table', 'embedded', 'postgres'], tables.map((t) => [t, summary.header.tables[t] ?? '-', summary.counts[t] ?? '-'])));
    if (summary.applied.length > 0) io.out.write(`\nmigrated to this version in PostgreSQL: ${summary.applied.join(', ')}\n`);
    io.out.write(`\nthe embedded database is unchanged; a backup of it: ${file}\n`);
    io.out.write(nextSteps(dataDir, databaseUrl));
    return 0;
  },
};

/** What the operator does next: the server on PostgreSQL, with the same secret. */
function nextSteps(dataDir: string, databaseUrl: string): string {
  const secretFile = appSecretFile(dataDir);
  let kept: string | undefined;
  try {
    kept = readFileSync(secretFile, 'utf8').trim();
  } catch {
    kept = undefined;
  }
  const secret = kept
    ? `   APP_SECRET="$(cat ${secretFile})"      # the embedded database's secret, carried over`
    : `   APP_SECRET=<the APP_SECRET the embedded server ran with>   # (${secretFile} does not exist)`;
  const lines = [
    '',
    'Next:',
    '1. start the server on PostgreSQL with the same secret, e.g. in its environment file:',
    `   DATABASE_URL=${withoutPassword(databaseUrl)}`,
    secret,
    '   Keep APP_SECRET private (owner-only file, never in a repository or a log).',
    '2. if the secret changed, nothing stored is lost, but: questionnaire forms already open (up to',
    '   12 h) and workspace pages open at the time must be reloaded; the loket screens show new QR',
    "   codes; device and address hashes change, so the repeat-device and burst flags and the rate",
    '   limits do not connect answers from before the move with answers after it. Sign-in sessions,',
    '   API keys and invitation links keep working (stored as plain SHA-256 hashes).',
    `3. keep ${dataDir} until the server runs on PostgreSQL; then remove it (it holds personal data).`,
  ];
  const current = process.env.APP_SECRET?.trim();
  if (kept && current && current !== kept) lines.push('', `warning: APP_SECRET in this environment differs from ${secretFile}; use the kept one (see 2.)`);
  return `${lines.join('\n')}\n`;
}
