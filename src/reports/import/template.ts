// The import template of a unit: its columns in the order the responses export uses. The XLSX has
// the data sheet "Responden" (bold header, date and time columns formatted, the values checked as
// they are typed) and a "Petunjuk" sheet saying what each column takes, with the unit's loket codes
// and layanan names.
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { DISABILITY, EDUCATION, OCCUPATION } from '../../survey/profile.ts';
import { csvLine, neutraliseFormula } from '../csv-write.ts';
import { type FieldColumn, RESPONSE_FIELD_COLUMNS, SARAN_COLUMN } from '../responses-columns.ts';
import { AGE_MAX, AGE_MIN, DATA_SHEET, GUIDE_SHEET, SARAN_MAX } from './columns.ts';
import { type ImportUnit, loadImportUnit } from './unit.ts';

/** Header names of the unit's template: the fixed columns, its items in questionnaire order, saran. */
function templateColumns(unit: ImportUnit): string[] {
  const items = unit.instruments.flatMap((i) => i.definition.unsur.flatMap((u) => u.items.map((item) => item.code)));
  return [...RESPONSE_FIELD_COLUMNS, ...new Set(items), SARAN_COLUMN];
}

export async function importTemplate(db: Kysely<Database>, unitId: string, format: 'csv' | 'xlsx'): Promise<Buffer> {
  const unit = await loadImportUnit(db, unitId);
  const columns = templateColumns(unit);
  // the BOM makes Excel open the file as UTF-8 and save it back as "CSV UTF-8"
  if (format === 'csv') return Buffer.from(`\uFEFF${csvLine(columns)}`, 'utf8');
  return xlsxTemplate(unit, columns);
}

const options = (list: readonly (readonly [string, string, string])[]) => list.map(([code, label]) => `${code} (${label})`).join(', ');

const FIELD_GUIDE: Record<FieldColumn, [required: boolean, what: string, values: string]> = {
  tanggal: [true, 'Tanggal pelayanan', 'TTTT-BB-HH (2026-07-21), HH/BB/TTTT (21/07/2026) atau sel tanggal Excel; tidak di masa depan, tidak sebelum tahun 2000'],
  jam: [false, 'Jam pelayanan', 'JJ:MM (09:30); kosong: pukul 12:00'],
  loket: [false, 'Kode loket tempat formulir diisi', 'kode loket unit ini (daftar di bawah)'],
  layanan: [false, 'Jenis layanan yang diterima', 'nama layanan unit ini (daftar di bawah); kosong: layanan loketnya bila loket hanya melayani satu layanan'],
  jenis_kelamin: [false, 'Jenis kelamin', 'L (Laki-laki) atau P (Perempuan)'],
  usia: [false, 'Usia (tahun)', `bilangan bulat ${AGE_MIN}–${AGE_MAX}`],
  pendidikan: [false, 'Pendidikan terakhir', `kode atau label: ${options(EDUCATION)}`],
  pekerjaan: [false, 'Pekerjaan', `kode atau label: ${options(OCCUPATION)}`],
  disabilitas: [false, 'Disabilitas', `kode atau label: ${options(DISABILITY)}`],
  saran: [false, 'Saran dan masukan', `teks, paling panjang ${SARAN_MAX} karakter`],
};

// Excel checks what is typed in the first 5,000 data rows; a validation over the whole column would be
// expanded cell by cell by readers such as exceljs (a million cells per column)
const CHECKED_ROWS = 5_000;

function dataSheet(workbook: ExcelJS.Workbook, columns: string[]): void {
  const sheet = workbook.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  const fixed = new Set<string>([...RESPONSE_FIELD_COLUMNS, SARAN_COLUMN]);
  sheet.columns = columns.map((header) => ({
    header,
    width: header === 'saran' ? 50 : header === 'layanan' ? 28 : fixed.has(header) ? 14 : 6,
    style: header === 'tanggal' ? { numFmt: 'yyyy-mm-dd' } : header === 'jam' ? { numFmt: 'hh:mm' } : fixed.has(header) && header !== 'usia' ? { numFmt: '@' } : {},
  }));
  sheet.getRow(1).font = { bold: true };
  // the same checks the import makes, shown while typing (a pasted value is checked at import)
  const validations = (sheet as unknown as { dataValidations: { add(range: string, rule: ExcelJS.DataValidation): void } }).dataValidations;
  const range = (header: string) => {
    const letter = sheet.getColumn(columns.indexOf(header) + 1).letter;
    return `${letter}2:${letter}${CHECKED_ROWS + 1}`;
  };
  const rule = (rule: Omit<ExcelJS.DataValidation, 'allowBlank' | 'showErrorMessage' | 'errorStyle'>): ExcelJS.DataValidation => ({ allowBlank: true, showErrorMessage: true, errorStyle: 'stop', ...rule });
  for (const header of columns) {
    if (fixed.has(header)) continue;
    validations.add(range(header), rule({ type: 'whole', operator: 'between', formulae: [1, 4], errorTitle: header, error: 'Jawaban 1, 2, 3 atau 4; kosongkan bila tidak dijawab.' }));
  }
  validations.add(range('tanggal'), rule({ type: 'date', operator: 'between', formulae: [new Date(Date.UTC(2000, 0, 1)), new Date(Date.UTC(2099, 11, 31))], errorTitle: 'tanggal', error: 'Tanggal pelayanan, mis. 2026-07-21.' }));
  validations.add(range('usia'), rule({ type: 'whole', operator: 'between', formulae: [AGE_MIN, AGE_MAX], errorTitle: 'usia', error: `Usia ${AGE_MIN}–${AGE_MAX} tahun.` }));
  validations.add(range('jenis_kelamin'), rule({ type: 'list', formulae: ['"L,P"'], errorTitle: 'jenis_kelamin', error: 'L atau P.' }));
}

function guideSheet(workbook: ExcelJS.Workbook, unit: ImportUnit, columns: string[]): void {
  const sheet = workbook.addWorksheet(GUIDE_SHEET);
  const widths = [16, 10, 44, 70];
  sheet.columns = widths.map((width) => ({ width }));
  /** A row of the column table, its long texts wrapped; spreadsheets do not fit the height when opening, so it is set here. */
  const tableRow = (cells: string[]) => {
    const row = sheet.addRow(cells);
    const lines = Math.max(1, ...cells.map((cell, i) => Math.ceil((cell.length * 1.1) / widths[i]!)));
    row.alignment = { wrapText: true, vertical: 'top' };
    if (lines > 1) row.height = 15 * lines;
  };
  const bold = (row: ExcelJS.Row) => (row.font = { bold: true });
  const text = (value: string) => neutraliseFormula(value);
  bold(sheet.addRow([`Templat impor formulir kertas: ${text(unit.name)}`]));
  sheet.addRow(['Satu baris per responden pada lembar "Responden". Nama kolom tidak membedakan huruf besar/kecil dan urutannya bebas; kolom yang tidak dipakai boleh dihapus, kecuali tanggal dan paling sedikit satu butir.']);
  sheet.addRow(['Bila satu baris saja salah, tidak ada yang disimpan: semua baris dan kolom yang salah ditunjukkan dengan alasannya. Simpan sebagai .xlsx, atau sebagai "CSV UTF-8" (pemisah , atau ;).']);
  sheet.addRow([]);
  bold(sheet.addRow(['Kolom', 'Wajib', 'Isi', 'Nilai yang diterima']));
  const labels = new Map(unit.instruments.flatMap((i) => i.definition.unsur.flatMap((u) => u.items.map((item) => [item.code, { unsur: u.name, text: item.text, labels: item.labels }] as const))));
  for (const header of columns) {
    const guide = FIELD_GUIDE[header as keyof typeof FIELD_GUIDE];
    if (guide) {
      tableRow([header, guide[0] ? 'ya' : 'tidak', guide[1], guide[2]]);
      continue;
    }
    const item = labels.get(header)!;
    tableRow([header, 'tidak', text(`${item.unsur}: ${item.text}`), text(`1 = ${item.labels[0]}, 2 = ${item.labels[1]}, 3 = ${item.labels[2]}, 4 = ${item.labels[3]}; kosong: tidak dijawab`)]);
  }
  sheet.addRow(['Baris tanpa satu jawaban butir pun ditolak; baris yang seluruhnya kosong dilewati.']);
  sheet.addRow([]);
  bold(sheet.addRow(['Kode loket', '', 'Nama loket', 'Layanan loket']));
  if (unit.lokets.size === 0) sheet.addRow(['(unit ini belum punya loket; kosongkan kolom loket)']);
  for (const loket of unit.lokets.values()) {
    tableRow([loket.code, '', text(loket.name), loket.layananId ? text(unit.layananNames.get(loket.layananId) ?? '') : 'semua layanan']);
  }
  sheet.addRow([]);
  bold(sheet.addRow(['Layanan']));
  if (unit.layanan.size === 0) sheet.addRow(['(unit ini belum punya layanan; kosongkan kolom layanan)']);
  for (const layanan of unit.layanan.values()) sheet.addRow([text(layanan.name)]);
}

async function xlsxTemplate(unit: ImportUnit, columns: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'survei';
  dataSheet(workbook, columns);
  guideSheet(workbook, unit, columns);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
