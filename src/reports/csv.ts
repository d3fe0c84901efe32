/**
 * Streaming RFC 4180 CSV reader for large files (paper-form tabulations, exports from spreadsheets).
 *
 * - Fields are separated by the delimiter (`,` by default; `;` for spreadsheets in the Indonesian locale)
 *   and records by LF or CRLF. A UTF-8 byte-order mark is dropped; the last record needs no newline.
 * - A field enclosed in double quotes may contain delimiters, line breaks and doubled quotes (`""` → `"`).
 *   A quote anywhere else, or text after a closing quote, is an error naming the line.
 * - Each record carries the 1-based line number where it starts (quoted line breaks make records span
 *   lines). An empty line is a record with one empty field; callers decide whether to skip it.
 *
 * Speed: lines without a quote take a fast path (one indexOf for the line end, one split); only records
 * that contain a quote go through the character state machine, which keeps its state across chunks so
 * a long quoted field is never rescanned.
 */

export interface CsvRecord {
  /** 1-based line number where the record starts */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  /** one character; default `,` */
  delimiter?: string;
  /** longest record accepted, in characters; default 1,000,000 */
  maxRecordLength?: number;
}

export class CsvError extends Error {
  constructor(
    message: string,
    /** 1-based line number of the problem */
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'CsvError';
  }
}

export type CsvRecordHandler = (fields: string[], line: number) => void;

/**
 * Receives records. `unquotedLine`, when given, is the zero-allocation fast path: a record without any
 * quote arrives as `text` from `start` to `end` (line break excluded), and its fields are exactly the
 * delimiter-separated pieces of that span. Records with quotes always arrive through `record`.
 */
export interface CsvHandler {
  record: CsvRecordHandler;
  unquotedLine?: (text: string, start: number, end: number, line: number) => void;
}

/** A plain record callback, or a handler object with the optional fast path. */
export type CsvSink = CsvRecordHandler | CsvHandler;

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// States of the quoted-record machine.
const FIELD = 0; // inside an unquoted field (or at the start of any field)
const QUOTED = 1; // inside a quoted field
const AFTER_QUOTE = 2; // just read a quote inside a quoted field: `""` escape or the closing quote
const AFTER_QUOTE_CR = 3; // closing quote then CR: only LF may follow

/** Push-style parser: feed decoded text with `push`, then call `finish` once. */
export class CsvParser {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly maxRecordLength: number;
  /** unconsumed text that starts at a record boundary (an incomplete line) */
  private carry = '';
  /** physical line number of the next character */
  private line = 1;
  private started = false;
  private finished = false;
  // quoted-record machine state; `inRecord` is true while a record that contains a quote is open
  private inRecord = false;
  private fields: string[] = [];
  private field = '';
  private state = FIELD;
  private recordLine = 0;
  private quoteLine = 0;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(`CSV delimiter must be one character other than a quote or line break`);
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.maxRecordLength = options.maxRecordLength ?? 1_000_000;
  }

  push(text: string, handler: CsvSink): void {
    if (this.finished) throw new Error('CsvParser.push after finish');
    if (!this.started) {
      if (text.length === 0) return;
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const data = this.carry.length > 0 ? this.carry + text : text;
    this.carry = '';
    // Bound once per chunk so handler objects keep their `this`.
    const emit = typeof handler === 'function' ? handler : handler.record.bind(handler);
    let pos = 0;
    if (this.inRecord) {
      pos = this.machine(data, 0, emit);
      if (pos < 0) return;
    }
    this.scan(data, pos, emit, typeof handler === 'function' ? undefined : handler.unquotedLine?.bind(handler));
  }

  /** Ends the input: emits a last record without newline; an unclosed quoted field is an error. */
  finish(handler: CsvSink): void {
    if (this.finished) return;
    // A final record without line break parses exactly as if it had one.
    if (this.inRecord || this.carry.length > 0) this.push('\n', handler);
    this.finished = true;
    if (this.inRecord) throw new CsvError('a quoted field opened here is never closed', this.quoteLine);
  }

  private scan(
    data: string,
    start: number,
    emit: CsvRecordHandler,
    unquotedLine: CsvHandler['unquotedLine'],
  ): void {
    const n = data.length;
    const delimiter = this.delimiter;
    let pos = start;
    let q = data.indexOf('"', pos);
    if (q === -1) q = n;
    while (pos < n) {
      const nl = data.indexOf('\n', pos);
      if (q < (nl === -1 ? n : nl)) {
        // This record contains a quote: hand it to the state machine.
        this.inRecord = true;
        this.recordLine = this.line;
        this.fields = [];
        this.field = '';
        this.state = FIELD;
        pos = this.machine(data, pos, emit);
        if (pos < 0) return;
        q = data.indexOf('"', pos);
        if (q === -1) q = n;
        continue;
      }
      if (nl === -1) break;
      const end = nl > pos && data.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      if (unquotedLine === undefined) emit(data.slice(pos, end).split(delimiter), this.line);
      else unquotedLine(data, pos, end, this.line);
      this.line++;
      pos = nl + 1;
    }
    if (pos < n) {
      this.carry = data.slice(pos);
      this.checkLength(this.carry.length, this.line);
    }
  }

  // Bounds memory: one runaway field (a missing closing quote in a big file) must not swallow the file.
  private checkLength(length: number, line: number): void {
    if (length > this.maxRecordLength) {
      throw new CsvError(
        `a record longer than ${this.maxRecordLength} characters starts here; is a closing quote missing?`,
        line,
      );
    }
  }

  /**
   * Runs the quoted-record machine from `i`. Returns the position after the record's line break once
   * the record is emitted, or -1 when the data ran out first (the state is kept for the next chunk).
   */
  private machine(data: string, i: number, emit: CsvRecordHandler): number {
    const n = data.length;
    const dc = this.delimiterCode;
    while (i < n) {
      switch (this.state) {
        case FIELD: {
          if (this.field.length === 0 && data.charCodeAt(i) === QUOTE) {
            this.state = QUOTED;
            this.quoteLine = this.line;
            i++;
            break;
          }
          const from = i;
          let c = 0;
          for (; i < n; i++) {
            c = data.charCodeAt(i);
            if (c === dc || c === LF || c === QUOTE) break;
          }
          if (i >= n) {
            this.field += data.slice(from, n);
            this.checkLength(this.field.length, this.recordLine);
            return -1;
          }
          if (c === dc) {
            this.fields.push(this.field + data.slice(from, i));
            this.field = '';
            i++;
          } else if (c === LF) {
            let value = this.field + data.slice(from, i);
            if (value.charCodeAt(value.length - 1) === CR) value = value.slice(0, -1);
            this.fields.push(value);
            return this.endRecord(i + 1, emit);
          } else {
            throw new CsvError(
              'a quote inside an unquoted field; enclose the whole field in quotes and double the quote ("")',
              this.line,
            );
          }
          break;
        }
        case QUOTED: {
          const close = data.indexOf('"', i);
          const stop = close === -1 ? n : close;
          for (let nl = data.indexOf('\n', i); nl !== -1 && nl < stop; nl = data.indexOf('\n', nl + 1)) this.line++;
          this.field += data.slice(i, stop);
          if (close === -1) {
            this.checkLength(this.field.length, this.quoteLine);
            return -1;
          }
          this.state = AFTER_QUOTE;
          i = close + 1;
          break;
        }
        case AFTER_QUOTE: {
          const c = data.charCodeAt(i);
          if (c === QUOTE) {
            this.field += '"';
            this.state = QUOTED;
            i++;
          } else if (c === dc) {
            this.fields.push(this.field);
            this.field = '';
            this.state = FIELD;
            i++;
          } else if (c === LF) {
            this.fields.push(this.field);
            return this.endRecord(i + 1, emit);
          } else if (c === CR) {
            this.state = AFTER_QUOTE_CR;
            i++;
          } else {
            throw new CsvError(`unexpected ${JSON.stringify(data[i])} after a closing quote`, this.line);
          }
          break;
        }
        default: {
          // AFTER_QUOTE_CR
          if (data.charCodeAt(i) !== LF) {
            throw new CsvError('a carriage return after a closing quote must be followed by a line feed', this.line);
          }
          this.fields.push(this.field);
          return this.endRecord(i + 1, emit);
        }
      }
    }
    return -1;
  }

  private endRecord(next: number, emit: CsvRecordHandler): number {
    const fields = this.fields;
    this.fields = [];
    this.field = '';
    this.state = FIELD;
    this.inRecord = false;
    this.line++;
    emit(fields, this.recordLine);
    return next;
  }
}

export type CsvSource = AsyncIterable<string | Uint8Array>;

/**
 * Feeds a byte or text stream (e.g. a Node Readable) through the parser, calling `onRecord` for each
 * record. The fastest way to consume a large file: no object per record, nothing retained.
 */
export async function parseCsvStream(source: CsvSource, onRecord: CsvSink, options?: CsvOptions): Promise<void> {
  const parser = new CsvParser(options);
  // Fatal would turn one stray byte into a failure with no line number; U+FFFD keeps the line countable
  // and callers that validate values reject it there, with the line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of source) {
    parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), onRecord);
  }
  const tail = decoder.decode();
  if (tail.length > 0) parser.push(tail, onRecord);
  parser.finish(onRecord);
}

/** Records grouped per input chunk: one await per chunk instead of one per record. */
export async function* readCsvBatches(source: CsvSource, options?: CsvOptions): AsyncGenerator<CsvRecord[], void, undefined> {
  const parser = new CsvParser(options);
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let batch: CsvRecord[] = [];
  const collect: CsvRecordHandler = (fields, line) => {
    batch.push({ line, fields });
  };
  const flush = (): CsvRecord[] => {
    const out = batch;
    batch = [];
    return out;
  };
  for await (const chunk of source) {
    parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), collect);
    if (batch.length > 0) yield flush();
  }
  const tail = decoder.decode();
  if (tail.length > 0) parser.push(tail, collect);
  parser.finish(collect);
  if (batch.length > 0) yield flush();
}

/** One record at a time, for callers that prefer `for await (const { line, fields } of readCsv(stream))`. */
export async function* readCsv(source: CsvSource, options?: CsvOptions): AsyncGenerator<CsvRecord, void, undefined> {
  for await (const batch of readCsvBatches(source, options)) yield* batch;
}
