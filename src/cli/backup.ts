import { closeSync, fsyncSync, openSync, rmSync, renameSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError, loadConfig } from '../config.ts';
import { BackupFileError } from '../backup/format.ts';
import { readBackup } from '../backup/read.ts';
import { BackupSourceError, takeBackup } from '../backup/source.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { checkWritable } from './output.ts';
import { rowProgress } from './progress.ts';

const USAGE = 'survei backup --out <file>';

const HELP = `Usage: ${USAGE}

Writes a backup of the whole database to <file>: PostgreSQL when DATABASE_URL is set, else the
embedded database in DATA_DIR. It is one consistent moment, taken while the server keeps running
(on the embedded database the running server takes it and sends it to this command; its other
requests wait meanwhile, so schedule it at night). The file is gzip'd JSON lines (format
survei-backup/1), the same for both databases: \`survei restore\` puts it back into either. It is
written as <file>.part and renamed once complete, checked and on disk; Ctrl-C removes <file>.part.

The file holds personal data (answers, suggestions) and password hashes: keep it like the database.

Exit codes: 0 written, 2 bad usage or no database where DATA_DIR points, 1 the backup could not
be taken.
`;

/** "1.2 MB" */
const sizeOf = (bytes: number) => (bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** Flushes a file (or a directory: a rename in it) to the disk, so a crash after "written" keeps it. */
function syncToDisk(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const command: Command = {
  name: 'backup',
  summary: 'write a backup of the whole database (consistent, while the server runs)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { out: { type: 'string' } }, USAGE);
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    const out = required(values.out, '--out', USAGE);
    checkWritable(out);
    let config;
    try {
      config = loadConfig();
    } catch (error) {
      if (error instanceof ConfigError) throw new CliError(error.message);
      throw error;
    }
    const part = `${out}.part`;
    rmSync(part, { force: true });
    // Ctrl-C or a stop: the half-written file holds personal data, so it goes too
    const interrupted = () => {
      rmSync(part, { force: true });
      process.exit(130);
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    try {
      const progress = rowProgress(io, 'backing up rows');
      let via;
      try {
        via = (await takeBackup(config, part, progress.update)).via;
      } catch (error) {
        if (error instanceof BackupSourceError) throw new CliError(error.message, error.exitCode);
        throw error;
      }
      progress.done();
      if (via !== 'direct') io.err.write(`taken by the running server (process ${via})\n`);
      let header;
      try {
        header = await readBackup(part, { parseRows: true });
      } catch (error) {
        if (error instanceof BackupFileError) {
          const why = via === 'direct' ? '' : `; see the log of the server (process ${via})`;
          throw new CliError(`the backup just written does not read back (${error.message}); nothing kept${why}`, 1);
        }
        throw error;
      }
      syncToDisk(part);
      renameSync(part, out);
      syncToDisk(dirname(resolve(out)));
      const rows = Object.values(header.tables).reduce((a, b) => a + b, 0);
      const tables = Object.keys(header.tables).length;
      io.out.write(
        `backup written: ${out} (${rows} rows in ${tables} tables, ${sizeOf(statSync(out).size)}; ${header.source === 'pglite' ? 'embedded database' : 'PostgreSQL'} at migration ${header.migrations.at(-1) ?? 'none'})\n`,
      );
      return 0;
    } finally {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
      rmSync(part, { force: true });
    }
  },
};
