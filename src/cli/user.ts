import { text } from 'node:stream/consumers';
import { generatePassword } from '../admin/password.ts';
import { addUser } from '../admin/users.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';

const usage = 'survei user add --email <email> --name <name> --role operator|admin|unit_admin|viewer [--instansi <slug>] [--unit <slug>[,<slug>…]] [--password-stdin] [--json]';

export const command: Command = {
  name: 'user',
  summary: 'add a user (the first admin, operators, …)',
  help: `Usage:
  ${usage}

Roles: operator (runs a deployment hosting several instansi; no --instansi), admin (the whole
instansi), unit_admin (the units named by --unit), viewer (read-only; --unit limits it to those units,
otherwise the whole instansi).

The password is read from standard input with --password-stdin (at least 12 characters), e.g.
  printf '%s' "$PASSWORD" | npm run --silent cli -- user add … --password-stdin
Without it a random password is generated and printed once: hand it over and have it changed.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        instansi: { type: 'string' },
        unit: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        json: { type: 'boolean' },
      },
      usage,
    );
    if (positionals[0] !== 'add') throw new CliError(`expected "add"; usage: ${usage}`);
    const generated = !values['password-stdin'];
    const password = generated ? generatePassword() : (await text(process.stdin)).replace(/\r?\n$/, '');
    const input = {
      email: required(values.email, '--email', usage),
      name: required(values.name, '--name', usage),
      role: required(values.role, '--role', usage) as 'admin',
      instansi: values.instansi,
      units: values.unit?.split(',').map((s) => s.trim()).filter(Boolean) ?? [],
      password,
    };
    const user = await withDatabase(({ database }) => addUser(database.db, input));
    const shown = generated ? { ...user, password } : user;
    if (values.json) io.out.write(`${JSON.stringify(shown, null, 2)}\n`);
    else {
      io.out.write(`user added: ${user.email} (${user.role}${user.instansi ? ` in ${user.instansi}` : ''}${user.units.length ? `, units ${user.units.join(', ')}` : ''})\n`);
      if (generated) io.out.write(`password (shown once): ${password}\n`);
    }
    return 0;
  },
};
