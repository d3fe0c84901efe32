// The sheets and limits of an import file and its template (the columns are the responses export's,
// in responses-columns.ts), and how a profile answer written on paper (a code or its Indonesian
// label) becomes the stored code.
import { DISABILITY, EDUCATION, OCCUPATION } from '../../survey/profile.ts';

/** The template's sheets: the rows, and the guide that the importer skips wherever it was moved. */
export const DATA_SHEET = 'Responden';
export const GUIDE_SHEET = 'Petunjuk';

export const SARAN_MAX = 1000;
export const AGE_MIN = 10;
export const AGE_MAX = 120;
export const EARLIEST_DAY = '2000-01-01';

/** Profile answers compare without case, spaces, underscores, and with any dash as '-'. */
function optionKey(text: string): string {
  return text.toLowerCase().replace(/[\s_]+/g, '').replace(/[\u2010-\u2015\u2212]/g, '-');
}

type Options = readonly (readonly [code: string, id: string, en: string])[];

/** The code, the Indonesian label, and each part of a label with a slash ("SMA/SMK" → SMA, SMK). */
function optionCodes(options: Options): Map<string, string> {
  const codes = new Map<string, string>();
  for (const [code, label] of options) {
    for (const text of [code, label, ...label.split('/')]) codes.set(optionKey(text), code);
  }
  return codes;
}

const GENDER = new Map([
  ['l', 'L'],
  ['laki-laki', 'L'],
  ['lakilaki', 'L'],
  ['p', 'P'],
  ['perempuan', 'P'],
]) as Map<string, 'L' | 'P'>;

const PROFILE_CODES = { pendidikan: optionCodes(EDUCATION), pekerjaan: optionCodes(OCCUPATION), disabilitas: optionCodes(DISABILITY) };

export function genderCode(text: string): 'L' | 'P' | undefined {
  return GENDER.get(optionKey(text));
}

export function profileCode(column: keyof typeof PROFILE_CODES, text: string): string | undefined {
  return PROFILE_CODES[column].get(optionKey(text));
}
