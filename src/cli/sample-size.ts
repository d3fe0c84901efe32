import { krejcieMorgan } from '../scoring/sample-size.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';

const USAGE = 'survei sample-size --population <N> [--json]';

const HELP = `Usage: ${USAGE}

Prints the minimum number of respondents for a population of N service users in the period,
by Krejcie & Morgan (1970) as PermenPANRB 14/2017 prescribes:
  S = λ²·N·P·Q / (d²·(N−1) + λ²·P·Q), λ² = 3.841, P = Q = 0.5, d = 0.05, rounded.

Options:
  --population <N>  number of service users in the period, a whole number ≥ 1
  --json            print {"population": N, "minimum": S}

Example:
  $ survei sample-size --population 500
  Populasi 500 → minimum 217 responden (Krejcie & Morgan)

Exit codes: 0 printed, 2 bad input or usage.
`;

export const command: Command = {
  name: 'sample-size',
  summary: 'minimum number of respondents (Krejcie & Morgan)',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { population: { type: 'string' }, json: { type: 'boolean' } },
      USAGE,
    );
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    const given = required(values.population, '--population', USAGE);
    const text = given.trim();
    const population = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
    if (!Number.isSafeInteger(population) || population < 1) {
      throw new CliError(`--population must be a whole number of service users, at least 1 (got "${given}")`);
    }
    const minimum = krejcieMorgan(population);
    io.out.write(
      values.json === true
        ? `${JSON.stringify({ population, minimum }, null, 2)}\n`
        : `Populasi ${population} → minimum ${minimum} responden (Krejcie & Morgan)\n`,
    );
    return 0;
  },
};
