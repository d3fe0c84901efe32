import { extname } from 'node:path';
import { LOKET_PRINT_FORMATS, type LoketPrintFormat, loketPrint } from '../reports/loket-print.ts';
import { findLoketByCode, type LoketInfo } from '../survey/invitations.ts';
import { MAX_PNG_SIZE, MIN_PNG_SIZE } from '../survey/qr.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { type CliContext, withDatabase } from './database.ts';
import { checkWritable, writeOutput } from './output.ts';

const usage = 'survei qr --loket <code> --format svg|png|pdf --out <file> [--size 1024]';

/** An active loket by code, or one clear line (exit 2). */
export async function loketForPrint(database: CliContext['database'], code: string): Promise<LoketInfo> {
  const loket = await findLoketByCode(database.db, code);
  if (!loket) throw new CliError(`no loket with code "${code}" (see \`survei loket list --instansi <slug>\`)`);
  if (!loket.active) throw new CliError(`loket "${code}" (${loket.name}) is inactive: its survey page is closed`);
  return loket;
}

export const command: Command = {
  name: 'qr',
  summary: "a loket's QR code (SVG, PNG) or its printable A4 poster (PDF)",
  help: `Usage:
  ${usage}

Writes the QR code of a loket, pointing at PUBLIC_BASE_URL/s/<code>, where citizens answer:
  svg   vector image, for print shops and designers
  png   square image of --size pixels (${MIN_PNG_SIZE}–${MAX_PNG_SIZE}, default 1024), for documents and screens
  pdf   the A4 poster for the counter: "Bagaimana pelayanan kami?", the unit and loket names,
        a large QR and the short URL under it for people who type it
--format may be left out when --out ends in .svg, .png or .pdf. The code is the loket's identity:
renaming the loket never changes its QR, so printed posters stay valid. Set PUBLIC_BASE_URL
before printing: the printed address cannot be changed afterwards.
`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { loket: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' }, size: { type: 'string' } },
      usage,
    );
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${usage}`);
    const code = required(values.loket, '--loket', usage);
    const out = required(values.out, '--out', usage);
    const formatText = values.format ?? extname(out).slice(1).toLowerCase();
    if (!LOKET_PRINT_FORMATS.includes(formatText as LoketPrintFormat)) {
      throw new CliError(values.format ? `--format must be svg, png or pdf (got "${values.format}")` : `missing --format (svg, png or pdf); usage: ${usage}`);
    }
    const format = formatText as LoketPrintFormat;
    let size = 1024;
    if (values.size !== undefined) {
      if (format !== 'png') throw new CliError('--size applies to --format png only (svg and pdf are vector)');
      size = /^\d+$/.test(values.size) ? Number(values.size) : Number.NaN;
      if (!(size >= MIN_PNG_SIZE && size <= MAX_PNG_SIZE)) throw new CliError(`--size must be ${MIN_PNG_SIZE}–${MAX_PNG_SIZE} pixels (got "${values.size}")`);
    }
    checkWritable(out);
    const { url, data } = await withDatabase(async ({ database, config }) => loketPrint(await loketForPrint(database, code), config.publicBaseUrl, format, { size }));
    await writeOutput(out, data);
    io.out.write(`wrote ${out} (${format === 'pdf' ? 'A4 poster' : format === 'png' ? `PNG ${size}×${size}` : 'SVG'}, QR for ${url})\n`);
    return 0;
  },
};
