import { addLoket, listLokets, surveyUrl } from '../admin/org.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei loket add --instansi <slug> --unit <slug> --name <name> [--layanan <name>] [--json] | survei loket list --instansi <slug> [--unit <slug>] [--json]';

export const command: Command = {
  name: 'loket',
  summary: 'add or list lokets and their survey URLs',
  help: `Usage:
  survei loket add --instansi <slug> --unit <slug> --name <name> [--layanan <name>] [--json]
  survei loket list --instansi <slug> [--unit <slug>] [--json]

A loket is a service counter. Each gets a short random code; its QR code points at
PUBLIC_BASE_URL/s/<code>, where citizens answer the survey. --layanan binds the loket to one
layanan of its unit (then the questionnaire does not ask which layanan).
\`loket list --json\` gives each loket's code and survey url.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { instansi: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, layanan: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    const instansi = required(values.instansi, '--instansi', usage);
    if (positionals[0] === 'add') {
      const unit = required(values.unit, '--unit', usage);
      const name = required(values.name, '--name', usage);
      const row = await withDatabase(async ({ database, config }) => {
        const loket = await addLoket(database.db, { instansi, unit, name, layanan: values.layanan });
        return { ...loket, url: surveyUrl(config.publicBaseUrl, loket.code) };
      });
      io.out.write(values.json ? `${JSON.stringify(row, null, 2)}\n` : `loket added to ${row.unit}: ${row.name}, code ${row.code}, survey ${row.url}\n`);
      return 0;
    }
    if (positionals[0] === 'list') {
      const rows = await withDatabase(async ({ database, config }) =>
        (await listLokets(database.db, instansi, values.unit)).map((r) => ({ ...r, url: surveyUrl(config.publicBaseUrl, r.code) })),
      );
      io.out.write(
        values.json
          ? `${JSON.stringify(rows, null, 2)}\n`
          : formatTable(['CODE', 'UNIT', 'NAME', 'LAYANAN', 'ACTIVE', 'SURVEY URL'], rows.map((r) => [r.code, r.unit, r.name, r.layanan, r.active ? 'yes' : 'no', r.url])),
      );
      return 0;
    }
    throw new CliError(`expected "add" or "list"; usage: ${usage}`);
  },
};
