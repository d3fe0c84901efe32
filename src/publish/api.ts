// Open data (issue 5 §6): the published results as JSON and CSV under /api/v1/public/…, the OpenAPI
// document at /api/v1/openapi.json and the readable page /api. Every route comes from the route
// table (api-endpoints.ts). Answers are read from the public view only (the list of instansi is one
// small query, kept 30 s), rendered once per view version with their ETag, open to every origin
// (CORS) and cacheable for 5 minutes. Errors are the JSON envelope whatever the client accepts.
//
//   GET /api/v1/public/instansi                                               instansi with results
//   GET /api/v1/public/instansi/:instansi[?format=csv]                        units and their newest results
//   GET /api/v1/public/instansi/:instansi/publications                        instansi-wide revisions
//   GET /api/v1/public/instansi/:instansi/publications/:period[?revision=N&format=csv]
//   GET /api/v1/public/instansi/:instansi/units/:unit/publications            a unit's revisions
//   GET /api/v1/public/instansi/:instansi/units/:unit/publications/:period[?revision=N&format=csv]
import { type Context, Hono } from 'hono';
import { cors } from 'hono/cors';
import type { z } from 'zod';
import { AppError, notFound } from '../http/errors.ts';
import type { AppEnv } from '../http/middleware.ts';
import { sendPage } from '../http/page.tsx';
import { resolveLang } from '../i18n/index.ts';
import type { Publication } from '../results/publication.ts';
import { instansiBody, publicationBody, publicationListBody } from './api-body.ts';
import { attachment, CSV_TYPE, unitsCsv, unsurCsv } from './api-csv.ts';
import { API_PAGE_PATH, ENDPOINTS, type Endpoint, fillPath, honoPath, OPENAPI_PATH, PUBLIC_API } from './api-endpoints.ts';
import { openApiDocument } from './api-openapi.ts';
import { type ApiExamples, ApiPage } from './api-page.tsx';
import { formatParam, instansiListSchema, instansiSchema, paramSchemas, publicationListSchema, publicationSchema } from './api-schemas.ts';
import type { PublishDeps } from './env.ts';
import { PAGE_CACHE, sendRendered } from './respond.ts';
import { etagOf, type PublicInstansi, type PublicScope, PUBLIC_VIEW_TTL_MS, type Rendered } from './view.ts';

/** Open data changes only when the team republishes: five minutes, revalidated by ETag. */
export const API_CACHE = 'public, max-age=300';
const JSON_TYPE = 'application/json; charset=utf-8';

/** A value loaded at most once per `ms`; a failed load is not kept. */
function keptFor<T>(ms: number, load: () => Promise<T>): () => Promise<T> {
  let kept: { at: number; value: Promise<T> } | undefined;
  return () => {
    const now = Date.now();
    if (kept && now - kept.at < ms) return kept.value;
    const value = load();
    const entry = { at: now, value };
    kept = entry;
    value.catch(() => kept === entry && (kept = undefined));
    return value;
  };
}

/** A query or path value checked with its schema: 400 naming the parameter. */
function checked<S extends z.ZodType>(name: string, schema: S, value: string | undefined): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError(400, 'invalid', `${name}: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

const formats = new Map<Endpoint, z.ZodType<string>>();
/** `format` of the endpoint: 'json' (default) or, where it offers one, 'csv'. */
function formatOf(c: Context, endpoint: Endpoint): string {
  let schema = formats.get(endpoint);
  if (!schema) formats.set(endpoint, (schema = formatParam(endpoint.csv)));
  return checked('format', schema, c.req.query('format'));
}

export function openDataRoutes({ db, config, views }: PublishDeps) {
  const base = config.publicBaseUrl;
  const api = new Hono<AppEnv>();
  // scripts read these answers: the envelope even for a browser, and never cached
  api.onError((error, c) => {
    if (!(error instanceof AppError)) throw error;
    c.header('Cache-Control', 'no-store');
    return c.json({ error: { code: error.code, message: error.message } }, error.status);
  });
  const open = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: ['ETag', 'Content-Disposition'], maxAge: 86_400 });
  api.use(`${PUBLIC_API}/*`, open);
  api.use(OPENAPI_PATH, open);

  const sendJson = async (c: Context, view: PublicInstansi, key: string, schema: z.ZodType, body: () => unknown) =>
    sendRendered(c, await views.render(view, key, () => JSON.stringify(schema.parse(body()))), JSON_TYPE, API_CACHE);
  const sendCsv = async (c: Context, view: PublicInstansi, key: string, filename: string, body: () => string) => {
    c.header('Content-Disposition', filename);
    return sendRendered(c, await views.render(view, key, body), CSV_TYPE, API_CACHE);
  };
  const instansiOf = async (c: Context): Promise<PublicInstansi> => {
    const slug = c.req.param('instansi')!;
    const view = await views.get(slug);
    if (!view) throw notFound(`no instansi "${slug}"`);
    return view;
  };
  /** the unit of the path, or the instansi as a whole when the path names none */
  const scopeOf = (c: Context, view: PublicInstansi): PublicScope => {
    const slug = c.req.param('unit');
    if (slug === undefined) return view.wide;
    const scope = views.unit(view, slug);
    if (!scope) throw notFound(`no unit "${slug}" in ${view.slug}`);
    return scope;
  };

  // the one read outside the views: which instansi have anything public
  const listed = keptFor(PUBLIC_VIEW_TTL_MS, async () => {
    const rows = await db
      .selectFrom('instansi as i')
      .where(({ exists, selectFrom }) => exists(selectFrom('publication as p').whereRef('p.instansi_id', '=', 'i.id').where('p.unpublished_at', 'is', null).select('p.id')))
      .select(['i.slug', 'i.name'])
      .orderBy('i.name')
      .execute();
    const body = JSON.stringify(
      instansiListSchema.parse({
        instansi: rows.map((r) => ({ slug: r.slug, name: r.name, links: { self: `${base}${fillPath(ENDPOINTS.instansi, { instansi: r.slug })}`, page: `${base}/p/${encodeURIComponent(r.slug)}` } })),
      }),
    );
    return { rows, rendered: { body, etag: etagOf(body) } satisfies Rendered };
  });

  api.get(honoPath(ENDPOINTS.instansiList), async (c) => {
    formatOf(c, ENDPOINTS.instansiList);
    return sendRendered(c, (await listed()).rendered, JSON_TYPE, API_CACHE);
  });

  api.get(honoPath(ENDPOINTS.instansi), async (c) => {
    const format = formatOf(c, ENDPOINTS.instansi);
    const view = await instansiOf(c);
    if (format === 'csv') return sendCsv(c, view, 'api:units.csv', attachment(view.slug, 'units'), () => unitsCsv(view));
    return sendJson(c, view, 'api:instansi', instansiSchema, () => instansiBody(base, view));
  });

  const list = (endpoint: Endpoint) => async (c: Context) => {
    formatOf(c, endpoint);
    const view = await instansiOf(c);
    const scope = scopeOf(c, view);
    return sendJson(c, view, `api:list:${scope.unit?.slug ?? '*'}`, publicationListSchema, () => publicationListBody(base, view, scope));
  };
  api.get(honoPath(ENDPOINTS.widePublications), list(ENDPOINTS.widePublications));
  api.get(honoPath(ENDPOINTS.unitPublications), list(ENDPOINTS.unitPublications));

  const one = (endpoint: Endpoint) => async (c: Context) => {
    const format = formatOf(c, endpoint);
    const asked = checked('revision', paramSchemas.revision, c.req.query('revision'));
    const period = checked('period', paramSchemas.period, c.req.param('period'));
    const view = await instansiOf(c);
    const scope = scopeOf(c, view);
    const revisions = scope.publications.filter((p) => p.period === period);
    const publication: Publication | undefined = asked === undefined ? revisions[0] : revisions.find((p) => p.revision === Number(asked));
    if (!publication) throw notFound(asked === undefined ? `${period} is not published` : `revision ${asked} of ${period} is not published`);
    const key = `api:${scope.unit?.slug ?? '*'}:${period}:${publication.revision}`;
    if (format === 'csv') return sendCsv(c, view, `${key}.csv`, attachment(view.slug, scope.unit?.slug ?? 'instansi', period, `r${publication.revision}`), () => unsurCsv(publication));
    return sendJson(c, view, key, publicationSchema, () => publicationBody(base, view, scope, publication));
  };
  api.get(honoPath(ENDPOINTS.widePublication), one(ENDPOINTS.widePublication));
  api.get(honoPath(ENDPOINTS.unitPublication), one(ENDPOINTS.unitPublication));

  // the document changes only with the code (and PUBLIC_BASE_URL): built once
  let document: Rendered | undefined;
  api.get(honoPath(ENDPOINTS.openapi), (c) => {
    if (!document) {
      const body = JSON.stringify(openApiDocument(config));
      document = { body, etag: etagOf(body) };
    }
    return sendRendered(c, document, JSON_TYPE, API_CACHE);
  });

  api.all(`${PUBLIC_API}/*`, (c) => {
    throw notFound(`no such open-data resource: ${c.req.path}; see ${base}${API_PAGE_PATH}`);
  });

  const app = new Hono<AppEnv>();
  app.route('/', api);
  app.get(API_PAGE_PATH, async (c) => {
    const lang = resolveLang(c);
    const first = (await listed()).rows[0];
    const view = first && (await views.get(first.slug));
    const unit = view?.units.find((u) => u.current);
    const period = unit?.current?.period ?? '2026-Q1';
    const examples: ApiExamples = { instansi: view?.slug ?? 'kab-contoh', unit: unit?.unit!.slug ?? 'dinkes', period, widePeriod: view?.wide.current?.period ?? period };
    // the language may come from the cookie: a shared cache must keep one copy per cookie
    c.header('Cache-Control', PAGE_CACHE);
    c.header('Vary', 'Cookie');
    return sendPage(c, ApiPage({ lang, base, examples }));
  });
  return app;
}
