// What the embed card and the badge say, in Bahasa Indonesia and English. Periods come from the
// dashboard's words and the full ZI standing from the public pages' (public.ts): one result, one wording.
import type { Kinerja } from '../scoring/index.ts';
import type { Lang } from './index.ts';

const id = {
  /** the card's document title */
  cardTitle: 'Hasil survei {unit} · {instansi}',
  ikmName: 'Indeks Kepuasan Masyarakat (konversi 25–100)',
  ipakName: 'Indeks Persepsi Anti Korupsi (IPK), skala 1–4',
  ipkpName: 'Indeks Persepsi Kualitas Pelayanan, skala 1–4',
  mutu: 'mutu',
  respondents: '{n} responden',
  revision: 'revisi {n}',
  fullResults: 'Lihat hasil lengkap',
  newTab: '(membuka tab baru)',
  nothingPublished: 'Belum ada hasil yang diterbitkan.',
  notFoundTitle: 'Unit tidak ditemukan',
  notFoundText: 'Periksa nama instansi dan unit (instansi/unit) pada kode sematan.',
  badParameterTitle: 'Kode sematan tidak valid',
  /** a query parameter of the card or the badge with a value it does not know */
  badParameter: '{name}: harus salah satu dari {allowed}.',
  /** the highest ZI predicate the index meets, short, for the compact card and the badge: "3,20 · WBK", "3,50 · belum WBK"; in full the public pages' `ziLevel` */
  ziShort: { wbbm: 'WBBM', wbk: 'WBK', none: 'belum WBK' },
  kinerjaName: { 'Sangat Baik': 'Sangat Baik', Baik: 'Baik', 'Kurang Baik': 'Kurang Baik', 'Tidak Baik': 'Tidak Baik' } satisfies Record<Kinerja, string>,
  // the badge
  badgeNone: 'belum ada',
  badgeNotFound: 'tidak ditemukan',
  /** the badge's title and aria-label: what a screen reader says for it */
  badgeTitle: '{label} {unit} ({period}): {value}',
  badgeNoneTitle: '{label} {unit}: belum ada hasil yang diterbitkan',
  badgeNotFoundTitle: '{label}: unit tidak ditemukan',
  badgeBadTitle: 'Lencana tidak valid: {message}',
};

export type EmbedMessages = typeof id;

const en: EmbedMessages = {
  cardTitle: 'Survey results {unit} · {instansi}',
  ikmName: 'Public satisfaction index (konversi 25–100)',
  ipakName: 'Anti-corruption perception index (IPK), scale 1–4',
  ipkpName: 'Service quality perception index, scale 1–4',
  mutu: 'mutu',
  respondents: '{n} respondents',
  revision: 'revision {n}',
  fullResults: 'See the full results',
  newTab: '(opens in a new tab)',
  nothingPublished: 'No results have been published yet.',
  notFoundTitle: 'Unit not found',
  notFoundText: 'Check the instansi and unit names (instansi/unit) in the embed code.',
  badParameterTitle: 'Invalid embed code',
  badParameter: '{name}: must be one of {allowed}.',
  ziShort: { wbbm: 'WBBM', wbk: 'WBK', none: 'not yet WBK' },
  kinerjaName: { 'Sangat Baik': 'Very good', Baik: 'Good', 'Kurang Baik': 'Fair', 'Tidak Baik': 'Poor' },
  badgeNone: 'none yet',
  badgeNotFound: 'not found',
  badgeTitle: '{label} {unit} ({period}): {value}',
  badgeNoneTitle: '{label} {unit}: no results published yet',
  badgeNotFoundTitle: '{label}: unit not found',
  badgeBadTitle: 'Invalid badge: {message}',
};

export function embedMessages(lang: Lang): EmbedMessages {
  return lang === 'en' ? en : id;
}
