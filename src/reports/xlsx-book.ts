// The XLSX reports' common ground: exceljs' streaming writer (rows go to the zip as they are
// committed, so a sheet of 100,000 respondents never sits in memory), the number formats the
// Tim Survei reads, and a row writer that styles and commits in one call.
import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { neutraliseFormula } from './csv-write.ts';

export type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;
export type Sheet = ExcelJS.Worksheet;

/** Display formats; the cached values keep full precision, only the display rounds. */
export const FMT = {
  count: '#,##0',
  /** NRR, weights and indices on the 1–4 scale (INDEX_DECIMALS) */
  index: '0.0000',
  /** konversi and the ZI worksheet value (KONVERSI_DECIMALS) */
  konversi: '0.00',
  share: '0.0%',
  /** "21 November 2026": [$-421] asks for Indonesian month names whatever the reader's language */
  date: '[$-421]d mmmm yyyy',
} as const;

export interface CellSpec {
  value: ExcelJS.CellValue;
  numFmt?: string;
  bold?: boolean;
  /** long text (a saran) wraps inside the column */
  wrap?: boolean;
}

export type Cell = CellSpec | ExcelJS.CellValue;

/** A formula with the value it computes, so a reader that does not recalculate still shows our number. */
export function formula(text: string, result: number | string): ExcelJS.CellFormulaValue {
  return { formula: text, result };
}

/** Text someone typed (names, saran), made inert for spreadsheets. */
export function userText(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : neutraliseFormula(text);
}

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE7ECF3' } };

/** One streaming workbook into `sink`; its `commit()` ends the sink. */
export function openWorkbook(sink: NodeJS.WritableStream): Workbook {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink as unknown as Stream, useSharedStrings: true, useStyles: true });
  workbook.creator = 'survei';
  // exceljs stamps the file with an Excel 2016 calcId, so a newer Excel recalculates every formula on
  // opening; readers that do not (previews, LibreOffice by default) show the cached values
  return workbook;
}

/**
 * Puts the sheets in the order the reader should meet them. The streaming writer lists sheets in the
 * order they were added, and a sheet added while another streams waits in memory until that one is
 * zipped; so the big sheet is added first and the tabs are put in order here, before the commit
 * (exceljs has no public way to order the sheets of a streaming workbook).
 */
export function orderSheets(workbook: Workbook, names: readonly string[]): void {
  const internal = workbook as unknown as { _worksheets: (Sheet | undefined)[] };
  const sheets = internal._worksheets.filter((s): s is Sheet => s !== undefined);
  const rank = (sheet: Sheet) => (names.includes(sheet.name) ? names.indexOf(sheet.name) : names.length);
  internal._worksheets = sheets.sort((a, b) => rank(a) - rank(b));
}

/** A sheet with its column widths (characters), its first rows and columns frozen when given. */
export function addSheet(workbook: Workbook, name: string, widths: readonly number[], frozen: { rows?: number; columns?: number } = {}): Sheet {
  const { rows = 0, columns = 0 } = frozen;
  const sheet = workbook.addWorksheet(name, {
    views: rows + columns > 0 ? [{ state: 'frozen', ySplit: rows, xSplit: columns }] : [],
    // printed on A4 landscape, as wide as the page, as many pages long as it takes
    pageSetup: { paperSize: 9, orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: rows > 0 ? `1:${rows}` : undefined },
  });
  sheet.columns = widths.map((width) => ({ width }));
  return sheet;
}

export interface RowOptions {
  bold?: boolean;
  /** the shaded look of a table's header row */
  header?: boolean;
  /** row height in points (a header row gets room for two lines unless given) */
  height?: number;
  /** merge columns [from, to] (1-based) into one cell, e.g. a label across the descriptive columns */
  merge?: [number, number];
}

/** Writes and commits the next row of the sheet; returns its number. */
export function writeRow(sheet: Sheet, cells: readonly Cell[], options: RowOptions = {}): number {
  const row = sheet.addRow(cells.map((c) => (isSpec(c) ? c.value : c)));
  cells.forEach((c, i) => {
    const cell = row.getCell(i + 1);
    if (isSpec(c)) {
      if (c.numFmt) cell.numFmt = c.numFmt;
      if (c.bold) cell.font = { bold: true };
      if (c.wrap) cell.alignment = { vertical: 'top', wrapText: true };
    }
    if (options.bold || options.header) cell.font = { bold: true };
    if (options.header) {
      cell.fill = HEADER_FILL;
      cell.alignment = { vertical: 'middle', wrapText: true };
    }
  });
  if (options.height || options.header) row.height = options.height ?? 30;
  if (options.merge) sheet.mergeCells(row.number, options.merge[0], row.number, options.merge[1]);
  row.commit();
  return row.number;
}

// no exceljs cell value (formula, rich text, hyperlink, error) has a `value` key
function isSpec(cell: Cell): cell is CellSpec {
  return typeof cell === 'object' && cell !== null && !(cell instanceof Date) && 'value' in cell;
}
