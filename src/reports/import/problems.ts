// What can be wrong in an import file, as codes: the outcome lists every problem with its row and
// column, and `describeImportProblem` says it in the user's language (src/i18n/import.ts).
import { importMessages } from '../../i18n/import.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { DISABILITY, EDUCATION, OCCUPATION } from '../../survey/profile.ts';
import { quoteText } from '../csv.ts';

export const IMPORT_REASONS = [
  // the file as a whole
  'encoding',
  'xls_format',
  'unreadable_xlsx',
  'csv_syntax',
  'empty_file',
  'no_rows',
  // the header row
  'unknown_column',
  'duplicate_column',
  'missing_column',
  'no_item_columns',
  // a value in a row
  'unnamed_column',
  'item_value',
  'no_answers',
  'date_required',
  'date_invalid',
  'date_future',
  'date_too_old',
  'time_invalid',
  'time_future',
  'loket_unknown',
  'layanan_unknown',
  'layanan_mismatch',
  'gender_invalid',
  'age_invalid',
  'education_invalid',
  'occupation_invalid',
  'disability_invalid',
  'saran_too_long',
] as const;
export type ImportReason = (typeof IMPORT_REASONS)[number];

export interface ImportProblem {
  /** the row as the user sees it in the spreadsheet (header = 1); null: the file as a whole */
  row: number | null;
  /** the column's header name (as written in the file), or null */
  column: string | null;
  reason: ImportReason;
  /** the value found, shortened */
  value?: string;
  /** more about the reason: the loket's own layanan, the CSV parser's message */
  detail?: string;
}

/** The first problems kept for the outcome; the rest are only counted, so memory stays bounded. */
export const MAX_PROBLEMS = 1_000;

export class ProblemList {
  readonly problems: ImportProblem[] = [];
  total = 0;

  add(problem: ImportProblem): void {
    this.total += 1;
    if (this.problems.length < MAX_PROBLEMS) this.problems.push(problem);
  }
}

const VALUE_SHOWN = 60;

/** A value as a problem quotes it: at most 60 characters. */
export function shownValue(value: string): string {
  return value.length > VALUE_SHOWN ? `${value.slice(0, VALUE_SHOWN)}…` : value;
}

const ALLOWED: Partial<Record<ImportReason, readonly (readonly [string, string, string])[]>> = {
  education_invalid: EDUCATION,
  occupation_invalid: OCCUPATION,
  disability_invalid: DISABILITY,
};

/** The reason of a problem in the user's language (without its row and column). */
export function describeImportProblem(problem: ImportProblem, lang: Lang): string {
  const m = importMessages(lang);
  const options = ALLOWED[problem.reason];
  const allowed = options ? options.map(([code, id]) => `${code} (${id})`).join(', ') : '';
  const text = fill(m.reasons[problem.reason], { detail: problem.detail ?? '', allowed });
  return problem.value === undefined ? text : `${text} ${fill(m.found, { value: quoteText(problem.value) })}`;
}
