// GET /badge/:instansi/:unit/:index.svg — a badge of one published index for an OPD's website, a
// README or a social profile: "IKM 78,89 · B", "IPKP 3,20 · WBK". It reads only the public view and
// is drawn once per view version. Its language comes from ?lang alone (it lives on other sites).
//
// Wording: the IKM shows its konversi and mutu letter, coloured by mutu. IPAK (alias ipk, the name
// units still use) and IPKP show the index with 2 decimals — the badge's room, as shields badges;
// 4 where 2 would seem to contradict the verdict —
// and the highest ZI predicate whose threshold it meets: "WBBM", "WBK", or "belum WBK" / "not yet
// WBK" when it meets neither (green, olive, orange). The 2-decimal index is only the face: the
// verdict is the snapshot's own (worksheet value ≥ threshold), and the title spells it out in the
// public pages' words, with the margin of error when the threshold lies inside the 95 % interval.
// "belum ada" (grey) when nothing is published or the publication has no such instrument.
import { Hono, type Context } from 'hono';
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { embedMessages } from '../i18n/embed.ts';
import { formatNumber, INDEX_DECIMALS, periodName } from '../i18n/format.ts';
import { fill, type Lang } from '../i18n/index.ts';
import type { AppEnv } from '../http/middleware.ts';
import { roundTo, type ScoreCard } from '../scoring/index.ts';
import { type BadgeColour, type BadgeSpec, badgeSvg } from './badge-svg.ts';
import type { PublishDeps } from './env.ts';
import { choiceOf, headlineOf, ikmFigure, ikmWords, unitOf, ziFigure, ziWords } from './headline.ts';
import { ziStanding } from './page-figures.ts';
import { SHARED_CACHE, sendRendered } from './respond.ts';
import type { PublicScope } from './view.ts';

const INDEXES = { ikm: 'ikm', ipak: 'ipak', ipk: 'ipak', ipkp: 'ipkp' } as const;
type BadgeIndex = (typeof INDEXES)[keyof typeof INDEXES];
const LABELS: Record<BadgeIndex, string> = { ikm: 'IKM', ipak: 'IPAK', ipkp: 'IPKP' };
const ZI_COLOURS = { wbbm: 'A', wbk: 'B', none: 'C' } as const satisfies Record<string, BadgeColour>;

const SVG_TYPE = 'image/svg+xml; charset=utf-8';
/** the badge is a document of its own when opened directly: no script, nothing loaded */
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
const ZI_DECIMALS = 2;

/**
 * 2 decimals, unless they would seem to contradict the verdict: an IPAK of 3,5985 reads "3,60" yet
 * misses the 3,60 threshold (its worksheet value is 15,74), so it is shown as 3,5985.
 */
export function ziDecimals(card: ScoreCard): number {
  const shown = roundTo(card.index!, ZI_DECIMALS);
  const verdicts = card.zi ? [card.zi.wbk, card.zi.wbbm] : [];
  return verdicts.some((v) => shown >= v.threshold !== v.met) ? INDEX_DECIMALS : ZI_DECIMALS;
}

function badgeOf(scope: PublicScope, index: BadgeIndex, lang: Lang): BadgeSpec {
  const em = embedMessages(lang);
  const label = LABELS[index];
  const unit = scope.unit!.name;
  const headline = headlineOf(scope);
  const card = headline?.[index];
  if (!headline || !card || card.index === null) return { label, value: em.badgeNone, colour: 'none', title: fill(em.badgeNoneTitle, { label, unit }) };
  const period = periodName(headline.period, dashboardMessages(lang), lang);
  if (index === 'ikm') {
    const { konversi, mutu } = ikmWords(card, lang);
    return { label, value: ikmFigure(card, lang), colour: card.mutu ?? 'none', title: fill(em.badgeTitle, { label, unit, period, value: `${konversi} · ${mutu}` }) };
  }
  const decimals = ziDecimals(card);
  const value = ziFigure(card, lang, decimals);
  const words = ziWords(card, lang);
  return { label, value, colour: ZI_COLOURS[ziStanding(card)?.level ?? 'none'], title: fill(em.badgeTitle, { label, unit, period, value: words ? `${formatNumber(card.index, decimals, lang)} · ${words}` : value }) };
}

function sendBadge(c: Context, spec: BadgeSpec, status: 400 | 404) {
  c.header('Cache-Control', 'no-store');
  return c.body(badgeSvg(spec), status, { 'Content-Type': SVG_TYPE });
}

export function badgeRoutes({ views }: PublishDeps) {
  const app = new Hono<AppEnv>();

  app.get('/badge/:instansi/:unit/:file', async (c) => {
    const { instansi, unit, file } = c.req.param();
    c.header('Content-Security-Policy', SVG_POLICY);
    const langChoice = choiceOf(c, 'lang', ['id', 'en'] as const);
    const lang = 'value' in langChoice ? langChoice.value : 'id';
    const em = embedMessages(lang);
    const asked = /^([a-z]+)\.svg$/.exec(file)?.[1] ?? '';
    const index = Object.hasOwn(INDEXES, asked) ? INDEXES[asked as keyof typeof INDEXES] : undefined;
    const problem = !index ? { name: 'index', allowed: Object.keys(INDEXES).join(', ') } : 'error' in langChoice ? langChoice.error : undefined;
    if (problem) {
      return sendBadge(c, { label: problem.name, value: problem.allowed, colour: 'D', title: fill(em.badgeBadTitle, { message: fill(em.badParameter, problem) }) }, 400);
    }
    const label = LABELS[index!];
    const { view, scope } = (await unitOf(views, instansi, unit)) ?? {};
    if (!view || !scope) return sendBadge(c, { label, value: em.badgeNotFound, colour: 'none', title: fill(em.badgeNotFoundTitle, { label }) }, 404);
    const rendered = await views.render(view, `badge:${unit}:${index}:${lang}`, () => badgeSvg(badgeOf(scope, index!, lang)));
    // public images: any site may also read them (a canvas, a fetch), not only show them
    c.header('Access-Control-Allow-Origin', '*');
    return sendRendered(c, rendered, SVG_TYPE, SHARED_CACHE);
  });

  return app;
}
