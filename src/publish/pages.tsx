// The public results pages: `/p/:instansi`, `/p/:instansi/:unit[/:period]` and the instansi's logo.
// They read only the public view (published revisions, never responses), and each page is
// rendered once per view version, path, language and sort order: a request for a page already
// rendered costs a map lookup and, with a matching ETag, a 304.
import { type Context, Hono } from 'hono';
import { readLogo } from '../admin/instansi/logo.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { AppEnv } from '../http/middleware.ts';
import { formatCount, INDEX_DECIMALS, KONVERSI_DECIMALS, periodName } from '../i18n/format.ts';
import { fill, type Lang, resolveLang } from '../i18n/index.ts';
import type { Snapshot } from '../results/publication.ts';
import { parsePeriod } from '../results/period.ts';
import type { PublishDeps } from './env.ts';
import { KIND_LABEL } from '../i18n/changes.ts';
import { instrumentOf } from './page-figures.ts';
import { DEFAULT_SORT, InstansiPage, type Sort, SORT_KEYS, type SortKey } from './page-instansi.tsx';
import { ShareMeta } from './page-meta.tsx';
import { documentOf, link, num, type PageText, pageText } from './page-parts.tsx';
import { UnitPage, unitTitle } from './page-unit.tsx';
import { PAGE_CACHE, sendRendered } from './respond.ts';
import type { PublicInstansi } from './view.ts';

const HTML = 'text/html; charset=utf-8';
/** The social card (images.ts), the size it declares. */
const CARD = { width: 1200, height: 630 };
/** An SVG logo may not run scripts or load anything, even when opened on its own (as /admin/instansi/logo). */
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
const REVISION = /^[1-9][0-9]{0,8}$/;

/** `?lang=` sets the language cookie: that answer is the visitor's own, not for shared caches. */
const pageCache = (c: Context) => (c.req.query('lang') ? 'private, max-age=60' : PAGE_CACHE);

/** The page's language; the answer varies with the cookie that may carry it. */
function languageOf(c: Context): Lang {
  c.header('Vary', 'Cookie');
  return resolveLang(c);
}

function sortOf(c: Context, text: PageText): Sort {
  const key = c.req.query('sort');
  const dir = c.req.query('dir');
  if (key !== undefined && !(SORT_KEYS as readonly string[]).includes(key)) throw new AppError(400, 'bad_sort', text.pm.badSort);
  if (dir !== undefined && dir !== 'asc' && dir !== 'desc') throw new AppError(400, 'bad_dir', text.pm.badDir);
  const sortKey = (key as SortKey | undefined) ?? DEFAULT_SORT.key;
  // names A–Z, numbers best first, unless the link says otherwise
  return { key: sortKey, dir: dir ?? (sortKey === 'name' ? 'asc' : 'desc') };
}

/** "IKM 78,89 (mutu B) · IPAK 3,5000 · IPKP 3,2000 · 10 responden · Triwulan II 2026": what the unit published */
function shareDescription(text: PageText, snapshot: Snapshot): string {
  const ikm = instrumentOf(snapshot, 'ikm')?.card;
  const parts = ikm ? [fill(text.pm.ogIkm, { ikm: num(text, ikm.konversi, KONVERSI_DECIMALS), mutu: ikm.mutu ?? '–' })] : [];
  for (const kind of ['ipak', 'ipkp'] as const) {
    const card = instrumentOf(snapshot, kind)?.card;
    if (card) parts.push(`${KIND_LABEL[kind]} ${num(text, card.index, INDEX_DECIMALS)}`);
  }
  parts.push(fill(text.pm.respondents, { n: formatCount(snapshot.respondents, text.lang) }), periodName(snapshot.period, text.dm, text.lang));
  return parts.join(' · ');
}

export function pageRoutes({ db, config, views }: PublishDeps) {
  const app = new Hono<AppEnv>();
  const absolute = (path: string) => `${config.publicBaseUrl}${path}`;

  async function viewOf(c: Context): Promise<PublicInstansi> {
    const view = await views.get(c.req.param('instansi')!);
    if (!view) throw notFound('unknown instansi');
    return view;
  }

  app.get('/p/:instansi/logo', async (c) => {
    const view = await viewOf(c);
    const type = view.logoType;
    if (!type) throw notFound('no logo');
    // kept with the view like a page: the bytes are read once per view version
    const rendered = await views.render(view, 'logo', async () => {
      const logo = await readLogo(db, view.id);
      if (!logo) throw notFound('no logo');
      return new Uint8Array(logo.bytes);
    });
    if (type === 'image/svg+xml') c.header('Content-Security-Policy', SVG_POLICY);
    return sendRendered(c, rendered, type, PAGE_CACHE);
  });

  app.get('/p/:instansi', async (c) => {
    const text = pageText(languageOf(c));
    const view = await viewOf(c);
    const sort = sortOf(c, text);
    const rendered = await views.render(view, `instansi|${sort.key}|${sort.dir}|${text.lang}`, () => {
      const path = `/p/${view.slug}`;
      const keep: Record<string, string> = sort.key === DEFAULT_SORT.key && sort.dir === DEFAULT_SORT.dir ? {} : { sort: sort.key, dir: sort.dir };
      const current = view.wide.current;
      const meta = (
        <ShareMeta
          lang={text.lang}
          siteName={text.t.appName}
          title={fill(text.pm.instansiTitle, { name: view.name })}
          description={current ? shareDescription(text, current.snapshot) : fill(text.pm.instansiIntro, { name: view.name })}
          url={absolute(link(path, text.lang, keep))}
        />
      );
      return documentOf(<InstansiPage text={text} view={view} sort={sort} meta={meta} />);
    });
    return sendRendered(c, rendered, HTML, pageCache(c));
  });

  async function unitPage(c: Context, period: string | undefined) {
    const text = pageText(languageOf(c));
    const view = await viewOf(c);
    const scope = views.unit(view, c.req.param('unit')!);
    if (!scope) throw notFound('unknown unit');
    if (period !== undefined && !parsePeriod(period)) throw new AppError(400, 'bad_period', text.dm.badPeriod);
    const revision = c.req.query('revision');
    if (revision !== undefined && !REVISION.test(revision)) throw new AppError(400, 'bad_revision', text.pm.badRevision);
    // the period asked for, or the newest published one; its visible revisions, newest first
    const periodCode = period ?? scope.current?.period;
    const revisions = scope.publications.filter((p) => p.period === periodCode);
    if (period !== undefined && revisions.length === 0) throw notFound(`${period} is not published`);
    const shown = revision === undefined ? revisions[0] : revisions.find((p) => p.revision === Number(revision));
    if (revision !== undefined && !shown) throw notFound(`revision ${revision} is not published`);

    const unit = scope.unit!;
    const key = `unit|${unit.slug}|${period ?? ''}|${revision ?? ''}|${text.lang}`;
    const rendered = await views.render(view, key, () => {
      const path = `/p/${view.slug}/${unit.slug}${period ? `/${period}` : ''}`;
      const keep: Record<string, string> = revision ? { revision } : {};
      const image = shown && {
        url: absolute(link(`/p/${view.slug}/${unit.slug}/${shown.period}/card.png`, text.lang, { revision: String(shown.revision) })),
        ...CARD,
        alt: fill(text.pm.ogImageAlt, {
          unit: unit.name,
          period: periodName(shown.snapshot.period, text.dm, text.lang),
          ikm: num(text, instrumentOf(shown.snapshot, 'ikm')?.card.konversi ?? null, KONVERSI_DECIMALS),
          mutu: instrumentOf(shown.snapshot, 'ikm')?.card.mutu ?? '–',
        }),
      };
      const meta = (
        <ShareMeta
          lang={text.lang}
          siteName={text.t.appName}
          title={unitTitle(text, unit.name, shown)}
          description={shown ? shareDescription(text, shown.snapshot) : fill(text.pm.unitNone, { unit: unit.name })}
          url={absolute(link(path, text.lang, keep))}
          image={image}
        />
      );
      return documentOf(<UnitPage text={text} view={view} scope={scope} shown={shown} path={path} keep={keep} meta={meta} />);
    });
    return sendRendered(c, rendered, HTML, pageCache(c));
  }

  app.get('/p/:instansi/:unit', (c) => unitPage(c, undefined));
  app.get('/p/:instansi/:unit/:period', (c) => unitPage(c, c.req.param('period')));
  return app;
}
