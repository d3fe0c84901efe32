// Reading an import file as rows of cells, whatever it is: CSV (UTF-8 with or without BOM, UTF-16
// with BOM; `,` or `;`) or XLSX (first worksheet). The format comes from the bytes (an XLSX is a zip),
// not from the name the user gave. Rows arrive in batches from an async generator, so the caller can
// await a database write between batches and memory holds one batch, never the file.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { CsvError, CsvParser } from '../csv.ts';
import { detectDelimiter } from '../score-csv.ts';
import { archiveProblem } from './archive.ts';
import { GUIDE_SHEET } from './columns.ts';
import type { ImportProblem } from './problems.ts';

/** A cell as read: CSV gives text; XLSX also numbers, dates and booleans. null: empty. */
export type CellValue = string | number | Date | boolean | null;

export interface SourceRow {
  /** the row number the user sees (header = 1 in the template) */
  number: number;
  /** 0-based cells */
  cells: CellValue[];
}

export type FileFormat = 'csv' | 'xlsx';

/** The file cannot be read as rows at all: one problem for the whole file. */
export class FileProblem extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.reason);
    this.name = 'FileProblem';
  }
}

const CHUNK = 64 * 1024;
const XLSX_BATCH = 500;

export async function fileHash(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** XLSX when the bytes are a zip; the old binary .xls and an .xlsx name on other bytes are refused. */
export async function detectFormat(path: string, name: string): Promise<FileFormat> {
  const handle = await open(path, 'r');
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
    throw new FileProblem({ row: null, column: null, reason: 'xls_format' });
  }
  if (/\.xls[xm]?$/i.test(name)) throw new FileProblem({ row: null, column: null, reason: 'unreadable_xlsx', detail: 'not a zip archive' });
  return 'csv';
}

export function readRows(path: string, format: FileFormat): AsyncGenerator<SourceRow[]> {
  return format === 'xlsx' ? xlsxRows(path) : csvRows(path);
}

/** The text decoder the first bytes call for; a UTF-16 file without its BOM cannot be told apart safely. */
function decoderFor(first: Uint8Array): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder('utf-16le');
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder('utf-16be');
  if (first.subarray(0, 1024).includes(0)) throw new FileProblem({ row: null, column: null, reason: 'encoding' });
  // invalid bytes become U+FFFD, found below with their row
  return new TextDecoder('utf-8', { ignoreBOM: true });
}

async function* csvRows(path: string): AsyncGenerator<SourceRow[]> {
  const parser = new CsvParser({ delimiter: detectDelimiter });
  let decoder: TextDecoder | null = null;
  let number = 0;
  let batch: SourceRow[] = [];
  const handler = {
    record(fields: string[]) {
      number += 1;
      // Windows-1252 and other legacy bytes decode to U+FFFD, UTF-16 without its BOM to NULs: the whole
      // file is in the wrong encoding (and PostgreSQL cannot store a NUL in text)
      if (fields.some((f) => f.includes('\uFFFD') || f.includes('\u0000'))) throw new FileProblem({ row: number, column: null, reason: 'encoding' });
      batch.push({ number, cells: fields });
    },
  };
  const feed = (text: string, end: boolean) => {
    try {
      if (text.length > 0) parser.push(text, handler);
      if (end) parser.finish(handler);
    } catch (error) {
      if (error instanceof CsvError) {
        throw new FileProblem({ row: number + 1, column: null, reason: 'csv_syntax', detail: error.message.replace(/^line \d+: /, '') });
      }
      throw error;
    }
  };
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    const bytes = chunk as Buffer;
    decoder ??= decoderFor(bytes);
    feed(decoder.decode(bytes, { stream: true }), false);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  feed(decoder?.decode() ?? '', true);
  if (batch.length > 0) yield batch;
}

type ExcelValue = ExcelJS.CellValue | undefined;

/** One cell as plain data: rich text joined, a formula's cached result, an error as its text. */
export function plainCell(value: ExcelValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('error' in value) return value.error;
  if ('formula' in value || 'sharedFormula' in value) {
    // a formula saved without its value (never calculated) is shown to the user as the formula
    return value.result === undefined ? `=${'formula' in value ? value.formula : value.sharedFormula}` : plainCell(value.result as ExcelValue);
  }
  if ('text' in value) return value.text;
  return null;
}

// exceljs' streaming reader now and then meets a worksheet before it has parsed workbook.xml, and
// fails reading the sheet names ("reading 'sheets'") on a sound file: about once in 200 reads here.
const SHEET_NAMES_RACE = /reading 'sheets'/;
const XLSX_ATTEMPTS = 3;

async function* xlsxRows(path: string): AsyncGenerator<SourceRow[]> {
  for (let attempt = 1; ; attempt++) {
    let yielded = false;
    try {
      for await (const batch of xlsxRowsOnce(path)) {
        yielded = true;
        yield batch;
      }
      return;
    } catch (error) {
      // nothing was handed on yet, so reading the file again from the start is safe
      const race = error instanceof FileProblem && SHEET_NAMES_RACE.test(String(error.problem.detail ?? ''));
      if (!race || yielded || attempt >= XLSX_ATTEMPTS) throw error;
    }
  }
}

/** A damaged archive is refused before exceljs' reader meets it: that reader can wait forever on one. */
async function checkArchive(path: string): Promise<void> {
  const detail = await archiveProblem(path);
  if (detail) throw new FileProblem({ row: null, column: null, reason: 'unreadable_xlsx', detail });
}

async function* xlsxRowsOnce(path: string): AsyncGenerator<SourceRow[]> {
  await checkArchive(path);
  const stream = createReadStream(path, { highWaterMark: CHUNK });
  // styles are needed to know which numbers are dates
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(stream, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  try {
    for await (const worksheet of reader) {
      // the template's guide sheet is skipped wherever it was moved; the first other sheet is the data
      const guide = (worksheet as { name?: string }).name?.trim().toLowerCase() === GUIDE_SHEET.toLowerCase();
      let batch: SourceRow[] = [];
      for await (const row of worksheet) {
        if (guide) continue;
        const values = row.values as ExcelValue[];
        const cells: CellValue[] = [];
        for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]));
        batch.push({ number: row.number, cells });
        if (batch.length >= XLSX_BATCH) {
          yield batch;
          batch = [];
        }
      }
      if (guide) continue;
      if (batch.length > 0) yield batch;
      return;
    }
  } catch (error) {
    if (error instanceof FileProblem) throw error;
    throw new FileProblem({ row: null, column: null, reason: 'unreadable_xlsx', detail: error instanceof Error ? error.message : String(error) });
  } finally {
    stream.destroy();
  }
}
