// Numbers and periods as the page's language writes them: 87,64 in Bahasa Indonesia, 87.64 in
// English. Rounded half up exactly as the ScoreCard rounds (roundTo), never by toFixed alone.
import { fill, type Lang } from './index.ts';
import type { DashboardMessages } from './admin-dashboard.ts';
import type { Period } from '../results/period.ts';
import { roundTo, type ScoreCard } from '../scoring/index.ts';

/** NRR, indices and intervals: 4 decimals, as `survei score` prints them. */
export const INDEX_DECIMALS = 4;
/** konversi and the ZI worksheet value: 2 decimals (DOMAIN.md §2.2). */
export const KONVERSI_DECIMALS = 2;

export function formatNumber(value: number | null, decimals: number, lang: Lang): string {
  if (value === null) return '–';
  const text = roundTo(value, decimals).toFixed(decimals);
  return lang === 'id' ? text.replace('.', ',') : text;
}

/** A whole count with the language's thousands separator (1.234 / 1,234). */
export function formatCount(value: number, lang: Lang): string {
  return value.toLocaleString(lang === 'id' ? 'id-ID' : 'en-US');
}

/** part of whole in %, one decimal; '–' when the whole is nothing. */
export function formatShare(part: number, whole: number, lang: Lang): string {
  return whole === 0 ? '–' : formatNumber((100 * part) / whole, 1, lang);
}

const ROMAN = ['I', 'II', 'III', 'IV'];

export function periodName(period: Period, dm: DashboardMessages, lang: Lang): string {
  const year = period.code.slice(0, 4);
  const part = Number(period.code.slice(6));
  if (period.kind === 'tahun') return fill(dm.tahun, { year });
  const n = lang === 'id' ? ROMAN[part - 1]! : String(part);
  return fill(period.kind === 'triwulan' ? dm.triwulan : dm.semester, { n, year });
}

/** 'YYYY-MM-DD' → '3 Juli 2026' / '3 July 2026' */
export function dayName(day: string, dm: DashboardMessages): string {
  return `${Number(day.slice(8, 10))} ${dm.months[Number(day.slice(5, 7)) - 1]} ${day.slice(0, 4)}`;
}

export function rangeName(range: { from: string; to: string }, dm: DashboardMessages): string {
  return fill(dm.range, { from: dayName(range.from, dm), to: dayName(range.to, dm) });
}

/** "3,0412 – 3,2700 (konversi 76,03 – 81,75)": the 95 % interval of an index, or '–' without one. */
export function ci95Text(card: Pick<ScoreCard, 'ci95'>, dm: DashboardMessages, lang: Lang): string {
  if (!card.ci95) return '–';
  const [low, high] = card.ci95;
  return fill(dm.ci95Value, {
    low: formatNumber(low, INDEX_DECIMALS, lang),
    high: formatNumber(high, INDEX_DECIMALS, lang),
    lowK: formatNumber(low * 25, KONVERSI_DECIMALS, lang),
    highK: formatNumber(high * 25, KONVERSI_DECIMALS, lang),
  });
}
