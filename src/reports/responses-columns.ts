// The columns of a responses file other than the item codes, shared by the responses export, the
// importer and its template, and `survei score` (which skips them). A module of its own with no
// imports, so the score command does not load the database code to know them.

/** Columns the export puts first; an import accepts them and ignores them. */
export const RESPONSE_ID_COLUMNS = ['id', 'kanal'] as const;
/** The columns after those and before the item codes: the import template's first; `tanggal` is required. */
export const RESPONSE_FIELD_COLUMNS = ['tanggal', 'jam', 'loket', 'layanan', 'jenis_kelamin', 'usia', 'pendidikan', 'pekerjaan', 'disabilitas'] as const;
/** The columns of an export before the item codes, in order. */
export const RESPONSE_LEAD_COLUMNS = [...RESPONSE_ID_COLUMNS, ...RESPONSE_FIELD_COLUMNS] as const;
/** The column after the item codes. */
export const SARAN_COLUMN = 'saran';
/** The columns an import reads besides the item codes. */
export type FieldColumn = (typeof RESPONSE_FIELD_COLUMNS)[number] | typeof SARAN_COLUMN;
/** Every column of a responses file that is not an item code. */
export const RESPONSE_METADATA_COLUMNS: ReadonlySet<string> = new Set([...RESPONSE_LEAD_COLUMNS, SARAN_COLUMN]);
/** The column every responses export and import template has: its presence makes a file a responses file. */
export const RESPONSES_FILE_MARKER = 'tanggal';
