import { addLoket, displayUrl, kioskUrl, listLokets, rotateLoketKeys, surveyUrl } from '../admin/org.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei loket add --instansi <slug> --unit <slug> --name <name> [--layanan <name>] [--json] | survei loket list --instansi <slug> [--unit <slug>] [--json] | survei loket keys --loket <code> [--json]';

export const command: Command = {
  name: 'loket',
  summary: 'add or list lokets and their survey URLs',
  help: `Usage:
  survei loket add --instansi <slug> --unit <slug> --name <name> [--layanan <name>] [--json]
  survei loket list --instansi <slug> [--unit <slug>] [--json]
  survei loket keys --loket <code> [--json]

A loket is a service counter. Each gets a short random code; its QR code points at
PUBLIC_BASE_URL/s/<code>, where citizens answer the survey. --layanan binds the loket to one
layanan of its unit (then the questionnaire does not ask which layanan).
\`loket list --json\` gives each loket's code and survey url.

\`loket keys\` makes new keys for the loket's screen and kiosk tablet (the old ones stop working) and
prints, once, the two addresses to open on those devices: the screen (/d/<code>?key=…) shows a QR
that changes every minute, so answers through it are marked as given at the loket ("presence");
the kiosk (/k/<code>?key=…) runs the questionnaire on a shared tablet at the counter.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { instansi: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, layanan: { type: 'string' }, loket: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    if (positionals[0] === 'keys') {
      const code = required(values.loket, '--loket', usage);
      const keys = await withDatabase(async ({ database, config }) => {
        const k = await rotateLoketKeys(database.db, code);
        return { code: k.code, name: k.name, displayUrl: displayUrl(config.publicBaseUrl, k.code, k.displayKey), kioskUrl: kioskUrl(config.publicBaseUrl, k.code, k.kioskKey) };
      });
      io.out.write(values.json ? `${JSON.stringify(keys, null, 2)}\n` : `new keys for ${keys.name} (${keys.code}); shown once:\n  screen: ${keys.displayUrl}\n  kiosk:  ${keys.kioskUrl}\n`);
      return 0;
    }
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
    throw new CliError(`expected "add", "list" or "keys"; usage: ${usage}`);
  },
};
