// Personal data in a citizen's saran is masked wherever the text is shown (workspace lists, public
// pages, exports): a 16-digit NIK, phone numbers, e-mail addresses, and a name the citizen gives
// after "nama saya" / "saya bernama" / "my name is". Ordinary numbers ("3 jam", "Rp 50.000",
// "08.00-16.00") stay as written. A pure function: the same text always masks the same way.

export const MASK = { nik: '[NIK]', phone: '[nomor telepon]', email: '[e-mail]', name: '[nama]' } as const;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

// Runs of digit groups (4 or more digits each) joined by one space, dash or dot: a NIK is written
// whole ("3201123456789012") or grouped ("3201 1234 5678 9012", "320112-345678-9012"). Groups of
// fewer digits are amounts, times and dates ("1.500.000", "08.00"), never part of a NIK.
const DIGIT_GROUPS = /(?<!\d)\d{4,}(?:[ .-]\d{4,})*(?!\d)/g;
const NIK_DIGITS = 16;
// the NIK as its parts are printed: province, kabupaten, kecamatan, birth date, serial
const NIK_PARTS = /(?<!\d)\d{2}([ .-])\d{2}\1\d{2}\1\d{6}\1\d{4}(?!\d)/g;

// Indonesian numbers: 08…, 62 8…, +62 … (mobile and, with +62, fixed lines), with single spaces,
// dashes, dots or brackets between the digits; 8 to 12 digits after the prefix.
const PHONE = /(?<![\p{L}\p{N}+])\(?(?:\+62|62(?=[ .-]?\(?8)|0(?=8))(?:[ .()-]{0,2}\d){8,12}(?!\d)/gu;

// The phrase in any letter case; the name's capitals are told apart from it, so no i flag (with
// it, \p{Lu} would match lowercase letters too).
const anyCase = (phrase: string) => phrase.replace(/[a-z]/g, (ch) => `[${ch}${ch.toUpperCase()}]`);
// a capitalised word, with any initials before it ("M. Yusuf"); a full stop after a word ends the
// sentence, not the name
const WORD = "(?:\\p{Lu}\\.[ \\t]*)*\\p{Lu}[\\p{L}'’-]*";
// The name a respondent gives: one to three capitalised words after the phrase (an optional
// "adalah" or ":" between), on the same line.
const NAME = new RegExp(
  `(\\b(?:${['nama saya', 'saya bernama', 'my name is'].map(anyCase).join('|')})(?:[ \\t]+${anyCase('adalah')})?[ \\t]*:?[ \\t]*)${WORD}(?:[ \\t]+${WORD}){0,2}`,
  'gu',
);

/** Masks the groups of a digit run that add up to exactly one NIK, leaving the other numbers. */
function maskNik(run: string): string {
  const groups = run.split(/([ .-])/);
  // groups at even indexes, their separators at odd ones
  for (let start = 0; start < groups.length; start += 2) {
    let digits = 0;
    for (let end = start; end < groups.length; end += 2) {
      digits += groups[end]!.length;
      if (digits === NIK_DIGITS) {
        const before = groups.slice(0, start).join('');
        const after = groups.slice(end + 1).join('');
        // `after` starts with the separator that ended the NIK; what follows may hold another
        return before + MASK.nik + after.slice(0, 1) + maskNik(after.slice(1));
      }
      if (digits > NIK_DIGITS) break;
    }
  }
  return run;
}

export function maskPersonalData(text: string): string {
  return text
    .replace(EMAIL, MASK.email)
    .replace(NIK_PARTS, MASK.nik)
    .replace(DIGIT_GROUPS, maskNik)
    .replace(PHONE, MASK.phone)
    .replace(NAME, (_whole, phrase: string) => `${phrase}${MASK.name}`);
}
