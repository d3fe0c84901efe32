// Checks an import file row by row: the header row first (which column is what), then each row
// into a response ready to store, or problems naming the row and the column. Only the problems
// and a row count are kept, so the first pass over a file of any size holds no rows.
import type { ResponseProfile } from '../../db/types.ts';
import { UTC_OFFSET_MS, localDate } from '../../results/period.ts';
import type { NewAnswer } from '../../survey/store.ts';
import { columnLetter } from '../score-csv.ts';
import { type FieldColumn, RESPONSE_FIELD_COLUMNS, RESPONSE_ID_COLUMNS, SARAN_COLUMN } from '../responses-columns.ts';
import { AGE_MAX, AGE_MIN, EARLIEST_DAY, genderCode, profileCode, SARAN_MAX } from './columns.ts';
import { type ImportProblem, type ImportReason, type ProblemList, shownValue } from './problems.ts';
import type { CellValue, SourceRow } from './source.ts';
import { type ImportUnit, nameKey } from './unit.ts';

/** A row that passed every check: a paper response without its ids. */
export interface CheckedRow extends ResponseProfile {
  submittedAt: Date;
  loketId: string | null;
  layananId: string | null;
  answers: NewAnswer[];
}

type Column =
  | { kind: 'field'; header: string; name: FieldColumn }
  | { kind: 'item'; header: string; code: string; versionId: string }
  /** ignored: `id` and `kanal` of the export, and columns already reported at the header */
  | { kind: 'ignored' }
  | { kind: 'unnamed' };

const FIELDS = new Set<string>([...RESPONSE_FIELD_COLUMNS, SARAN_COLUMN]);
const IGNORED = new Set<string>(RESPONSE_ID_COLUMNS);
const NOON = 12 * 60;

/** A cell as the user would read it back in a message. */
function cellText(cell: CellValue): string {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 16).replace('T', ' ').replace(/ 00:00$/, '');
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell === null ? '' : String(cell).trim();
}

const isBlank = (cell: CellValue | undefined) => cell === undefined || cell === null || (typeof cell === 'string' && cell.trim() === '');

/** A calendar day 'YYYY-MM-DD' from its parts, if it exists. */
function dayOf(year: number, month: number, day: number): string | undefined {
  if (year < 1000 || year > 9999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** The day (and a time, when the cell holds one) of `tanggal`: text, an XLSX date, or a date serial number. */
function parseDay(cell: CellValue): { day: string; minutes: number | null } | undefined {
  if (cell instanceof Date || typeof cell === 'number') {
    // a number is a spreadsheet date serial (days since 1899-12-30), as a date column holds it unformatted
    const ms = cell instanceof Date ? cell.getTime() : Date.UTC(1899, 11, 30) + Math.round(cell * 1440) * 60_000;
    if (!Number.isFinite(ms)) return undefined;
    const date = new Date(ms);
    const day = dayOf(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
    const minutes = date.getUTCHours() * 60 + date.getUTCMinutes();
    return day === undefined ? undefined : { day, minutes: minutes === 0 ? null : minutes };
  }
  if (typeof cell !== 'string') return undefined;
  const text = cell.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const local = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  const day = iso ? dayOf(Number(iso[1]), Number(iso[2]), Number(iso[3])) : local ? dayOf(Number(local[3]), Number(local[2]), Number(local[1])) : undefined;
  return day === undefined ? undefined : { day, minutes: null };
}

/** Minutes after midnight of `jam`: HH:MM or HH.MM (as Indonesian forms write it), or an XLSX time. */
function parseMinutes(cell: CellValue): number | undefined {
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? undefined : cell.getUTCHours() * 60 + cell.getUTCMinutes();
  if (typeof cell === 'number') {
    const minutes = Math.round(cell * 1440);
    return cell >= 0 && minutes < 1440 ? minutes : undefined;
  }
  const m = typeof cell === 'string' ? /^(\d{1,2})[:.](\d{2})(?:[:.]\d{2})?$/.exec(cell.trim()) : null;
  if (!m) return undefined;
  const hours = Number(m[1]);
  const minutes = Number(m[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : undefined;
}

function itemValue(cell: CellValue): 1 | 2 | 3 | 4 | undefined {
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*[1-4]\s*$/.test(cell) ? Number(cell) : NaN;
  return n === 1 || n === 2 || n === 3 || n === 4 ? n : undefined;
}

function ageValue(cell: CellValue): number | undefined {
  const n = typeof cell === 'number' ? cell : typeof cell === 'string' && /^\s*\d{1,3}\s*$/.test(cell) ? Number(cell) : NaN;
  return Number.isInteger(n) && n >= AGE_MIN && n <= AGE_MAX ? n : undefined;
}

// The export neutralises saran that a spreadsheet would run as a formula with a leading apostrophe;
// importing the export back stores what the citizen wrote.
const NEUTRALISED = /^'(?=[=+\-@\t\r])/;

export class RowChecker {
  private columns: Column[] | null = null;
  private headerRow = 0;
  private hasItems = false;
  /** rows with content after the header */
  rows = 0;
  private readonly today: string;

  constructor(
    private readonly unit: ImportUnit,
    private readonly problems: ProblemList,
    private readonly now: Date,
  ) {
    this.today = localDate(now, unit.timeZone);
  }

  /** The checked response of a data row; null for the header, an empty row, or a row with problems. */
  take(row: SourceRow): CheckedRow | null {
    if (row.cells.every(isBlank)) return null;
    if (this.columns === null) {
      this.readHeader(row);
      return null;
    }
    this.rows += 1;
    return this.check(row);
  }

  /** Problems of the file as a whole, once every row was taken. */
  finish(): void {
    if (this.columns === null) this.problems.add({ row: null, column: null, reason: 'empty_file' });
    else if (this.rows === 0) this.problems.add({ row: this.headerRow, column: null, reason: 'no_rows' });
  }

  private readHeader(row: SourceRow): void {
    this.headerRow = row.number;
    const seen = new Set<string>();
    const problem = (column: string | null, reason: ImportReason) => this.problems.add({ row: row.number, column, reason });
    this.columns = row.cells.map((cell): Column => {
      const header = cellText(cell);
      const name = header.toLowerCase();
      if (header === '') return { kind: 'unnamed' };
      if (IGNORED.has(name)) return { kind: 'ignored' };
      const item = this.unit.items.get(name);
      const key = item ? `item:${item.code}` : name;
      if (!FIELDS.has(name) && !item) {
        problem(header, 'unknown_column');
        return { kind: 'ignored' };
      }
      if (seen.has(key)) {
        problem(header, 'duplicate_column');
        return { kind: 'ignored' };
      }
      seen.add(key);
      if (item) {
        this.hasItems = true;
        return { kind: 'item', header, code: item.code, versionId: item.versionId };
      }
      return { kind: 'field', header, name: name as FieldColumn };
    });
    if (!seen.has('tanggal')) problem('tanggal', 'missing_column');
    if (!this.hasItems) problem(null, 'no_item_columns');
  }

  private check(row: SourceRow): CheckedRow | null {
    const before = this.problems.total;
    const add = (column: string, reason: ImportReason, value?: CellValue, detail?: string) => {
      const problem: ImportProblem = { row: row.number, column, reason };
      if (value !== undefined) problem.value = shownValue(cellText(value));
      if (detail !== undefined) problem.detail = detail;
      this.problems.add(problem);
    };
    const fields = new Map<FieldColumn, { header: string; cell: CellValue }>();
    const answers: NewAnswer[] = [];
    let itemCells = 0;
    row.cells.forEach((cell, i) => {
      const column = this.columns![i] ?? { kind: 'unnamed' };
      if (column.kind === 'field') fields.set(column.name, { header: column.header, cell: isBlank(cell) ? null : cell });
      if (isBlank(cell)) return;
      if (column.kind === 'unnamed') add(columnLetter(i + 1), 'unnamed_column', cell);
      else if (column.kind === 'item') {
        itemCells += 1;
        const value = itemValue(cell);
        if (value === undefined) add(column.header, 'item_value', cell);
        else answers.push({ versionId: column.versionId, itemCode: column.code, value });
      }
    });
    if (this.hasItems && itemCells === 0) this.problems.add({ row: row.number, column: null, reason: 'no_answers' });

    const submittedAt = this.when(fields.get('tanggal'), fields.get('jam'), add);
    const { loketId, layananId } = this.place(fields.get('loket'), fields.get('layanan'), add);
    const profile = (name: 'pendidikan' | 'pekerjaan' | 'disabilitas', reason: ImportReason) => {
      const field = fields.get(name);
      if (!field || field.cell === null) return null;
      const code = profileCode(name, cellText(field.cell));
      if (code === undefined) add(field.header, reason, field.cell);
      return code ?? null;
    };
    const gender = fields.get('jenis_kelamin');
    const genderValue = gender && gender.cell !== null ? genderCode(cellText(gender.cell)) : null;
    if (gender && genderValue === undefined) add(gender.header, 'gender_invalid', gender.cell);
    const age = fields.get('usia');
    const ageYears = age && age.cell !== null ? ageValue(age.cell) : null;
    if (age && ageYears === undefined) add(age.header, 'age_invalid', age.cell);
    const education = profile('pendidikan', 'education_invalid');
    const occupation = profile('pekerjaan', 'occupation_invalid');
    const disability = profile('disabilitas', 'disability_invalid');
    const saranField = fields.get('saran');
    const saran = saranField && saranField.cell !== null ? cellText(saranField.cell).replace(NEUTRALISED, '') : null;
    if (saran !== null && saran.length > SARAN_MAX) add(saranField!.header, 'saran_too_long');

    if (this.problems.total > before || submittedAt === null) return null;
    return { submittedAt, loketId, layananId, gender: genderValue ?? null, age: ageYears ?? null, education, occupation, disability, saran, answers };
  }

  /** The instant of the visit: tanggal and jam in the instansi's zone; noon (or now, today) without a time. */
  private when(
    tanggal: { header: string; cell: CellValue } | undefined,
    jam: { header: string; cell: CellValue } | undefined,
    add: (column: string, reason: ImportReason, value?: CellValue) => void,
  ): Date | null {
    // without the column the header problem says it all
    if (!tanggal) return null;
    // the date and the time are each checked, so one look at the row shows both
    const parsed = tanggal.cell === null ? undefined : parseDay(tanggal.cell);
    const dayOk = parsed !== undefined && parsed.day >= EARLIEST_DAY && parsed.day <= this.today;
    if (tanggal.cell === null) add(tanggal.header, 'date_required');
    else if (!parsed) add(tanggal.header, 'date_invalid', tanggal.cell);
    else if (!dayOk) add(tanggal.header, parsed.day < EARLIEST_DAY ? 'date_too_old' : 'date_future', tanggal.cell);
    const time = jam && jam.cell !== null ? { header: jam.header, cell: jam.cell, minutes: parseMinutes(jam.cell) } : null;
    if (time && time.minutes === undefined) add(time.header, 'time_invalid', time.cell);
    if (!dayOk || (time && time.minutes === undefined)) return null;
    const minutes = time ? time.minutes! : parsed.minutes;
    const midnight = Date.parse(`${parsed.day}T00:00:00Z`) - UTC_OFFSET_MS[this.unit.timeZone];
    if (minutes === null) return new Date(Math.min(midnight + NOON * 60_000, this.now.getTime()));
    const at = midnight + minutes * 60_000;
    if (at > this.now.getTime()) {
      add(time ? time.header : tanggal.header, 'time_future', time ? time.cell : tanggal.cell);
      return null;
    }
    return new Date(at);
  }

  /** The loket (by code) and the layanan (by name, or the one the loket serves). */
  private place(
    loket: { header: string; cell: CellValue } | undefined,
    layanan: { header: string; cell: CellValue } | undefined,
    add: (column: string, reason: ImportReason, value?: CellValue, detail?: string) => void,
  ): { loketId: string | null; layananId: string | null } {
    let found: { id: string; layananId: string | null } | undefined;
    if (loket && loket.cell !== null) {
      found = this.unit.lokets.get(cellText(loket.cell).toLowerCase());
      if (!found) add(loket.header, 'loket_unknown', loket.cell);
    }
    let layananId = found?.layananId ?? null;
    if (layanan && layanan.cell !== null) {
      const named = this.unit.layanan.get(nameKey(cellText(layanan.cell)));
      if (!named) add(layanan.header, 'layanan_unknown', layanan.cell);
      else if (found?.layananId && named.id !== found.layananId) add(layanan.header, 'layanan_mismatch', layanan.cell, this.unit.layananNames.get(found.layananId));
      else layananId = named.id;
    }
    return { loketId: found?.id ?? null, layananId };
  }
}
