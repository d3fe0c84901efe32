import { createWriteStream } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { finished } from 'node:stream/promises';
import type { Progress } from '../reports/data.ts';
import { type Period, parsePeriod } from '../results/period.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type CliIO, type Command } from './command.ts';
import { withDatabase } from './database.ts';
import { progressBar } from './progress.ts';
import { checkWritable, fsReason } from './output.ts';
import { instansiBySlug, unitBySlug } from './unit-lookup.ts';

const USAGE =
  'survei report --unit <slug> [--instansi <slug>] --period <2026-Q3> --format pdf|xlsx|csv|json --out <file> | survei report --unit <slug> --period <…> --scorecards --out <file.csv> | survei report --unit <slug> --zi-evidence --year <2026> --out <file.pdf> | survei report --instansi <slug> --period <…> --format pdf|xlsx|json|zip --out <file>';

const HELP = `Usage:
  survei report --unit <slug> [--instansi <slug>] --period <period> --format pdf|xlsx|csv|json --out <file>
  survei report --unit <slug> [--instansi <slug>] --period <period> --scorecards --out <file.csv>
  survei report --unit <slug> [--instansi <slug>] --zi-evidence --year <yyyy> --out <file.pdf>
  survei report --instansi <slug> --period <period> --format pdf|xlsx|json|zip --out <file>

The reports of a unit, or of the whole instansi, for a period; the same files as the downloads
in the workspace (/admin/reports), with the same numbers as the dashboard.

One unit (--unit; add --instansi when several instansi have a unit with that slug):
  pdf    Laporan Hasil SKM: BAB I–V, respondent profile, NRR per unsur, IKM per layanan,
         follow-up plan, IPAK/IPKP, signature block and annexes
  xlsx   tabulation: Rekap, Tabulasi (one row per respondent, live formulas), Profil, Saran,
         IPAK, IPKP
  csv    the responses, one row per respondent, item codes as columns (input for
         \`survei score\`; the same columns as the import template of \`survei import\`)
  json   the unit's data document (its part of the quarterly export)
  --scorecards      the ScoreCards (index, NRR per unsur, konversi, mutu) as CSV
  --zi-evidence     the ZI evidence sheet of a year (PDF); needs --year, not --period

The instansi as a whole (--instansi without --unit):
  pdf    rekapitulasi: every unit's IKM, IPK (IPAK), IPKP, n against the minimum, thresholds,
         publication and follow-up, ranked
  xlsx   the same rekapitulasi as a spreadsheet
  json   the quarterly export (every unit's ScoreCards and counts; schema in the README)
  zip    the quarterly export as CSV files in a ZIP

Options:
  --period <period>  a triwulan (2026-Q3), a semester (2026-S1) or a year (2026)
  --format <format>  may be left out when --out ends in .pdf, .xlsx, .csv, .json or .zip
  --out <file>       written to a temporary file next to it and renamed when complete, so a
                     failed run never leaves half a file

Progress is shown on stderr. The database is the configured one (DATABASE_URL or DATA_DIR).

Examples:
  survei report --unit dinkes --period 2026-Q3 --format pdf --out laporan-dinkes-2026-Q3.pdf
  survei report --unit dinkes --period 2026-S1 --out tabulasi-dinkes-2026-S1.xlsx
  survei report --unit dinkes --period 2026-Q3 --scorecards --out scorecard.csv
  survei report --unit dinkes --zi-evidence --year 2026 --out bukti-zi-dinkes-2026.pdf
  survei report --instansi kab-contoh --period 2026-Q3 --format zip --out ekspor-2026-Q3.zip

Exit codes: 0 written, 2 bad input or usage (unknown unit or instansi, bad period, a path that
cannot be written), 1 other failure.
`;

type UnitFormat = 'pdf' | 'xlsx' | 'csv' | 'json';
type InstansiFormat = 'pdf' | 'xlsx' | 'json' | 'zip';

/** What to write: one of the unit's files, or one of the instansi's. */
type Job =
  | { scope: 'unit'; unit: string; instansi?: string; what: UnitFormat | 'scorecards'; period: Period }
  | { scope: 'unit'; unit: string; instansi?: string; what: 'zi-evidence'; year: number }
  | { scope: 'instansi'; instansi: string; what: InstansiFormat; period: Period };

function readPeriod(value: string | undefined): Period {
  const code = required(value, '--period', USAGE).trim();
  const period = parsePeriod(code);
  if (!period || Number(code.slice(0, 4)) < 2000 || Number(code.slice(0, 4)) > 2100) {
    throw new CliError(`--period must be a triwulan (2026-Q3), a semester (2026-S1) or a year (2026), in 2000–2100 (got "${code}")`);
  }
  return period;
}

function readFormat<F extends string>(value: string | undefined, out: string, allowed: readonly F[], what: string): F {
  const format = (value ?? extname(out).slice(1)).toLowerCase();
  if ((allowed as readonly string[]).includes(format)) return format as F;
  const list = allowed.join(', ');
  throw new CliError(value === undefined ? `missing --format (${list} for ${what}); usage: ${USAGE}` : `--format for ${what} must be ${list} (got "${value}")`);
}

function readJob(args: string[]): { job: Job; out: string } {
  const { values, positionals } = parseOptions(
    args,
    {
      unit: { type: 'string' },
      instansi: { type: 'string' },
      period: { type: 'string' },
      format: { type: 'string' },
      out: { type: 'string' },
      scorecards: { type: 'boolean' },
      'zi-evidence': { type: 'boolean' },
      year: { type: 'string' },
    },
    USAGE,
  );
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
  const out = required(values.out, '--out', USAGE);
  const instansi = values.instansi?.trim() || undefined;
  if (values.scorecards && values['zi-evidence']) throw new CliError('--scorecards and --zi-evidence are two different files: give one of them');
  if (values.year !== undefined && !values['zi-evidence']) throw new CliError('--year goes with --zi-evidence only; the other reports take --period');

  if (values.unit === undefined) {
    if (values.scorecards || values['zi-evidence']) throw new CliError(`--${values.scorecards ? 'scorecards' : 'zi-evidence'} is a report of one unit: add --unit <slug>`);
    if (!instansi) throw new CliError(`missing --unit (a unit's reports) or --instansi (the instansi's rekapitulasi and export); usage: ${USAGE}`);
    const what = readFormat<InstansiFormat>(values.format, out, ['pdf', 'xlsx', 'json', 'zip'], 'an instansi');
    return { job: { scope: 'instansi', instansi, what, period: readPeriod(values.period) }, out };
  }
  const unit = required(values.unit, '--unit', USAGE).trim();
  if (values['zi-evidence']) {
    if (values.period !== undefined) throw new CliError('--zi-evidence is per year: give --year, not --period');
    if (values.format !== undefined && values.format !== 'pdf') throw new CliError(`--zi-evidence writes a PDF (got --format "${values.format}")`);
    const text = required(values.year, '--year', USAGE).trim();
    const year = /^\d{4}$/.test(text) ? Number(text) : Number.NaN;
    if (!(year >= 2000 && year <= 2100)) throw new CliError(`--year must be a year in 2000–2100 (got "${text}")`);
    return { job: { scope: 'unit', unit, instansi, what: 'zi-evidence', year }, out };
  }
  if (values.scorecards) {
    if (values.format !== undefined && values.format !== 'csv') throw new CliError(`--scorecards writes a CSV (got --format "${values.format}")`);
    return { job: { scope: 'unit', unit, instansi, what: 'scorecards', period: readPeriod(values.period) }, out };
  }
  const what = readFormat<UnitFormat>(values.format, out, ['pdf', 'xlsx', 'csv', 'json'], 'a unit');
  return { job: { scope: 'unit', unit, instansi, what, period: readPeriod(values.period) }, out };
}

/** Progress on stderr, the bar drawn once the total is known. */
function progressOf(io: CliIO, label: string) {
  let bar: ReturnType<typeof progressBar> | undefined;
  let total = 0;
  const update: Progress = (done, of) => {
    if (!bar) {
      total = of;
      bar = progressBar(io, label, total);
    }
    bar.update(Math.min(done, total));
  };
  return { update, done: () => bar?.done() };
}

/**
 * Writes into a temporary file beside `out` and renames it over `out` when complete; on any failure
 * the temporary file is removed, so `out` is either the whole file or untouched.
 */
async function writeAtomically(out: string, write: (path: string) => Promise<void>): Promise<void> {
  const temporary = join(dirname(out), `.${basename(out)}.${process.pid}.part`);
  try {
    await write(temporary);
    await rename(temporary, out);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as { code?: unknown }).code;
    // a file-system refusal (EACCES, ENOSPC, …), not a failure of the report itself
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) throw new CliError(`${out}: cannot write the file (${fsReason(error)})`);
    throw error;
  }
}

/** A streamed file: `write` fills the stream; it is flushed and closed before the rename. */
function streamTo(write: (sink: NodeJS.WritableStream) => Promise<void>) {
  return async (path: string) => {
    const file = createWriteStream(path);
    const failed = new Promise<never>((_, reject) => file.once('error', reject));
    await Promise.race([write(file), failed]);
    if (!file.writableEnded) file.end();
    await Promise.race([finished(file), failed]);
  };
}

const bufferTo = (make: () => Promise<Buffer | Uint8Array | string>) => async (path: string) => writeFile(path, await make());

export const command: Command = {
  name: 'report',
  summary: "a unit's Laporan SKM (PDF), tabulation (XLSX), responses (CSV), data (JSON); the instansi's rekapitulasi and export",
  help: HELP,
  async run(args, io) {
    const { job, out } = readJob(args);
    checkWritable(out);
    // each file loads only its own writer: a JSON export does not pay for the PDF and XLSX libraries
    const described = await withDatabase(async ({ database }) => {
      const db = database.db;
      if (job.scope === 'instansi') {
        const instansi = await instansiBySlug(db, job.instansi);
        const label = `${instansi.slug} ${job.period.code}`;
        if (job.what === 'pdf' || job.what === 'xlsx') {
          const rollup = await (await import('../reports/rollup.ts')).loadRollup(db, instansi.id, job.period);
          if (job.what === 'pdf') {
            const { rollupPdf } = await import('../reports/rollup-pdf.ts');
            await writeAtomically(out, bufferTo(() => rollupPdf(rollup)));
          } else {
            const { writeRollupXlsx } = await import('../reports/rollup-xlsx.ts');
            await writeAtomically(out, streamTo((sink) => writeRollupXlsx(rollup, sink)));
          }
          return `rekapitulasi ${label}, ${rollup.units.length} units, ${job.what.toUpperCase()}`;
        }
        const { loadQuarterlyExport, writeQuarterlyZip } = await import('../reports/quarterly.ts');
        const doc = await loadQuarterlyExport(db, instansi.id, job.period);
        await writeAtomically(out, job.what === 'json' ? bufferTo(async () => `${JSON.stringify(doc, null, 2)}\n`) : streamTo((sink) => writeQuarterlyZip(doc, sink)));
        return `quarterly export ${label}, ${job.what.toUpperCase()}`;
      }
      const unit = await unitBySlug(db, job.unit, job.instansi);
      if (job.what === 'zi-evidence') {
        const evidence = await (await import('../reports/zi-evidence-load.ts')).loadZiEvidence(db, unit.id, job.year);
        const { ziEvidencePdf } = await import('../reports/zi-evidence-pdf.ts');
        await writeAtomically(out, bufferTo(() => ziEvidencePdf(evidence)));
        return `ZI evidence sheet ${unit.slug} ${job.year}, PDF`;
      }
      const label = `${unit.slug} ${job.period.code}`;
      if (job.what === 'scorecards') {
        const cards = await (await import('../results/scorecard.ts')).loadScoreCards(db, { unitIds: [unit.id] }, { from: job.period.from, to: job.period.to });
        const { scoreCardsCsv } = await import('../reports/scorecards-csv.ts');
        await writeAtomically(out, bufferTo(async () => scoreCardsCsv(cards.map((card) => ({ unit: unit.slug, period: job.period.code, card })))));
        return `ScoreCards ${label}, ${cards.length} instruments, CSV`;
      }
      if (job.what === 'json') {
        const doc = await (await import('../reports/quarterly.ts')).loadQuarterlyExport(db, unit.instansiId, job.period, { unitId: unit.id });
        await writeAtomically(out, bufferTo(async () => `${JSON.stringify(doc, null, 2)}\n`));
        return `data ${label}, JSON`;
      }
      const data = await (await import('../reports/data.ts')).loadUnitReport(db, unit.id, job.period);
      const progress = progressOf(io, 'report');
      const onProgress = progress.update;
      if (job.what === 'pdf') {
        const { laporanPdf } = await import('../reports/laporan-pdf.ts');
        await writeAtomically(out, bufferTo(() => laporanPdf(db, data, { onProgress })));
      } else if (job.what === 'xlsx') {
        const { writeTabulationXlsx } = await import('../reports/tabulation-xlsx.ts');
        await writeAtomically(out, streamTo((sink) => writeTabulationXlsx(db, data, sink, { onProgress })));
      } else {
        const { writeResponsesCsv } = await import('../reports/responses-csv.ts');
        await writeAtomically(out, streamTo((sink) => writeResponsesCsv(db, data, sink, { onProgress })));
      }
      progress.done();
      const respondents = data.respondents.respondents;
      return `${{ pdf: 'Laporan Hasil SKM', xlsx: 'tabulation', csv: 'responses' }[job.what]} ${label}, ${respondents} respondents, ${job.what.toUpperCase()}`;
    });
    io.out.write(`wrote ${out} (${described})\n`);
    return 0;
  },
};
