import { stat } from 'node:fs/promises';
import { TIME_ZONES, type TimeZone } from '../config.ts';
import { describeFsError } from '../fs-error.ts';
import { importMessages } from '../i18n/import.ts';
import { fill } from '../i18n/index.ts';
import { describeImportProblem, type ImportOutcome, type ImportPhase, type ImportProblem, importResponses, importTemplate } from '../reports/import/index.ts';
import { UTC_OFFSET_MS } from '../results/period.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type CliIO, type Command } from './command.ts';
import { withDatabase } from './database.ts';
import { progressBar } from './progress.ts';
import { checkWritable, writeOutput } from './output.ts';
import { type FoundUnit, unitBySlug } from './unit-lookup.ts';

const USAGE = 'survei import --unit <slug> [--instansi <slug>] --file <file.xlsx|file.csv> [--force] | survei import --unit <slug> [--instansi <slug>] --template csv|xlsx --out <file>';

const HELP = `Usage:
  survei import --unit <slug> [--instansi <slug>] --file <file.xlsx|file.csv> [--force]
  survei import --unit <slug> [--instansi <slug>] --template csv|xlsx --out <file>

Imports paper questionnaires into a unit: one row per respondent, stored with channel "paper".
Add --instansi when several instansi have a unit with that slug.

--template writes the unit's template: the header row (tanggal, jam, loket, layanan,
jenis_kelamin, usia, pendidikan, pekerjaan, disabilitas, the unit's item codes, saran); the XLSX
adds a sheet "Petunjuk" with what each column takes and the unit's loket codes and layanan.

The file is an XLSX (first sheet) or a CSV (UTF-8 with or without BOM, or UTF-16 with BOM;
separated by "," or ";"). Column names in any order and case; tanggal and at least one item
column are required. Every row is checked first: if any row has a problem nothing is stored,
and every problem is printed as "row N, column X: reason". The same file imported into the same
unit before is refused (with when, who and how many rows) unless --force is given.

Exit codes: 0 imported (or template written), 2 a problem in the file, a file imported before,
or bad usage, 1 other failure.
`;

export function problemLine(problem: ImportProblem): string {
  const where = [problem.row === null ? 'file' : `row ${problem.row}`, ...(problem.column === null ? [] : [`column ${problem.column}`])].join(', ');
  return `${where}: ${describeImportProblem(problem, 'en')}`;
}

/** e.g. "21 Jul 2026 09:30 WIB" in the instansi's zone */
function moment(at: Date, timeZone: TimeZone): string {
  const local = new Date(at.getTime() + UTC_OFFSET_MS[timeZone]).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} ${TIME_ZONES[timeZone]}`;
}

/** Validation counts rows of unknown total; storing has a bar. */
function progress(io: CliIO) {
  let bar: ReturnType<typeof progressBar> | undefined;
  let validated = 0;
  return {
    update(phase: ImportPhase, done: number, total: number | null) {
      if (phase === 'validate') {
        validated = done;
        if (io.interactive) io.err.write(`\rchecking rows: ${done}`);
        return;
      }
      if (!bar) {
        if (io.interactive && validated > 0) io.err.write('\n');
        bar = progressBar(io, 'storing rows', total ?? 0);
      }
      bar.update(done);
    },
    done() {
      if (bar) bar.done();
      else if (io.interactive && validated > 0) io.err.write('\n');
    },
  };
}

function report(outcome: ImportOutcome, io: CliIO, unit: FoundUnit, file: string): number {
  if (outcome.ok) {
    io.out.write(`imported ${outcome.rows} rows from ${file} into ${unit.slug} (channel paper, import ${outcome.importId})\n`);
    return 0;
  }
  if (outcome.kind === 'duplicate') {
    const m = importMessages('en');
    const { previous } = outcome;
    io.err.write(`survei: ${fill(m.duplicate, { date: moment(previous.importedAt, unit.timeZone), who: previous.importedBy ?? m.commandLine, rows: previous.rows })} Add --force to import it again.\n`);
    return 2;
  }
  for (const problem of outcome.problems) io.err.write(`${problemLine(problem)}\n`);
  const more = outcome.totalProblems - outcome.problems.length;
  if (more > 0) io.err.write(`… and ${more} more problems\n`);
  io.err.write(`survei: nothing imported: ${outcome.totalProblems} problem${outcome.totalProblems === 1 ? '' : 's'} in ${file} (${outcome.rows} rows)\n`);
  return 2;
}

export const command: Command = {
  name: 'import',
  summary: 'import paper questionnaires (XLSX or CSV) into a unit, or write its template',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { unit: { type: 'string' }, instansi: { type: 'string' }, file: { type: 'string' }, force: { type: 'boolean' }, template: { type: 'string' }, out: { type: 'string' } },
      USAGE,
    );
    if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
    const slug = required(values.unit, '--unit', USAGE);
    const instansi = values.instansi?.trim() || undefined;

    if (values.template !== undefined) {
      const format = values.template;
      if (format !== 'csv' && format !== 'xlsx') throw new CliError(`--template must be csv or xlsx; usage: ${USAGE}`);
      const out = required(values.out, '--out', USAGE);
      checkWritable(out);
      const template = await withDatabase(async ({ database }) => importTemplate(database.db, (await unitBySlug(database.db, slug, instansi)).id, format));
      await writeOutput(out, template);
      io.out.write(`template written: ${out}\n`);
      return 0;
    }

    const file = required(values.file, '--file', USAGE);
    try {
      if (!(await stat(file)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    } catch (error) {
      throw new CliError(`${file}: cannot read the file (${describeFsError(error)})`);
    }
    return withDatabase(async ({ database }) => {
      const unit = await unitBySlug(database.db, slug, instansi);
      const shown = progress(io);
      const outcome = await importResponses(database.db, {
        unitId: unit.id,
        file: { path: file, name: file },
        force: values.force === true,
        by: { userId: null, address: null },
        onProgress: shown.update,
      });
      shown.done();
      return report(outcome, io, unit, file);
    });
  },
};
