import { addLayanan, listLayanan } from '../admin/org.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei layanan add --instansi <slug> --unit <slug> --name <name> [--json] | survei layanan list --instansi <slug> --unit <slug> [--json]';

export const command: Command = {
  name: 'layanan',
  summary: 'add or list layanan of a unit',
  help: `Usage:
  survei layanan add --instansi <slug> --unit <slug> --name <name> [--json]
  survei layanan list --instansi <slug> --unit <slug> [--json]

A layanan is a service the unit delivers (e.g. "Perekaman KTP-el"). Respondents say which layanan
they received, and results are also shown per layanan.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { instansi: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' } }, usage);
    const instansi = required(values.instansi, '--instansi', usage);
    const unit = required(values.unit, '--unit', usage);
    if (positionals[0] === 'add') {
      const name = required(values.name, '--name', usage);
      const row = await withDatabase(({ database }) => addLayanan(database.db, { instansi, unit, name }));
      io.out.write(values.json ? `${JSON.stringify(row, null, 2)}\n` : `layanan added to ${row.unit}: ${row.name}\n`);
      return 0;
    }
    if (positionals[0] === 'list') {
      const rows = await withDatabase(({ database }) => listLayanan(database.db, instansi, unit));
      io.out.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(['NAME', 'ACTIVE'], rows.map((r) => [r.name, r.active ? 'yes' : 'no'])));
      return 0;
    }
    throw new CliError(`expected "add" or "list"; usage: ${usage}`);
  },
};
