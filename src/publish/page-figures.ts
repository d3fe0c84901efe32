// What the public pages read off a publication, as plain values: the card of an index, its
// WBK/WBBM standing (and whether that standing holds only within the margin of error), the words
// for a change between revisions, the newest revision of each period. No markup here.
import type { TimeZone } from '../config.ts';
import type { DashboardMessages } from '../i18n/admin-dashboard.ts';
import { dayName, formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS } from '../i18n/format.ts';
import { fill, type Lang } from '../i18n/index.ts';
import type { PublicMessages } from '../i18n/public.ts';
import type { Change, PublishedInstrument, Publication, Snapshot } from '../results/publication.ts';
import { localDate, type PeriodKind } from '../results/period.ts';
import { type InstrumentKind, type ScoreCard, thresholdWithinMargin, type UnsurScore } from '../scoring/index.ts';

export type ZiLevel = 'wbbm' | 'wbk' | 'none';
export interface ZiStanding {
  level: ZiLevel;
  /** the threshold that decides the level lies inside the 95 % interval */
  withinMargin: boolean;
}

const LEVEL_RANK: Record<ZiLevel, number> = { none: 0, wbk: 1, wbbm: 2 };

export function instrumentOf(snapshot: Snapshot, kind: InstrumentKind): PublishedInstrument | undefined {
  return snapshot.instruments.find((i) => i.card.kind === kind);
}

export function instrumentName(instrument: PublishedInstrument, lang: Lang): string {
  return (lang === 'en' && instrument.en.name) || instrument.name;
}

export function unsurName(instrument: PublishedInstrument, unsur: UnsurScore, lang: Lang): string {
  return (lang === 'en' && instrument.en.unsur[unsur.code]) || unsur.name;
}

/** IPAK or IPKP against the ZI thresholds; undefined for an IKM or a card with nothing answered. */
export function ziStanding(card: ScoreCard): ZiStanding | undefined {
  const zi = card.zi;
  if (!zi) return undefined;
  const level: ZiLevel = zi.wbbm.met ? 'wbbm' : zi.wbk.met ? 'wbk' : 'none';
  // "meets WBBM" is in doubt at the WBBM threshold; "meets WBK" and "does not meet WBK" at the WBK one
  return { level, withinMargin: thresholdWithinMargin(card.ci95, level === 'wbbm' ? zi.wbbm.threshold : zi.wbk.threshold) };
}

/** A unit's standing from its IPAK and IPKP together: the lower of the two (both must meet a predicate). */
export function unitZiStanding(snapshot: Snapshot): ZiStanding | undefined {
  const standings = (['ipak', 'ipkp'] as const).map((kind) => instrumentOf(snapshot, kind)).flatMap((i) => (i ? [ziStanding(i.card)] : [])).filter((s) => s !== undefined);
  if (standings.length === 0) return undefined;
  const lowest = Math.min(...standings.map((s) => LEVEL_RANK[s.level]));
  const deciding = standings.filter((s) => LEVEL_RANK[s.level] === lowest);
  return { level: deciding[0]!.level, withinMargin: deciding.some((s) => s.withinMargin) };
}

/** The answered unsur with the lowest NRR (all of them on a tie). */
export function weakestUnsur(card: ScoreCard): UnsurScore[] {
  const answered = card.unsur.filter((u) => u.nrr !== null);
  const lowest = Math.min(...answered.map((u) => u.nrr!));
  return answered.filter((u) => u.nrr === lowest);
}

/** The day a revision was published, in the instansi's time zone: '3 Juli 2026'. */
export function publishedDay(publication: Publication, timeZone: string, dm: DashboardMessages): string {
  return dayName(localDate(publication.publishedAt, timeZone as TimeZone), dm);
}

/** The newest visible revision of each published period of a kind, oldest period first. */
export function newestPerPeriod(publications: Publication[], kind: PeriodKind): Publication[] {
  const seen = new Set<string>();
  const newest = publications.filter((p) => p.snapshot.period.kind === kind && !seen.has(p.period) && seen.add(p.period));
  return newest.reverse();
}

