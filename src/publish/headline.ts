// The headline figures of a unit's latest publication, as the embed card and the badge show them:
// the IKM, IPAK and IPKP ScoreCards, and their short wording. Both read the same frozen snapshot,
// and the ZI standing is the public pages' own (page-figures.ts), so nothing shown can disagree.
import type { Context } from 'hono';
import { embedMessages } from '../i18n/embed.ts';
import { formatNumber, KONVERSI_DECIMALS } from '../i18n/format.ts';
import type { Lang } from '../i18n/index.ts';
import { publicMessages } from '../i18n/public.ts';
import type { Publication } from '../results/publication.ts';
import type { Period } from '../results/period.ts';
import type { ScoreCard } from '../scoring/index.ts';
import { ziStanding } from './page-figures.ts';
import type { PublicInstansi, PublicScope, PublicViews } from './view.ts';
import { SLUG } from '../admin/slug.ts';

/** The instansi's view and the unit's scope named by a path; a slug that cannot exist is not looked up. */
export async function unitOf(views: PublicViews, instansi: string, unit: string): Promise<{ view: PublicInstansi; scope: PublicScope | undefined } | undefined> {
  const view = SLUG.test(instansi) && SLUG.test(unit) ? await views.get(instansi) : undefined;
  return view && { view, scope: views.unit(view, unit) };
}

export interface Headline {
  publication: Publication;
  period: Period;
  ikm: ScoreCard | undefined;
  ipak: ScoreCard | undefined;
  ipkp: ScoreCard | undefined;
}

/** The newest revision of the newest published period; undefined when nothing is published. */
export function headlineOf(scope: PublicScope): Headline | undefined {
  const publication = scope.current;
  if (!publication) return undefined;
  // a unit runs at most one instrument of a kind in a period; the first one is the one shown
  const card = (kind: ScoreCard['kind']) => publication.snapshot.instruments.find((i) => i.card.kind === kind)?.card;
  return { publication, period: publication.snapshot.period, ikm: card('ikm'), ipak: card('ipak'), ipkp: card('ipkp') };
}

/** A query parameter with a fixed set of values: its value, the first (the default) when absent, or an error naming it. */
export function choiceOf<T extends string>(c: Context, name: string, allowed: readonly [T, ...T[]]): { value: T } | { error: { name: string; allowed: string } } {
  const asked = c.req.query(name);
  if (asked === undefined) return { value: allowed[0] };
  if ((allowed as readonly string[]).includes(asked)) return { value: asked as T };
  return { error: { name, allowed: allowed.join(', ') } };
}

/** The IKM konversi (2 decimals) and "mutu B (Baik)": the card's and the badge title's words. */
export function ikmWords(card: ScoreCard, lang: Lang): { konversi: string; mutu: string } {
  const em = embedMessages(lang);
  const kinerja = card.kinerja ? ` (${em.kinerjaName[card.kinerja]})` : '';
  return { konversi: formatNumber(card.konversi, KONVERSI_DECIMALS, lang), mutu: `${em.mutu} ${card.mutu ?? '–'}${kinerja}` };
}

/** "78,89 · B": the IKM konversi (2 decimals) and its mutu letter. */
export function ikmFigure(card: ScoreCard, lang: Lang): string {
  return `${formatNumber(card.konversi, KONVERSI_DECIMALS, lang)} · ${card.mutu ?? '–'}`;
}

/** "3,20 · WBK": an IPAK or IPKP index and, short, the highest predicate it meets (the public pages' standing). */
export function ziFigure(card: ScoreCard, lang: Lang, decimals: number): string {
  const standing = ziStanding(card);
  const index = formatNumber(card.index, decimals, lang);
  return standing ? `${index} · ${embedMessages(lang).ziShort[standing.level]}` : index;
}

/** "Belum memenuhi WBK (dalam batas margin of error)": the standing in the public pages' words. */
export function ziWords(card: ScoreCard, lang: Lang): string | undefined {
  const standing = ziStanding(card);
  if (!standing) return undefined;
  const pm = publicMessages(lang);
  return standing.withinMargin ? `${pm.ziLevel[standing.level]} (${pm.withinMargin})` : pm.ziLevel[standing.level];
}
