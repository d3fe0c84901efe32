import { type FileHandle, open } from 'node:fs/promises';
import { resolveInstrument } from '../instruments/builtin.ts';
import { type Instrument, InstrumentError } from '../instruments/schema.ts';
import { type MissingUnsur, ScoreCsvError, type ScoredCsv, scoreCsv } from '../reports/score-csv.ts';
import {
  roundTo,
  type ScoreCard,
  thresholdWithinMargin,
  type ZiThresholdResult,
  ziWorksheetValue,
} from '../scoring/index.ts';
import { parseOptions, required } from './args.ts';
import { CliError, type Command } from './command.ts';
import { describeFsError } from '../fs-error.ts';

const USAGE = 'survei score --instrument <skm|ipak|ipkp|file.json> --responses <file.csv> [--json]';

const HELP = `Usage: ${USAGE}

Computes the index (IKM / IPAK / IPKP), per-unsur NRR, konversi and mutu from a CSV of answers,
for example the tabulation of paper forms. Nothing is stored.

Options:
  --instrument <name|file>  skm, ipak, ipkp (built-in), or a custom instrument JSON file
  --responses <file.csv>    the answers (see below)
  --json                    print the ScoreCard as JSON instead of a table

The CSV (RFC 4180, UTF-8, comma- or semicolon-separated):
  - fields are separated by ";" when the first row has ";" and no "," outside quotes (as
    spreadsheets in the Indonesian locale export CSV), otherwise by ","
  - first row: item codes of the instrument (U1…U9 for skm, A1…A5 for ipak, P1…P7, P8a, P8b,
    P9a, P9b for ipkp), in any order; every column must be an item code, each at most once;
    items without a column simply have no answers (a warning on stderr names each unsur left
    without any column, since the index is then the mean of fewer unsur)
  - then one row per respondent: 1, 2, 3 or 4, or empty for no answer
  - empty lines, and rows with no answer at all, are not counted as respondents

A responses export (survei report --format csv, or the CSV download in the workspace) and a
filled import template read as they are: the columns id, kanal, tanggal, jam, loket, layanan,
jenis_kelamin, usia, pendidikan, pekerjaan, disabilitas and saran are skipped, and, when the
header has a "tanggal" column, so are the item codes of the other instruments in the file (a
note on stderr lists every skipped column). The export gives exactly the unit's ScoreCard:
  $ survei score --instrument ipak --responses dinkes-2026-Q3.csv

Example:
  $ cat skm.csv
  U1,U2,U3,U4,U5,U6,U7,U8,U9
  3,3,4,4,3,3,4,3,3
  4,3,,4,3,4,4,2,3
  $ survei score --instrument skm --responses skm.csv

Numbers in the table use the decimal comma (78,89); --json prints plain numbers.
The 95% interval is a conservative bound (it holds whatever the correlation between items).

Exit codes: 0 scored, 2 bad input or usage (the message names file, row and column), 1 other failure.
`;

interface Options {
  instrument: string;
  responses: string;
  json: boolean;
}

export const command: Command = {
  name: 'score',
  summary: 'compute IKM / IPAK / IPKP from a CSV of answers',
  help: HELP,
  async run(args, io) {
    const options = readOptions(args);
    const instrument = await loadInstrument(options.instrument);
    const { card, missingUnsur, ignoredColumns } = await scoreFile(options.responses, instrument);
    // Everything is computed before the first byte is written: a failure never leaves half a table.
    // The warning goes to stderr so stdout stays exactly the table or the JSON.
    if (ignoredColumns.length > 0) io.err.write(`survei: note: skipped columns that are not items of ${instrument.id}: ${ignoredColumns.join(', ')}\n`);
    if (missingUnsur.length > 0) io.err.write(`survei: warning: ${describeMissing(missingUnsur, card)}\n`);
    io.out.write(options.json ? `${JSON.stringify(card, null, 2)}\n` : renderTable(card, instrument));
    return 0;
  },
};

function readOptions(args: string[]): Options {
  const { values, positionals } = parseOptions(
    args,
    { instrument: { type: 'string' }, responses: { type: 'string' }, json: { type: 'boolean' } },
    USAGE,
  );
  if (positionals.length > 0) throw new CliError(`unexpected argument "${positionals[0]}"; usage: ${USAGE}`);
  return {
    instrument: required(values.instrument, '--instrument', USAGE),
    responses: required(values.responses, '--responses', USAGE),
    json: values.json === true,
  };
}

async function loadInstrument(nameOrPath: string): Promise<Instrument> {
  try {
    return await resolveInstrument(nameOrPath);
  } catch (err) {
    if (err instanceof InstrumentError) throw new CliError(err.message);
    throw err;
  }
}

/** e.g. `no column for unsur U9 (Sarana dan Prasarana): the index is the mean of 8 of 9 unsur` */
function describeMissing(missing: readonly MissingUnsur[], card: ScoreCard): string {
  const list = missing.map((u) => `${u.code} (${u.name})`).join(', ');
  const scored = card.unsur.filter((u) => u.nrr !== null).length;
  return `no column for unsur ${list}: the index is the mean of ${scored} of ${card.unsur.length} unsur`;
}

async function scoreFile(path: string, instrument: Instrument): Promise<ScoredCsv> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new CliError(`${path}: cannot read the responses file (${describeFsError(err)})`);
  }
  try {
    if (!(await handle.stat()).isFile()) throw new CliError(`${path}: cannot read the responses file (not a file)`);
    // The stream closes the handle when it ends or is destroyed by an error.
    const stream = handle.createReadStream({ highWaterMark: 64 * 1024 });
    handle = undefined;
    return await scoreCsv(stream, instrument);
  } catch (err) {
    if (err instanceof ScoreCsvError) throw new CliError(`${path}: ${err.message}`);
    if (err instanceof CliError) throw err;
    if (typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string') {
      throw new CliError(`${path}: cannot read the responses file (${describeFsError(err)})`);
    }
    throw err;
  } finally {
    await handle?.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The table. Indonesian decimal comma throughout, as in the reports the Tim Survei reads.

function num(value: number | null, decimals: number): string {
  return value === null ? '–' : roundTo(value, decimals).toFixed(decimals).replace('.', ',');
}

const INDEX_LABEL: Record<ScoreCard['kind'], string> = { ikm: 'IKM', ipak: 'IPAK', ipkp: 'IPKP' };

export function renderTable(card: ScoreCard, instrument: Instrument): string {
  const header = ['Unsur', 'Nama', 'Jawaban', 'NRR', 'Konversi', 'Mutu'];
  const rightAligned = [false, false, true, true, true, false];
  const rows = card.unsur.map((u) => [
    u.code,
    u.name,
    String(u.answers),
    num(u.nrr, 4),
    num(u.konversi, 2),
    u.mutu ?? '–',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (rightAligned[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();

  const label = INDEX_LABEL[card.kind];
  const summary: [string, string][] = [
    ['Responden', String(card.respondents)],
    [`${label} (skala 1–4)`, num(card.index, 4)],
    [`${label} konversi`, num(card.konversi, 2)],
    ['Mutu pelayanan', card.mutu ?? '–'],
    ['Kinerja unit', card.kinerja ?? '–'],
    [
      'Interval 95%',
      card.ci95 === null
        ? '–'
        : `${num(card.ci95[0], 4)} – ${num(card.ci95[1], 4)} (konversi ${num(card.ci95[0] * 25, 2)} – ${num(card.ci95[1] * 25, 2)})`,
    ],
  ];
  if (card.zi) {
    summary.push(['Nilai lembar kerja ZI', `${num(card.zi.worksheetValue, 2)} (indeks ÷ 4 × 17,5)`]);
    summary.push(['Menuju WBK', verdict(card.zi.wbk, card.ci95)]);
    summary.push(['Menuju WBBM', verdict(card.zi.wbbm, card.ci95)]);
  } else if (card.zi === null) {
    summary.push(['Nilai lembar kerja ZI', '– (tidak ada jawaban)']);
  }
  const labelWidth = Math.max(...summary.map(([l]) => l.length));

  return [
    `${instrument.name} — instrumen ${instrument.id}`,
    '',
    line(header),
    ...rows.map(line),
    '',
    ...summary.map(([l, v]) => `${l.padEnd(labelWidth)}  ${v}`),
    '',
  ].join('\n');
}

function verdict(t: ZiThresholdResult, ci95: ScoreCard['ci95']): string {
  const threshold = `ambang indeks ${num(t.threshold, 2)} = nilai ${num(ziWorksheetValue(t.threshold), 2)}`;
  if (!thresholdWithinMargin(ci95, t.threshold)) return `${t.met ? 'memenuhi' : 'belum memenuhi'} (${threshold})`;
  return t.met
    ? `memenuhi (${threshold}), tetapi hanya dalam margin of error: ambang ada di dalam interval 95%`
    : `belum memenuhi (${threshold}), tetapi selisihnya masih dalam margin of error: ambang ada di dalam interval 95%`;
}
