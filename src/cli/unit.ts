import { addUnit, listUnits } from '../admin/org.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei unit add --instansi <slug> --name <name> [--slug <slug>] [--parent <unit>] [--instruments skm,ipak,ipkp] [--head-name <name>] [--head-nip <nip>] [--json] | survei unit list --instansi <slug> [--json]';

export const command: Command = {
  name: 'unit',
  summary: 'add or list units (OPD, UPT, …)',
  help: `Usage:
  survei unit add --instansi <slug> --name <name> [--slug <slug>] [--parent <unit-slug>]
                  [--instruments skm,ipak,ipkp] [--head-name <name>] [--head-nip <nip>] [--json]
  survei unit list --instansi <slug> [--json]

A unit (Perangkat Daerah, UPT, Kecamatan, Puskesmas…) delivers layanan at its lokets. --parent puts
it under another unit of the same instansi (a UPT under its dinas). --instruments lists the surveys
it runs in the order they are asked: built-in (skm, ipak, ipkp) or added with \`survei instrument
add\`. An IKM instrument is always run: SKM unless the unit names its own (default: skm).
--head-name and --head-nip fill the signature block of its reports.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        instansi: { type: 'string' },
        name: { type: 'string' },
        slug: { type: 'string' },
        parent: { type: 'string' },
        instruments: { type: 'string' },
        'head-name': { type: 'string' },
        'head-nip': { type: 'string' },
        json: { type: 'boolean' },
      },
      usage,
    );
    const instansi = required(values.instansi, '--instansi', usage);
    if (positionals[0] === 'add') {
      const input = {
        instansi,
        name: required(values.name, '--name', usage),
        slug: values.slug,
        parent: values.parent,
        headName: values['head-name'],
        headNip: values['head-nip'],
        instruments: values.instruments?.split(',').map((s) => s.trim()).filter(Boolean),
      };
      const row = await withDatabase(({ database }) => addUnit(database.db, input));
      io.out.write(values.json ? `${JSON.stringify(row, null, 2)}\n` : `unit added: ${row.name} (${row.slug}) runs ${row.instruments.join(', ')}\n`);
      return 0;
    }
    if (positionals[0] === 'list') {
      const rows = await withDatabase(({ database }) => listUnits(database.db, instansi));
      io.out.write(values.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(['SLUG', 'NAME', 'PARENT', 'ACTIVE'], rows.map((r) => [r.slug, r.name, r.parent, r.active ? 'yes' : 'no'])));
      return 0;
    }
    throw new CliError(`expected "add" or "list"; usage: ${usage}`);
  },
};
