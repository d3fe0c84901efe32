import { addInstansi, listInstansi } from '../admin/org.ts';
import { TIME_ZONES, type TimeZone } from '../config.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei instansi add --name <name> [--slug <slug>] [--time-zone WIB|WITA|WIT] [--json] | survei instansi list [--json]';

export const command: Command = {
  name: 'instansi',
  summary: 'add or list instansi',
  help: `Usage:
  survei instansi add --name <name> [--slug <slug>] [--time-zone WIB|WITA|WIT] [--json]
  survei instansi list [--json]

An instansi is a government (e.g. a Kabupaten) whose units run the surveys. Its slug names it in
public URLs (/p/<slug>); it is made from the name when not given. Its time zone (default
DEFAULT_TIME_ZONE) decides where a day, a triwulan and a semester begin.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { name: { type: 'string' }, slug: { type: 'string' }, 'time-zone': { type: 'string' }, json: { type: 'boolean' } }, usage);
    const action = positionals[0];
    if (action === 'add') {
      const name = required(values.name, '--name', usage);
      const row = await withDatabase(({ database, config }) => addInstansi(database.db, { name, slug: values.slug, timeZone: values['time-zone'] }, config.defaultTimeZone));
      io.out.write(values.json ? `${JSON.stringify(row, null, 2)}\n` : `instansi added: ${row.name} (${row.slug}, ${TIME_ZONES[row.time_zone as TimeZone]})\n`);
      return 0;
    }
    if (action === 'list') {
      const rows = await withDatabase(({ database }) => listInstansi(database.db));
      io.out.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(['SLUG', 'NAME', 'TIME ZONE'], rows.map((r) => [r.slug, r.name, r.time_zone])));
      return 0;
    }
    throw new CliError(`expected "add" or "list"; usage: ${usage}`);
  },
};
