// How the printed reports write numbers, dates, periods and verdicts in Bahasa Indonesia: the
// dashboard's formatters (78,89; "21 November 2026"), and the few phrases every report shares.
import type { TimeZone } from '../config.ts';
import type { FollowUpStatus } from '../db/types.ts';
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { dayName, formatCount, formatNumber, formatShare, INDEX_DECIMALS, KONVERSI_DECIMALS } from '../i18n/format.ts';
import type { Instrument } from '../instruments/schema.ts';
import { localDate, type Period } from '../results/period.ts';
import type { ScoredInstrument } from '../results/scorecard.ts';
import type { InstrumentKind, ScoreCard } from '../scoring/index.ts';

export const dm = dashboardMessages('id');

/** An index or NRR on the 1–4 scale: "3,1556" */
export const indexText = (value: number | null) => formatNumber(value, INDEX_DECIMALS, 'id');
/** konversi or a ZI worksheet value: "78,89" */
export const konversiText = (value: number | null) => formatNumber(value, KONVERSI_DECIMALS, 'id');
/** a ZI threshold on the 1–4 scale as PermenPANRB 90/2021 writes it: "3,60" */
export const thresholdText = (value: number) => formatNumber(value, 2, 'id');
export const countText = (value: number) => formatCount(value, 'id');
/** "12,5 %", or '–' for a share of nothing */
export const shareText = (part: number, whole: number) => (whole === 0 ? '–' : `${formatShare(part, whole, 'id')} %`);

const ROMAN = ['I', 'II', 'III', 'IV'];

/** "Triwulan III Tahun 2026", "Semester I Tahun 2026", "Tahun 2026" */
export function periodTitle(period: Period): string {
  const year = period.code.slice(0, 4);
  if (period.kind === 'tahun') return `Tahun ${year}`;
  const part = ROMAN[Number(period.code.slice(6)) - 1]!;
  return `${period.kind === 'triwulan' ? 'Triwulan' : 'Semester'} ${part} Tahun ${year}`;
}

/** 'YYYY-MM-DD' → "21 November 2026" */
export const dayText = (day: string) => dayName(day, dm);

/** An instant as the instansi's calendar day: "21 November 2026" */
export const dateText = (instant: Date, timeZone: TimeZone) => dayText(localDate(instant, timeZone));

/**
 * Where a document of the instansi is signed: its name without "Pemerintah", "Kabupaten", "Kota" or
 * "Provinsi" ("Pemerintah Kabupaten Sleman" → "Sleman").
 */
export function placeOf(instansiName: string): string {
  const place = instansiName
    .trim()
    .replace(/^pemerintah\s+/i, '')
    .replace(/^(kabupaten|kab\.|kota|provinsi)\s+/i, '')
    .trim();
  return place || instansiName;
}

/** "B (Baik)" */
export function mutuText(card: Pick<ScoreCard, 'mutu' | 'kinerja'>): string {
  return card.mutu && card.kinerja ? `${card.mutu} (${card.kinerja})` : '–';
}

export const STATUS_TEXT: Record<FollowUpStatus, string> = { planned: 'Direncanakan', in_progress: 'Dalam proses', done: 'Selesai' };

export const KIND_TEXT: Record<InstrumentKind, { short: string; long: string }> = {
  ikm: { short: 'IKM', long: 'Indeks Kepuasan Masyarakat' },
  ipak: { short: 'IPAK', long: 'Indeks Persepsi Anti Korupsi' },
  ipkp: { short: 'IPKP', long: 'Indeks Persepsi Kualitas Pelayanan' },
};

/**
 * The card of a kind that the report is about: the one of the instrument the unit asks now, else
 * the one most answered in the period (a unit that switched instruments mid-period).
 */
export function cardOf(cards: ScoredInstrument[], kind: InstrumentKind, questionnaire: Instrument[]): ScoredInstrument | undefined {
  const ofKind = cards.filter((c) => c.card.kind === kind);
  const asked = questionnaire.find((q) => q.kind === kind);
  return ofKind.find((c) => c.card.instrument === asked?.id) ?? [...ofKind].sort((a, b) => b.card.respondents - a.card.respondents)[0];
}

/** "U8 Penanganan Pengaduan, Saran dan Masukan" */
export const unsurText = (u: { code: string; name: string }) => `${u.code} ${u.name}`;

/** A list in prose: "a", "a dan b", "a, b dan c" */
export function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} dan ${words[words.length - 1]}`;
}
