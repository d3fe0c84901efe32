// The embed for an OPD's own website: a small card of the unit's latest published results, framed by
// the OPD's page (directly, or by /widget.js, which also sizes the frame from the card's reports).
// The card reads only the public view and is rendered once per view version; it may be framed by
// the origins on the instansi's allow-list (any when the list is empty) and by nobody else.
// Its language comes from ?lang alone: a cookie of ours on a third-party page decides nothing.
import { createHash } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { dashboardMessages } from '../i18n/admin-dashboard.ts';
import { embedMessages, type EmbedMessages } from '../i18n/embed.ts';
import { formatCount, formatNumber, INDEX_DECIMALS, periodName } from '../i18n/format.ts';
import { fill, type Lang } from '../i18n/index.ts';
import type { AppEnv } from '../http/middleware.ts';
import type { ScoreCard } from '../scoring/index.ts';
import type { PublishDeps } from './env.ts';
import { choiceOf, type Headline, headlineOf, ikmWords, unitOf, ziFigure, ziWords } from './headline.ts';
import { ziStanding } from './page-figures.ts';
import { SHARED_CACHE, sendRendered } from './respond.ts';
import { etagOf, type PublicInstansi, type PublicScope, type Rendered } from './view.ts';
import { RESIZE_JS, WIDGET_JS } from './widget.ts';

const THEMES = ['light', 'dark'] as const;
const LANGS = ['id', 'en'] as const;
const LAYOUTS = ['full', 'compact'] as const;
type Theme = (typeof THEMES)[number];
type Layout = (typeof LAYOUTS)[number];

const HTML_TYPE = 'text/html; charset=utf-8';
const JS_TYPE = 'text/javascript; charset=utf-8';
/** the scripts change only with a deploy; the ETag revalidates them after a day */
const SCRIPT_CACHE = 'public, max-age=86400';

/**
 * The card's only style, inline so the card is one request; the policy allows exactly this text by
 * its hash. Both themes keep every text at 4.5:1 or more against its background.
 */
const CARD_CSS = `:root{color-scheme:light;--bg:#fff;--fg:#1f1f1f;--muted:#595959;--link:#0b57d0;--line:#d0d0d0}
.dark{color-scheme:dark;--bg:#1e1e1e;--fg:#f2f2f2;--muted:#c8c8c8;--link:#9cc3ff;--line:#5a5a5a}
html{background:var(--bg);color:var(--fg)}
body{margin:0;padding:12px 14px;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;overflow-wrap:anywhere}
h1{font-size:1.05rem;margin:0}
p{margin:0}
.meta{color:var(--muted);font-size:.85rem;margin:2px 0 10px}
dl{display:flex;flex-wrap:wrap;gap:8px 24px;margin:0}
dt{color:var(--muted);font-size:.85rem;font-weight:600}
dd{margin:0}
abbr{text-decoration:none}
.fig{border-left:5px solid var(--line);padding-left:8px}
.mutu-A,.zi-wbbm{border-color:#1a7f37}.mutu-B,.zi-wbk{border-color:#4d7a12}.mutu-C,.zi-none{border-color:#a85400}.mutu-D{border-color:#c62828}
.big{font-size:1.75rem;font-weight:700;line-height:1.15}
.zi{margin-top:8px}
.foot{display:flex;flex-wrap:wrap;gap:4px 16px;justify-content:space-between;font-size:.85rem;margin-top:10px}
.foot span{color:var(--muted)}
a{color:var(--link)}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}`;
const CARD_CSS_HASH = `'sha256-${createHash('sha256').update(CARD_CSS).digest('base64')}'`;

/** A frame-ancestors source (scheme://host[:port], wildcards as CSP allows): anything else never reaches the header. */
const ANCESTOR = /^(?:https?:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?$/i;

/**
 * Who may frame the card: anyone when the instansi keeps no list; else the listed origins and the
 * app itself (the workspace previews the card). A list with no usable entry frames nowhere rather
 * than everywhere.
 */
export function frameAncestors(origins: readonly string[]): string {
  if (origins.length === 0) return '*';
  const usable = origins.map((o) => o.trim().replace(/\/$/, '')).filter((o) => ANCESTOR.test(o));
  return usable.length === 0 ? "'none'" : ["'self'", ...usable].join(' ');
}

function cardPolicy(origins: readonly string[]): string {
  return `default-src 'none'; script-src 'self'; style-src ${CARD_CSS_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors ${frameAncestors(origins)}`;
}

interface CardFrame {
  lang: Lang;
  theme: Theme;
  /** "instansi/unit" as the page asked for it: the height reports name it */
  unit: string;
  title: string;
  children: Child;
}

/** The document around every card, the results as well as "not found". */
function CardDocument({ lang, theme, unit, title, children }: CardFrame) {
  return (
    <html lang={lang} class={theme} data-unit={unit}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{title}</title>
        <style>{raw(CARD_CSS)}</style>
        <script src="/embed/resize.js" defer></script>
      </head>
      <body>
        <main>{children}</main>
      </body>
    </html>
  );
}

interface CardContext {
  lang: Lang;
  em: EmbedMessages;
  layout: Layout;
  view: PublicInstansi;
  unitName: string;
  /** the full results page, opened in a new tab */
  href: string;
}

function IkmFigure({ card, ctx }: { card: ScoreCard; ctx: CardContext }) {
  const { konversi, mutu } = ikmWords(card, ctx.lang);
  return (
    <div class={`fig mutu-${card.mutu ?? 'none'}`}>
      <dt>
        <abbr title={ctx.em.ikmName}>IKM</abbr>
      </dt>
      <dd>
        <span class="big">{konversi}</span> · {mutu}
      </dd>
    </div>
  );
}

function ZiFigure({ label, name, card, ctx }: { label: string; name: string; card: ScoreCard; ctx: CardContext }) {
  const level = ziStanding(card)?.level;
  const words = ziWords(card, ctx.lang);
  return (
    <div class={level ? `fig zi-${level}` : 'fig'}>
      <dt>
        <abbr title={name}>{label}</abbr>
      </dt>
      <dd>
        <span class="big">{formatNumber(card.index, INDEX_DECIMALS, ctx.lang)}</span>
        {words && <> · {words}</>}
      </dd>
    </div>
  );
}

/** Compact: IPAK and IPKP on one line, with the short status. */
function ZiLine({ headline, ctx }: { headline: Headline; ctx: CardContext }) {
  const all: [string, string, ScoreCard | undefined][] = [
    ['IPAK', ctx.em.ipakName, headline.ipak],
    ['IPKP', ctx.em.ipkpName, headline.ipkp],
  ];
  const parts = all.filter((p): p is [string, string, ScoreCard] => p[2] !== undefined);
  if (parts.length === 0) return null;
  return (
    <p class="zi">
      {parts.map(([label, name, card], i) => (
        <>
          {i > 0 && ' · '}
          <abbr title={name}>{label}</abbr> {ziFigure(card, ctx.lang, INDEX_DECIMALS)}
        </>
      ))}
    </p>
  );
}

function ResultsCard({ headline, ctx }: { headline: Headline; ctx: CardContext }) {
  const { em, lang, layout } = ctx;
  const { publication, ikm, ipak, ipkp } = headline;
  const period = periodName(headline.period, dashboardMessages(lang), lang);
  const figures = [
    ikm && <IkmFigure card={ikm} ctx={ctx} />,
    layout === 'full' && ipak && <ZiFigure label="IPAK" name={em.ipakName} card={ipak} ctx={ctx} />,
    layout === 'full' && ipkp && <ZiFigure label="IPKP" name={em.ipkpName} card={ipkp} ctx={ctx} />,
  ].filter(Boolean);
  return (
    <>
      <h1>{ctx.unitName}</h1>
      <p class="meta">
        {ctx.view.name} · {period}
        {publication.revision > 1 && ` · ${fill(em.revision, { n: publication.revision })}`}
      </p>
      {figures.length > 0 && <dl>{figures}</dl>}
      {layout === 'compact' && <ZiLine headline={headline} ctx={ctx} />}
      <p class="foot">
        {layout === 'full' && <span>n = {fill(em.respondents, { n: formatCount(publication.snapshot.respondents, lang) })}</span>}
        <a href={ctx.href} target="_blank" rel="noopener">
          {em.fullResults}
          <span class="sr"> {em.newTab}</span>
        </a>
      </p>
    </>
  );
}

async function cardHtml(frame: Omit<CardFrame, 'children'>, body: Child): Promise<string> {
  return `<!doctype html>${await (<CardDocument {...frame}>{body}</CardDocument>).toString()}`;
}

function renderCard(view: PublicInstansi, scope: PublicScope, frame: Omit<CardFrame, 'title' | 'children'>, layout: Layout, publicBaseUrl: string): Promise<string> {
  const em = embedMessages(frame.lang);
  const unitName = scope.unit!.name;
  const title = fill(em.cardTitle, { unit: unitName, instansi: view.name });
  const headline = headlineOf(scope);
  if (!headline) {
    return cardHtml(
      { ...frame, title },
      <>
        <h1>{unitName}</h1>
        <p class="meta">{view.name}</p>
        <p>{em.nothingPublished}</p>
      </>,
    );
  }
  const href = `${publicBaseUrl}/p/${view.slug}/${scope.unit!.slug}${frame.lang === 'en' ? '?lang=en' : ''}`;
  return cardHtml({ ...frame, title }, <ResultsCard headline={headline} ctx={{ lang: frame.lang, em, layout, view, unitName, href }} />);
}

/** A card that is no result (400, 404): short, framable by the same sites, never cached for long. */
async function sendProblem(c: Context, status: 400 | 404, frame: Omit<CardFrame, 'title' | 'children'>, origins: readonly string[], title: string, text: string) {
  const html = await cardHtml(
    { ...frame, title },
    <>
      <h1>{title}</h1>
      <p>{text}</p>
    </>,
  );
  c.header('Content-Security-Policy', cardPolicy(origins));
  c.header('Cache-Control', 'no-store');
  return c.html(html, status);
}

const script = (body: string): Rendered => ({ body, etag: etagOf(body) });
const WIDGET = script(WIDGET_JS);
const RESIZE = script(RESIZE_JS);

export function embedRoutes({ config, views }: PublishDeps) {
  const app = new Hono<AppEnv>();

  app.get('/widget.js', (c) => sendRendered(c, WIDGET, JS_TYPE, SCRIPT_CACHE));
  app.get('/embed/resize.js', (c) => sendRendered(c, RESIZE, JS_TYPE, SCRIPT_CACHE));

  app.get('/embed/:instansi/:unit', async (c) => {
    const { instansi, unit } = c.req.param();
    const theme = choiceOf(c, 'theme', THEMES);
    const lang = choiceOf(c, 'lang', LANGS);
    const layout = choiceOf(c, 'view', LAYOUTS);
    const frame = { lang: 'value' in lang ? lang.value : 'id', theme: 'value' in theme ? theme.value : 'light', unit: `${instansi}/${unit}` } as const;
    const em = embedMessages(frame.lang);
    for (const choice of [theme, lang, layout]) {
      if ('error' in choice) return sendProblem(c, 400, frame, [], em.badParameterTitle, fill(em.badParameter, choice.error));
    }
    const { view, scope } = (await unitOf(views, instansi, unit)) ?? {};
    if (!view || !scope) return sendProblem(c, 404, frame, view?.embedOrigins ?? [], em.notFoundTitle, em.notFoundText);
    const chosen = 'value' in layout ? layout.value : 'full';
    const rendered = await views.render(view, `embed:${unit}:${frame.theme}:${frame.lang}:${chosen}`, () => renderCard(view, scope, frame, chosen, config.publicBaseUrl));
    c.header('Content-Security-Policy', cardPolicy(view.embedOrigins));
    return sendRendered(c, rendered, HTML_TYPE, SHARED_CACHE);
  });

  return app;
}
