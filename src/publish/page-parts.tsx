// Pieces every public results page shares: the shell (with public.css and the sharing meta), the
// headline figures of a publication, the WBK/WBBM standing, internal links.
import type { Child } from 'hono/jsx';
import { Page } from '../http/page.tsx';
import { type DashboardMessages, dashboardMessages } from '../i18n/admin-dashboard.ts';
import { formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS } from '../i18n/format.ts';
import { fill, type Lang, type Messages, messages } from '../i18n/index.ts';
import { type PublicMessages, publicMessages } from '../i18n/public.ts';
import type { Snapshot } from '../results/publication.ts';
import type { ScoreCard } from '../scoring/index.ts';
import { KIND_LABEL } from '../i18n/changes.ts';
import { instrumentOf, type ZiStanding, ziStanding } from './page-figures.ts';

/** The three catalogues a public page speaks from, in one language. */
export interface PageText {
  lang: Lang;
  t: Messages;
  dm: DashboardMessages;
  pm: PublicMessages;
}

export function pageText(lang: Lang): PageText {
  return { lang, t: messages(lang), dm: dashboardMessages(lang), pm: publicMessages(lang) };
}

/**
 * A link to another public page. English is carried in the link (not only in the cookie), so a
 * browser that refuses cookies stays in the language it chose.
 */
export function link(path: string, lang: Lang, params: Record<string, string> = {}): string {
  const query = new URLSearchParams({ ...params, ...(lang === 'en' ? { lang } : {}) }).toString();
  return query ? `${path}?${query}` : path;
}

export function PublicShell({ text, title, path, keep, meta, children }: { text: PageText; title: string; path: string; keep?: Record<string, string>; meta?: Child; children: Child }) {
  return (
    <Page
      lang={text.lang}
      t={text.t}
      title={title}
      path={path}
      keep={keep}
      head={
        <>
          <link rel="stylesheet" href="/static/public.css" />
          {meta}
        </>
      }
    >
      {children}
    </Page>
  );
}

/** A page as the full document the views cache keeps (sendPage adds the doctype the same way). */
export async function documentOf(page: { toString(): string | Promise<string> }): Promise<string> {
  return `<!doctype html>${await page.toString()}`;
}

export function num(text: PageText, value: number | null, decimals: number): string {
  return formatNumber(value, decimals, text.lang);
}

/** "B · Baik" / "B · Good (Baik)" */
export function mutuText(text: PageText, card: ScoreCard): string {
  if (!card.mutu) return '–';
  return card.kinerja ? `${card.mutu} · ${text.dm.kinerjaName[card.kinerja]}` : card.mutu;
}

/** "3,5000 · 15,31": the index and its ZI worksheet value */
export function ziFigure(text: PageText, card: ScoreCard | undefined): string {
  if (!card || card.index === null) return '–';
  return `${num(text, card.index, INDEX_DECIMALS)} · ${num(text, card.zi?.worksheetValue ?? null, KONVERSI_DECIMALS)}`;
}

export function ZiBadge({ text, standing }: { text: PageText; standing: ZiStanding | undefined }) {
  if (!standing) return <>–</>;
  const tone = standing.withinMargin ? 'warn' : standing.level === 'none' ? 'bad' : 'ok';
  return (
    <>
      <span class={`badge ${tone}`}>{text.pm.ziLevel[standing.level]}</span>
      {standing.withinMargin && <span class="margin"> ({text.pm.withinMargin})</span>}
    </>
  );
}

/** The figures a reader looks for first: IKM konversi and mutu, IPAK and IPKP with their standing, n. */
export function Headline({ text, snapshot }: { text: PageText; snapshot: Snapshot }) {
  const { pm, lang } = text;
  const ikm = instrumentOf(snapshot, 'ikm')?.card;
  const zi = (['ipak', 'ipkp'] as const).flatMap((kind) => {
    const card = instrumentOf(snapshot, kind)?.card;
    return card ? [{ kind, card }] : [];
  });
  return (
    <dl class="kpis">
      {ikm && (
        <div class="kpi">
          <dt>{pm.colIkm}</dt>
          <dd class="value">{num(text, ikm.konversi, KONVERSI_DECIMALS)}</dd>
          <dd>
            {text.dm.mutu}: {mutuText(text, ikm)}
          </dd>
        </div>
      )}
      {zi.map(({ kind, card }) => (
        <div class="kpi">
          <dt>{KIND_LABEL[kind]}</dt>
          <dd class="value">{num(text, card.index, INDEX_DECIMALS)}</dd>
          <dd>{fill(pm.ziValueShort, { value: num(text, card.zi?.worksheetValue ?? null, KONVERSI_DECIMALS) })}</dd>
          <dd>
            <ZiBadge text={text} standing={ziStanding(card)} />
          </dd>
        </div>
      ))}
      <div class="kpi">
        <dt>{text.dm.respondents}</dt>
        <dd class="value">{formatCount(snapshot.respondents, lang)}</dd>
        {snapshot.minimumSample !== null && <dd>{fill(pm.minimumShort, { minimum: formatCount(snapshot.minimumSample, lang) })}</dd>}
      </div>
    </dl>
  );
}
