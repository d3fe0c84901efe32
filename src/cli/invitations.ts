import { formatValidUntil, slipsPdf, SLIPS_PER_PAGE } from '../reports/slips.ts';
import { createInvitations, DEFAULT_INVITATION_TTL_HOURS, MAX_INVITATION_TTL_HOURS, MAX_INVITATIONS_PER_CALL } from '../survey/invitations.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { withDatabase } from './database.ts';
import { progressBar } from './progress.ts';
import { checkWritable, writeOutput } from './output.ts';

const usage = 'survei invitations --loket <code> --count N (--out <slips.pdf> | --json) [--ttl-hours 336]';

function integer(value: string | undefined, flag: string, min: number, max: number, fallback?: number): number {
  if (value === undefined && fallback !== undefined) return fallback;
  const text = required(value, flag, usage);
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= min && n <= max)) throw new CliError(`${flag} must be a whole number ${min}–${max} (got "${text}")`);
  return n;
}

export const command: Command = {
  name: 'invitations',
  summary: 'single-use survey invitations for a loket: printable slips (PDF) or URLs (JSON)',
  help: `Usage:
  ${usage}

Creates N single-use invitations (1–${MAX_INVITATIONS_PER_CALL}) for a loket. Each opens the loket's questionnaire once
(PUBLIC_BASE_URL/i/<token>); a second use shows that it was already answered and stores nothing.
  --out slips.pdf   A4 pages of ${SLIPS_PER_PAGE} slips with cut lines, each with its own QR code and URL, the
                    unit and loket, "Satu kali pakai" and until when it is valid; hand one over
                    with each service
  --json            print the URLs instead (or as well), e.g. to feed a queue-ticket system
                    without the API: { "loket": {…}, "invitations": [ { "url", "expiresAt" } ] }
  --ttl-hours       validity in hours, 1–${MAX_INVITATION_TTL_HOURS} (default ${DEFAULT_INVITATION_TTL_HOURS}, 14 days)
Only a hash of each token is stored: a lost PDF cannot be printed again, make new slips instead.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { loket: { type: 'string' }, count: { type: 'string' }, out: { type: 'string' }, 'ttl-hours': { type: 'string' }, json: { type: 'boolean' } },
      usage,
    );
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${usage}`);
    const loketCode = required(values.loket, '--loket', usage);
    const count = integer(values.count, '--count', 1, MAX_INVITATIONS_PER_CALL);
    const ttlHours = integer(values['ttl-hours'], '--ttl-hours', 1, MAX_INVITATION_TTL_HOURS, DEFAULT_INVITATION_TTL_HOURS);
    const out = values.out;
    if (!out && !values.json) throw new CliError(`give --out <slips.pdf> or --json; usage: ${usage}`);
    if (out !== undefined) {
      if (!out.trim()) throw new CliError(`missing --out; usage: ${usage}`);
      checkWritable(out);
    }

    const created = await withDatabase(({ database, config }) => createInvitations(database.db, { loketCode, count, ttlHours, publicBaseUrl: config.publicBaseUrl }));
    const invitations = created.invitations.map((i) => ({ url: i.url!, expiresAt: i.expiresAt }));
    const { loket } = created;
    let pages = 0;
    if (out) {
      const bar = count > 4 * SLIPS_PER_PAGE ? progressBar(io, 'slips', count) : undefined;
      const pdf = await slipsPdf({
        instansiName: loket.instansiName,
        unitName: loket.unitName,
        loketName: loket.name,
        timeZone: loket.timeZone,
        invitations,
        onProgress: (done) => bar?.update(done),
      });
      bar?.done();
      pages = Math.ceil(count / SLIPS_PER_PAGE);
      await writeOutput(out, pdf);
    }
    if (values.json) {
      const json = { loket: { code: loket.code, name: loket.name, unit: loket.unitName }, invitations: invitations.map((i) => ({ url: i.url, expiresAt: i.expiresAt.toISOString() })) };
      io.out.write(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      io.out.write(
        `created ${count} invitation${count === 1 ? '' : 's'} for loket ${loket.code} (${loket.name}, ${loket.unitName}), valid until ${formatValidUntil(invitations[0]!.expiresAt, loket.timeZone)}\n` +
          `wrote ${out} (${pages} page${pages === 1 ? '' : 's'} of slips)\n`,
      );
    }
    return 0;
  },
};
