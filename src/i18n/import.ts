// Importing paper questionnaires (reports/import): why a file or a row was refused. Each reason is
// said without its row and column, which the screen and the CLI show beside it.
import type { ImportReason } from '../reports/import/problems.ts';
import type { Lang } from './index.ts';

export interface ImportMessages {
  /** `{detail}`: the loket's layanan, the CSV parser's message; `{allowed}`: the accepted codes and labels */
  reasons: Record<ImportReason, string>;
  /** appended when the problem quotes the value found */
  found: string;
  /** an earlier import of the same file: `{date}`, `{who}`, `{rows}` */
  duplicate: string;
  /** `{who}` when the earlier import came from the command line */
  commandLine: string;
}

const id: ImportMessages = {
  reasons: {
    encoding:
      'Berkas bukan teks UTF-8 (kemungkinan disimpan sebagai "CSV (Comma delimited)" atau ANSI/Windows-1252). Buka di Excel, pilih Simpan Sebagai → "CSV UTF-8 (Comma delimited)", lalu unggah lagi.',
    xls_format: 'Berkas Excel format lama (.xls). Simpan sebagai "Excel Workbook (.xlsx)" atau "CSV UTF-8", lalu unggah lagi.',
    unreadable_xlsx: 'Berkas XLSX tidak dapat dibaca ({detail}). Simpan ulang dari Excel atau LibreOffice sebagai .xlsx.',
    csv_syntax: 'Penulisan CSV rusak: {detail}',
    empty_file: 'Berkas kosong: tidak ada baris judul kolom.',
    no_rows: 'Berkas hanya berisi baris judul kolom; tidak ada responden.',
    unknown_column: 'Kolom tidak dikenal. Gunakan nama kolom dari templat unit ini (tanggal, jam, loket, layanan, jenis_kelamin, usia, pendidikan, pekerjaan, disabilitas, kode butir, saran).',
    duplicate_column: 'Kolom ini muncul lebih dari sekali.',
    missing_column: 'Kolom wajib ini tidak ada.',
    no_item_columns: 'Tidak ada kolom butir pertanyaan (mis. U1…U9) dari instrumen unit ini.',
    unnamed_column: 'Ada isian di kolom tanpa judul.',
    item_value: 'Jawaban harus 1, 2, 3 atau 4, atau dikosongkan.',
    no_answers: 'Baris ini tidak berisi satu jawaban pun.',
    date_required: 'Tanggal wajib diisi.',
    date_invalid: 'Tanggal harus berbentuk TTTT-BB-HH (2026-07-21) atau HH/BB/TTTT (21/07/2026).',
    date_future: 'Tanggal ada di masa depan.',
    date_too_old: 'Tanggal sebelum tahun 2000.',
    time_invalid: 'Jam harus berbentuk JJ:MM (mis. 09:30) atau dikosongkan.',
    time_future: 'Tanggal dan jam ini ada di masa depan.',
    loket_unknown: 'Tidak ada loket dengan kode ini di unit ini.',
    layanan_unknown: 'Tidak ada layanan dengan nama ini di unit ini.',
    layanan_mismatch: 'Loket ini hanya melayani "{detail}".',
    gender_invalid: 'Jenis kelamin harus L (Laki-laki) atau P (Perempuan), atau dikosongkan.',
    age_invalid: 'Usia harus bilangan bulat 10–120, atau dikosongkan.',
    education_invalid: 'Pendidikan harus salah satu dari: {allowed}; atau dikosongkan.',
    occupation_invalid: 'Pekerjaan harus salah satu dari: {allowed}; atau dikosongkan.',
    disability_invalid: 'Disabilitas harus salah satu dari: {allowed}; atau dikosongkan.',
    saran_too_long: 'Saran paling panjang 1000 karakter.',
  },
  found: '(tertulis {value})',
  duplicate: 'Berkas yang sama sudah diimpor ke unit ini pada {date} oleh {who} ({rows} baris). Impor lagi hanya bila memang disengaja (paksa).',
  commandLine: 'baris perintah',
};

const en: ImportMessages = {
  reasons: {
    encoding:
      'The file is not UTF-8 text (probably saved as "CSV (Comma delimited)" or ANSI/Windows-1252). Open it in Excel, Save As → "CSV UTF-8 (Comma delimited)", and upload it again.',
    xls_format: 'An old-format Excel file (.xls). Save it as "Excel Workbook (.xlsx)" or "CSV UTF-8" and upload it again.',
    unreadable_xlsx: 'The XLSX file cannot be read ({detail}). Save it again from Excel or LibreOffice as .xlsx.',
    csv_syntax: 'Broken CSV: {detail}',
    empty_file: 'The file is empty: there is no header row.',
    no_rows: 'The file holds only the header row; there are no respondents.',
    unknown_column: 'Unknown column. Use the column names of this unit\'s template (tanggal, jam, loket, layanan, jenis_kelamin, usia, pendidikan, pekerjaan, disabilitas, item codes, saran).',
    duplicate_column: 'This column appears more than once.',
    missing_column: 'This required column is missing.',
    no_item_columns: 'There is no column for a question item (e.g. U1…U9) of this unit\'s instruments.',
    unnamed_column: 'A value in a column without a header.',
    item_value: 'An answer must be 1, 2, 3 or 4, or left blank.',
    no_answers: 'This row holds no answer at all.',
    date_required: 'The date is required.',
    date_invalid: 'The date must be YYYY-MM-DD (2026-07-21) or DD/MM/YYYY (21/07/2026).',
    date_future: 'The date is in the future.',
    date_too_old: 'The date is before the year 2000.',
    time_invalid: 'The time must be HH:MM (e.g. 09:30) or left blank.',
    time_future: 'This date and time are in the future.',
    loket_unknown: 'This unit has no loket with this code.',
    layanan_unknown: 'This unit has no layanan with this name.',
    layanan_mismatch: 'This loket serves only "{detail}".',
    gender_invalid: 'Gender must be L (Laki-laki) or P (Perempuan), or left blank.',
    age_invalid: 'Age must be a whole number 10–120, or left blank.',
    education_invalid: 'Education must be one of: {allowed}; or left blank.',
    occupation_invalid: 'Occupation must be one of: {allowed}; or left blank.',
    disability_invalid: 'Disability must be one of: {allowed}; or left blank.',
    saran_too_long: 'Saran may be at most 1000 characters.',
  },
  found: '(found {value})',
  duplicate: 'The same file was already imported into this unit on {date} by {who} ({rows} rows). Import it again only on purpose (force).',
  commandLine: 'the command line',
};

export function importMessages(lang: Lang): ImportMessages {
  return lang === 'en' ? en : id;
}
