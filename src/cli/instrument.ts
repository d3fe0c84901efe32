import { listInstruments, saveInstrument } from '../admin/instruments.ts';
import { InstrumentError, loadInstrumentFile } from '../instruments/schema.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei instrument add --instansi <slug> --file <instrument.json> [--json] | survei instrument list [--instansi <slug>] [--json]';

export const command: Command = {
  name: 'instrument',
  summary: 'add a custom instrument (or a new version of it), list instruments',
  help: `Usage:
  survei instrument add --instansi <slug> --file <instrument.json> [--json]
  survei instrument list [--instansi <slug>] [--json]

Adds an instansi's own instrument from a JSON file (the shape is in the README: id, name, kind
ikm|ipak|ipkp, scale 4, unsur with items and four labels each). The file is validated first; an
error names the JSON path. Adding a file whose id already exists stores a new version when the
definition changed (answers keep pointing at the version they answered) and nothing otherwise.
The ids skm, ipak and ipkp are reserved for the built-in instruments. Units run an instrument
once it is named in \`survei unit add --instruments\`.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { instansi: { type: 'string' }, file: { type: 'string' }, json: { type: 'boolean' } }, usage);
    if (positionals[0] === 'add') {
      const instansi = required(values.instansi, '--instansi', usage);
      const file = required(values.file, '--file', usage);
      const definition = await loadInstrumentFile(file).catch((error: unknown) => {
        throw error instanceof InstrumentError ? new CliError(error.message) : error;
      });
      const saved = await withDatabase(({ database }) => saveInstrument(database.db, instansi, definition));
      const text = saved.changed ? `instrument ${saved.code} (${saved.kind}) saved as version ${saved.version}\n` : `instrument ${saved.code} unchanged (version ${saved.version})\n`;
      io.out.write(values.json ? `${JSON.stringify(saved, null, 2)}\n` : text);
      return 0;
    }
    if (positionals[0] === 'list') {
      const rows = await withDatabase(({ database }) => listInstruments(database.db, values.instansi));
      io.out.write(
        values.json
          ? `${JSON.stringify(rows, null, 2)}\n`
          : formatTable(['CODE', 'KIND', 'VERSION', 'ITEMS', 'SOURCE', 'NAME'], rows.map((r) => [r.code, r.kind, r.version, r.items, r.builtin ? 'built-in' : 'instansi', r.name])),
      );
      return 0;
    }
    throw new CliError(`expected "add" or "list"; usage: ${usage}`);
  },
};
