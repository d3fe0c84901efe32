// Writing CSV as RFC 4180 describes it (comma, CRLF, quotes doubled; reading is csv.ts), for
// spreadsheets: a cell that a spreadsheet would read as a formula (starting with = + - @, or a tab
// or carriage return) is prefixed with an apostrophe, so text someone typed (an e-mail tried at
// sign-in, a reason) never runs as a formula on the Tim Survei's computer.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * User text made inert for a spreadsheet (OWASP's CSV-injection rule): a leading `=`, `+`, `-`, `@`,
 * tab or carriage return gets an apostrophe in front. The XLSX writers use it too, so text pasted
 * from a cell into another sheet or a CSV stays text.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLine(cells: string[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
