import { addApiKey, listApiKeys, revokeApiKey } from '../admin/api-keys.ts';
import { formatTable, parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage =
  'survei apikey add --instansi <slug> --unit <slug> --name <name> [--json] | survei apikey list --instansi <slug> --unit <slug> [--json] | survei apikey revoke --instansi <slug> --unit <slug> --id <id> [--json]';

export const command: Command = {
  name: 'apikey',
  summary: "add, list or revoke a unit's API keys (invitations API)",
  help: `Usage:
  survei apikey add --instansi <slug> --unit <slug> --name <name> [--json]
  survei apikey list --instansi <slug> --unit <slug> [--json]
  survei apikey revoke --instansi <slug> --unit <slug> --id <id> [--json]

An API key lets a machine of the unit (a queue-ticket system) ask for single-use survey links:
  POST /api/v1/invitations with Authorization: Bearer <key>
for the lokets of that unit only. The key is printed once by \`add\`; only its hash is stored, so a
lost key cannot be shown again: revoke it and add a new one. --name says where the key is used
(e.g. "Mesin antrean lantai 1"). A revoked key is refused at once.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { instansi: { type: 'string' }, unit: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    const action = positionals[0];
    if (action !== 'add' && action !== 'list' && action !== 'revoke') throw new CliError(`expected "add", "list" or "revoke"; usage: ${usage}`);
    const instansi = required(values.instansi, '--instansi', usage);
    const unit = required(values.unit, '--unit', usage);
    const print = (value: unknown, text: string) => io.out.write(values.json ? `${JSON.stringify(value, null, 2)}\n` : text);

    if (action === 'add') {
      const name = required(values.name, '--name', usage);
      const key = await withDatabase(({ database }) => addApiKey(database.db, { instansi, unit, name }));
      print(key, `API key added to ${key.unit}: ${key.name} (id ${key.id})\nkey (shown once, keep it secret): ${key.key}\n`);
      return 0;
    }
    if (action === 'list') {
      const keys = await withDatabase(({ database }) => listApiKeys(database.db, instansi, unit));
      print(
        keys,
        formatTable(
          ['ID', 'NAME', 'CREATED', 'REVOKED'],
          keys.map((k) => [k.id, k.name, k.createdAt.toISOString(), k.revokedAt?.toISOString() ?? null]),
        ),
      );
      return 0;
    }
    const id = required(values.id, '--id', usage);
    const revoked = await withDatabase(({ database }) => revokeApiKey(database.db, instansi, unit, id));
    print(revoked, `API key revoked: ${revoked.name} (id ${revoked.id}) of ${revoked.unit}\n`);
    return 0;
  },
};
