/**
 * Scores a CSV of answers (e.g. a tabulation of paper forms): the header row lists item codes, each
 * following row is one respondent with values 1–4 or blank. Only answer counts are kept, so memory does
 * not grow with the file. Fields are separated by `,` or, as spreadsheets in the Indonesian locale
 * export, by `;` (see `detectDelimiter`).
 *
 * A responses export (responses-csv.ts) reads too: its other columns (id, kanal, tanggal, …, saran)
 * are skipped, and, since it holds every instrument the unit ran, so are the item codes of other
 * instruments. A plain answers file stays strict: a column that is not an item code is an error.
 */
import { CODE_PATTERN, type Instrument } from '../instruments/schema.ts';
import { computeScoreCard, type Histogram, type ScoreCard } from '../scoring/index.ts';
import { CsvError, type CsvHandler, type CsvSource, parseCsvStream, quoteText } from './csv.ts';
import { RESPONSE_METADATA_COLUMNS, RESPONSES_FILE_MARKER } from './responses-columns.ts';

/** A problem in the responses file. `row` is the CSV line number; `column` the item code (or header name). */
export class ScoreCsvError extends Error {
  constructor(
    message: string,
    readonly row: number | null,
    readonly column: string | null,
  ) {
    super(message);
    this.name = 'ScoreCsvError';
  }
}

/** An unsur of the instrument that no header column belongs to. */
export interface MissingUnsur {
  code: string;
  name: string;
}

export interface ScoredCsv {
  card: ScoreCard;
  /**
   * Unsur none of whose items has a column, in instrument order: the index is the mean of the other
   * unsur only. (An unsur with a column but no answers is data, not listed here.)
   */
  missingUnsur: MissingUnsur[];
  /** header columns skipped (a responses file's other columns), in file order; empty for a plain answers file */
  ignoredColumns: string[];
}

/**
 * The delimiter of a file from its header record (raw text, quotes kept): `;` when it has a `;` and no
 * `,` outside quotes, else `,`. Item codes contain neither, so the header alone decides reliably.
 */
export function detectDelimiter(header: string): ',' | ';' {
  let quoted = false;
  let semicolon = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 0x22) quoted = !quoted;
    else if (quoted) continue;
    else if (c === 0x2c) return ',';
    else if (c === 0x3b) semicolon = true;
  }
  return semicolon ? ';' : ',';
}

/** A, B, …, Z, AA, AB, … as spreadsheets name columns (1-based). */
export function columnLetter(column: number): string {
  let s = '';
  for (let c = column; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

export async function scoreCsv(source: CsvSource, instrument: Instrument): Promise<ScoredCsv> {
  const counter = new AnswerCounter(instrument);
  try {
    await parseCsvStream(source, counter, { delimiter: (header) => counter.useDelimiter(detectDelimiter(header)) });
  } catch (err) {
    if (err instanceof CsvError) {
      throw new ScoreCsvError(`row ${err.line}: ${err.message.replace(/^line \d+: /, '')}`, err.line, null);
    }
    throw err;
  }
  const card = computeScoreCard(instrument, counter.histograms(), counter.respondents);
  return { card, missingUnsur: counter.missingUnsur(), ignoredColumns: counter.ignoredColumns() };
}

/** Validates rows as they stream past and keeps only, per column, how many answers had each value. */
class AnswerCounter implements CsvHandler {
  private readonly itemCodes = new Set<string>();
  private columns: string[] | null = null;
  /** 1 for a column that is skipped (not an item of the instrument), per column */
  private ignored = new Uint8Array(0);
  private width = 0;
  // counts[column * 4 + value - 1]: one flat array, nothing allocated per row
  private counts = new Float64Array(0);
  /** values of the line being read by the fast path, 0 = blank */
  private scratch = new Uint8Array(0);
  private delimiter = ',';
  private delimiterCode = 0x2c;
  respondents = 0;

  constructor(private readonly instrument: Instrument) {
    for (const u of instrument.unsur) for (const item of u.items) this.itemCodes.add(item.code);
  }

  /** Set by the parser's delimiter choice, before any record arrives. */
  useDelimiter(delimiter: ',' | ';'): string {
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    return delimiter;
  }

  record(fields: string[], line: number): void {
    const columns = this.columns;
    if (columns === null) {
      if (!isBlankLine(fields)) this.header(fields, line);
      return;
    }
    const width = this.width;
    if (fields.length !== width) {
      if (isBlankLine(fields)) return;
      throw new ScoreCsvError(
        `row ${line}: has ${fields.length} ${fields.length === 1 ? 'field' : 'fields'}, the header has ${width}`,
        line,
        null,
      );
    }
    const counts = this.counts;
    const ignored = this.ignored;
    let answered = false;
    for (let i = 0; i < width; i++) {
      if (ignored[i] === 1) continue;
      const cell = fields[i] as string;
      // Fast path: a bare digit 1–4, the vast majority of cells.
      let v = cell.length === 1 ? cell.charCodeAt(0) - 48 : 0;
      if (v < 1 || v > 4) {
        const t = cell.trim();
        if (t.length === 0) continue;
        v = t.length === 1 ? t.charCodeAt(0) - 48 : 0;
        if (v < 1 || v > 4) {
          const column = columns[i] as string;
          // `column` passed the header check, so it is an item code: safe to print as is.
          throw new ScoreCsvError(`row ${line}, column ${column}: ${quoteText(cell)} is not a value 1–4`, line, column);
        }
      }
      const j = i * 4 + v - 1;
      counts[j] = counts[j]! + 1;
      answered = true;
    }
    if (answered) this.respondents++;
  }

  /**
   * The hot path: a quote-free line read straight from the decoded text, no strings made. A line is
   * first read into `scratch` and counted only once all of it is known good; anything unusual (a cell
   * that is not a bare digit 1–4 or empty, a wrong number of fields) goes through `record`, which holds
   * the one copy of the rules and error messages.
   */
  unquotedLine(text: string, start: number, end: number, line: number): void {
    const width = this.width;
    const values = this.scratch;
    const ignored = this.ignored;
    const dc = this.delimiterCode;
    if (this.columns === null) {
      this.record(text.slice(start, end).split(this.delimiter), line);
      return;
    }
    let column = 0;
    let i = start;
    for (;;) {
      if (column === width) return this.slowLine(text, start, end, line);
      if (ignored[column] === 1) {
        // a skipped column (an export's date, saran, another instrument's item): any text
        values[column++] = 0;
        const next = text.indexOf(this.delimiter, i);
        if (next === -1 || next >= end) break;
        i = next + 1;
        continue;
      }
      if (i === end) {
        values[column++] = 0;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === dc) {
        values[column++] = 0;
        i++;
        continue;
      }
      const v = c - 48;
      if (v < 1 || v > 4) return this.slowLine(text, start, end, line);
      values[column++] = v;
      if (i + 1 === end) break;
      if (text.charCodeAt(i + 1) !== dc) return this.slowLine(text, start, end, line);
      i += 2;
    }
    if (column !== width) return this.slowLine(text, start, end, line);
    const counts = this.counts;
    let answered = false;
    for (let k = 0; k < width; k++) {
      const v = values[k]!;
      if (v === 0) continue;
      const j = k * 4 + v - 1;
      counts[j] = counts[j]! + 1;
      answered = true;
    }
    if (answered) this.respondents++;
  }

  private slowLine(text: string, start: number, end: number, line: number): void {
    this.record(text.slice(start, end).split(this.delimiter), line);
  }

  histograms(): Map<string, Histogram> {
    const columns = this.columns;
    if (columns === null) {
      throw new ScoreCsvError('the file is empty: expected a header row of item codes, then one row per respondent', null, null);
    }
    if (this.respondents === 0) {
      throw new ScoreCsvError('no respondents: the file has a header but no row with an answer', null, null);
    }
    const c = this.counts;
    const out = new Map<string, Histogram>();
    columns.forEach((code, i) => {
      if (this.ignored[i] === 0) out.set(code, [c[i * 4]!, c[i * 4 + 1]!, c[i * 4 + 2]!, c[i * 4 + 3]!]);
    });
    return out;
  }

  /** Call after `histograms()`, which checks that there was a header. */
  ignoredColumns(): string[] {
    return (this.columns ?? []).filter((_, i) => this.ignored[i] === 1);
  }

  /** Call after `histograms()`, which checks that there was a header. */
  missingUnsur(): MissingUnsur[] {
    const present = new Set((this.columns ?? []).filter((_, i) => this.ignored[i] === 0));
    return this.instrument.unsur
      .filter((u) => !u.items.some((item) => present.has(item.code)))
      .map((u) => ({ code: u.code, name: u.name }));
  }

  private header(fields: string[], line: number): void {
    const seen = new Map<string, number>();
    const responsesFile = fields.some((raw) => raw.trim() === RESPONSES_FILE_MARKER);
    const ignored = new Uint8Array(fields.length);
    const columns = fields.map((raw, i) => {
      const name = raw.trim();
      const where = `column ${columnLetter(i + 1)} (${i + 1})`;
      if (name === '') {
        throw new ScoreCsvError(`header row (line ${line}), ${where} is empty: every column must be an item code`, line, where);
      }
      if (!this.itemCodes.has(name)) {
        // a responses file's own columns; in one, also the items of the other instruments the unit ran
        if (RESPONSE_METADATA_COLUMNS.has(name) || (responsesFile && CODE_PATTERN.test(name))) ignored[i] = 1;
        else {
          const also = responsesFile ? ' nor a column of a responses file' : '';
          throw new ScoreCsvError(
            `header row (line ${line}), ${where} ${quoteText(name)} is not an item code of instrument ${this.instrument.id}${also} (expected ${describeCodes(this.itemCodes)})`,
            line,
            name,
          );
        }
      }
      const first = seen.get(name);
      if (first !== undefined) {
        throw new ScoreCsvError(
          `header row (line ${line}), ${where} ${quoteText(name)} repeats column ${columnLetter(first + 1)} (${first + 1})`,
          line,
          name,
        );
      }
      seen.set(name, i);
      return name;
    });
    this.columns = columns;
    this.ignored = ignored;
    this.width = columns.length;
    this.counts = new Float64Array(columns.length * 4);
    this.scratch = new Uint8Array(columns.length);
  }
}

/** An empty line, or one made only of spaces: not a respondent. */
function isBlankLine(fields: string[]): boolean {
  return fields.length === 1 && (fields[0] as string).trim() === '';
}

function describeCodes(codes: Set<string>): string {
  const list = [...codes];
  return list.length <= 12 ? list.join(', ') : `${list.slice(0, 12).join(', ')}, …`;
}
