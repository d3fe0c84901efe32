import type { Command } from './command.ts';
import { parseOptions } from './args.ts';
import { withDatabase } from './database.ts';

const usage = 'survei migrate';

export const command: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations',
  help: `Usage: ${usage}

Applies every pending migration in migrations/ to the configured database (DATABASE_URL, or the
embedded database in DATA_DIR). Safe to run again: applied migrations are skipped. The server also
migrates at start; on Workers this command is the deploy step (run it against the direct URL).
`,
  async run(args, io) {
    parseOptions(args, {}, usage);
    const applied = await withDatabase(async ({ applied }) => applied);
    io.out.write(applied.length === 0 ? 'database schema is up to date\n' : `applied: ${applied.join(', ')}\n`);
    return 0;
  },
};
