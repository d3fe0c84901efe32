// The "Profil" sheet: respondents by channel and profile answer (counts and shares, the shares and
// totals as formulas), and the labels the Tabulasi prints for the stored profile codes.
import type { RespondentDimension } from '../db/types.ts';
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import type { RespondentBreakdown } from '../results/breakdowns.ts';
import { AGE_BANDS } from '../results/tally.ts';
import { DISABILITY, EDUCATION, OCCUPATION, optionLabel } from '../survey/profile.ts';
import { addSheet, FMT, formula, type Workbook, writeRow } from './xlsx-book.ts';
import { writeFacts, writeTitle } from './xlsx-unsur.ts';

const dm = dashboardMessages('id');
const options = (list: typeof EDUCATION): [string, string][] => list.map((o) => [o[0], optionLabel(o, 'id')]);

const DIMENSIONS: { dimension: RespondentDimension; title: string; values: [code: string, label: string][] }[] = [
  { dimension: 'channel', title: dm.channel, values: Object.entries(dm.channels) },
  { dimension: 'gender', title: dm.gender, values: Object.entries(dm.genders) },
  { dimension: 'age_band', title: dm.age, values: AGE_BANDS.map((band) => [band, dm.ageBands[band]]) },
  { dimension: 'education', title: dm.education, values: options(EDUCATION) },
  { dimension: 'occupation', title: dm.occupation, values: options(OCCUPATION) },
  { dimension: 'disability', title: dm.disability, values: options(DISABILITY) },
];

const LABELS = new Map(DIMENSIONS.map((d) => [d.dimension, new Map(d.values)]));

/** The Indonesian label of a stored profile code (the code itself when unknown; null stays blank). */
export function profileLabel(dimension: 'gender' | 'education' | 'occupation' | 'disability', code: string | null): string | null {
  return code === null ? null : (LABELS.get(dimension)!.get(code) ?? code);
}

export function writeProfilSheet(workbook: Workbook, respondents: RespondentBreakdown, heading: readonly (readonly [string, string])[]): void {
  const sheet = addSheet(workbook, 'Profil', [34, 12, 12]);
  writeTitle(sheet, 'Karakteristik responden');
  writeFacts(sheet, [...heading, ['Jumlah responden', { value: respondents.respondents, numFmt: FMT.count }]]);
  if (respondents.respondents === 0) {
    writeRow(sheet, []);
    writeRow(sheet, ['Belum ada responden yang dihitung pada periode ini.']);
    sheet.commit();
    return;
  }
  for (const { dimension, title, values } of DIMENSIONS) {
    const counts = respondents.counts[dimension];
    const known = new Set(values.map(([code]) => code));
    // codes no longer offered still count, under their code; blanks last
    const rows: [string, number][] = [
      ...values.map(([code, label]): [string, number] => [label, counts.get(code) ?? 0]),
      ...[...counts.entries()].filter(([code]) => code !== null && !known.has(code)).map(([code, n]): [string, number] => [code!, n]),
      ...(counts.has(null) ? [[dm.blank, counts.get(null)!] as [string, number]] : []),
    ];
    const total = rows.reduce((n, [, count]) => n + count, 0);
    writeRow(sheet, []);
    const first = writeRow(sheet, [title, 'Jumlah', 'Persentase'], { header: true }) + 1;
    const totalRow = first + rows.length;
    rows.forEach(([label, count], i) => {
      writeRow(sheet, [label, { value: count, numFmt: FMT.count }, { value: formula(`B${first + i}/B$${totalRow}`, count / total), numFmt: FMT.share }]);
    });
    writeRow(sheet, [{ value: 'Jumlah', bold: true }, { value: formula(`SUM(B${first}:B${totalRow - 1})`, total), numFmt: FMT.count, bold: true }, { value: formula(`B${totalRow}/B$${totalRow}`, 1), numFmt: FMT.share, bold: true }]);
  }
  sheet.commit();
}
