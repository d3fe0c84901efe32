/**
 * Streaming RFC 4180 CSV reader for large files (paper-form tabulations, exports from spreadsheets).
 *
 * - Fields are separated by the delimiter (`,` by default; `;` for spreadsheets in the Indonesian locale,
 *   given or chosen from the first record) and records by LF or CRLF. A UTF-8 byte-order mark is
 *   dropped; the last record needs no newline.
 * - A field enclosed in double quotes may contain delimiters, line breaks and doubled quotes (`""` → `"`).
 *   A quote anywhere else, or text after a closing quote, is an error naming the line.
 * - Each record carries the 1-based line number where it starts (quoted line breaks make records span
 *   lines). An empty line is a record with one empty field; callers decide whether to skip it.
 *
 * Speed: lines without a quote take a fast path (one indexOf for the line end, one split); only records
 * that contain a quote go through the character state machine, which keeps its state across chunks so
 * a long quoted field is never rescanned.
 */

export interface CsvOptions {
  /**
   * One character (default `,`), or a function that chooses it from the raw text of the first record
   * that is not blank (quotes kept, line break excluded); nothing is emitted before it has chosen. It is
   * not called when the input has no such record.
   */
  delimiter?: string | ((firstRecord: string) => string);
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

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

// States of the quoted-record machine.
const FIELD = 0; // inside an unquoted field (or at the start of any field)
const QUOTED = 1; // inside a quoted field
const AFTER_QUOTE = 2; // just read a quote inside a quoted field: `""` escape or the closing quote
const AFTER_QUOTE_CR = 3; // closing quote then CR: only LF may follow

/**
 * `text` in double quotes with control characters escaped, for messages that echo file content: a stray
 * CR or escape sequence must not garble the terminal. JSON.stringify escapes C0; DEL, C1, the Unicode
 * line separators and bidi controls are escaped here too.
 */
export function quoteText(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Push-style parser: feed decoded text with `push`, then call `finish` once. */
export class CsvParser {
  private delimiter = ',';
  private delimiterCode = 0x2c;
  private readonly maxRecordLength: number;
  /** set while the delimiter is still to be chosen from the first non-blank record */
  private choose: ((firstRecord: string) => string) | null = null;
  // Scan state of the pending choice over `carry`, so a header split across chunks is read once.
  private choosePos = 0;
  private chooseQuoted = false;
  private chooseRecordStart = 0;
  private chooseBlankLines = 0;
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
    if (typeof delimiter === 'function') this.choose = delimiter;
    else this.setDelimiter(delimiter);
    this.maxRecordLength = options.maxRecordLength ?? 1_000_000;
  }

  private setDelimiter(delimiter: string): void {
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new RangeError(`CSV delimiter must be one character other than a quote or line break`);
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
  }

  push(text: string, handler: CsvHandler): void {
    if (this.finished) throw new Error('CsvParser.push after finish');
    if (!this.started) {
      if (text.length === 0) return;
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    const data = this.carry.length > 0 ? this.carry + text : text;
    this.carry = '';
    if (this.choose !== null && !this.chooseDelimiter(data, false)) {
      this.carry = data;
      this.checkLength(data.length - this.chooseRecordStart, 1 + this.chooseBlankLines);
      return;
    }
    // Bound once per chunk so handler objects keep their `this`.
    const emit = handler.record.bind(handler);
    let pos = 0;
    if (this.inRecord) {
      pos = this.machine(data, 0, emit);
      if (pos < 0) return;
    }
    this.scan(data, pos, emit, handler.unquotedLine?.bind(handler));
  }

  /**
   * Looks in the unconsumed text for the end of the first non-blank record (a line feed outside quotes)
   * and lets `choose` pick the delimiter from it. At the end of input, what remains is that record.
   * Returns false when more text is needed.
   */
  private chooseDelimiter(data: string, atEnd: boolean): boolean {
    const choose = this.choose!;
    let quoted = this.chooseQuoted;
    for (let i = this.choosePos; i < data.length; i++) {
      const c = data.charCodeAt(i);
      // `""` toggles twice, so a plain toggle tracks RFC 4180 quoting well enough to find the record end.
      if (c === QUOTE) quoted = !quoted;
      else if (c === LF && !quoted) {
        const record = data.slice(this.chooseRecordStart, i);
        if (record.trim() !== '') {
          this.choose = null;
          this.setDelimiter(choose(record.endsWith('\r') ? record.slice(0, -1) : record));
          return true;
        }
        this.chooseRecordStart = i + 1;
        this.chooseBlankLines++;
      }
    }
    if (!atEnd) {
      this.choosePos = data.length;
      this.chooseQuoted = quoted;
      return false;
    }
    this.choose = null;
    const rest = data.slice(this.chooseRecordStart);
    if (rest.trim() !== '') this.setDelimiter(choose(rest));
    return true;
  }

  /** Ends the input: emits a last record without newline; an unclosed quoted field is an error. */
  finish(handler: CsvHandler): void {
    if (this.finished) return;
    if (this.choose !== null) {
      this.chooseDelimiter(this.carry, true);
      // `carry` may hold whole lines read ahead for the choice: parse them, keeping an incomplete last one.
      const ahead = this.carry;
      this.carry = '';
      if (ahead.length > 0) this.push(ahead, handler);
    }
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
            throw new CsvError(`unexpected ${quoteText(data[i]!)} after a closing quote`, this.line);
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
 * Feeds a byte or text stream (e.g. a Node Readable) through the parser, calling `handler` for each
 * record. No object per record, nothing retained.
 */
export async function parseCsvStream(source: CsvSource, handler: CsvHandler, options?: CsvOptions): Promise<void> {
  const parser = new CsvParser(options);
  // Fatal would turn one stray byte into a failure with no line number; U+FFFD keeps the line countable
  // and callers that validate values reject it there, with the line.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  for await (const chunk of source) {
    parser.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), handler);
  }
  const tail = decoder.decode();
  if (tail.length > 0) parser.push(tail, handler);
  parser.finish(handler);
}
