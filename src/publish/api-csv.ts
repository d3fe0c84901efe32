// The open-data CSV downloads (RFC 4180, UTF-8, header row): the units table of an instansi and the
// per-unsur table of one publication. Numbers are written as JSON writes them (decimal point,
// unrounded where the snapshot is), so a spreadsheet and a script read the same values; every cell
// goes through csvCell, which neutralises what a spreadsheet would run as a formula (a unit named
// "=HYPERLINK(…)").
import { csvLine } from '../reports/csv-write.ts';
import type { Publication } from '../results/publication.ts';
import { instrumentOf, unitZiStanding } from './page-figures.ts';
import type { PublicInstansi } from './view.ts';

export const CSV_TYPE = 'text/csv; charset=utf-8; header=present';

const cell = (value: string | number | boolean | null | undefined): string => (value === null || value === undefined ? '' : String(value));

const UNIT_COLUMNS = [
  'unit',
  'unit_name',
  'period',
  'revision',
  'published_at',
  'respondents',
  'ikm_index',
  'ikm_konversi',
  'ikm_mutu',
  'ipak_index',
  'ipak_zi_value',
  'ipkp_index',
  'ipkp_zi_value',
  'zi_status',
  'zi_within_margin',
];

/** One row per active unit with its newest publication; a unit that has published nothing has only its slug and name. */
export function unitsCsv(view: PublicInstansi): string {
  const rows = view.units.map(({ unit, current: p }) => {
    if (!p) return [unit!.slug, unit!.name, ...UNIT_COLUMNS.slice(2).map(() => '')];
    const card = (kind: 'ikm' | 'ipak' | 'ipkp') => instrumentOf(p.snapshot, kind)?.card;
    const zi = unitZiStanding(p.snapshot);
    return [
      unit!.slug,
      unit!.name,
      p.period,
      p.revision,
      p.publishedAt.toISOString(),
      p.snapshot.respondents,
      card('ikm')?.index,
      card('ikm')?.konversi,
      card('ikm')?.mutu,
      card('ipak')?.index,
      card('ipak')?.zi?.worksheetValue,
      card('ipkp')?.index,
      card('ipkp')?.zi?.worksheetValue,
      zi?.level,
      zi?.withinMargin,
    ].map(cell);
  });
  return [UNIT_COLUMNS, ...rows].map(csvLine).join('');
}

const UNSUR_COLUMNS = ['instrument', 'unsur', 'name', 'name_en', 'answers', 'nrr', 'konversi', 'mutu'];

/** One row per unsur of every instrument of the publication, in the snapshot's order. */
export function unsurCsv(p: Publication): string {
  const rows = p.snapshot.instruments.flatMap(({ card, en }) =>
    card.unsur.map((u) => [card.instrument, u.code, u.name, en.unsur[u.code], u.answers, u.nrr, u.konversi, u.mutu].map(cell)),
  );
  return [UNSUR_COLUMNS, ...rows].map(csvLine).join('');
}

/** `attachment; filename="kab-uji-dinkes-2026-Q1-r2.csv"` (slugs and period codes are already safe in a file name). */
export function attachment(...parts: (string | number)[]): string {
  return `attachment; filename="${parts.join('-').replace(/[^A-Za-z0-9-]/g, '_')}.csv"`;
}
