// The open-data API's JSON bodies, built from the public view only (never from responses or
// tallies), with absolute links from PUBLIC_BASE_URL. The shapes are those of api-schemas.ts; the
// routes parse every body with its schema before sending it.
import type { z } from 'zod';
import type { Publication } from '../results/publication.ts';
import { ENDPOINTS, type Endpoint, fillPath, type PathParam } from './api-endpoints.ts';
import type { instansiSchema, PublicationSummary, publicationListSchema, publicationSchema } from './api-schemas.ts';
import { instrumentOf, unitZiStanding } from './page-figures.ts';
import type { PublicInstansi, PublicScope } from './view.ts';

/** The absolute links of one instansi's public resources. */
export function linksOf(base: string, view: PublicInstansi) {
  const api = (endpoint: Endpoint, values: Partial<Record<PathParam, string>> = {}) => `${base}${fillPath(endpoint, { instansi: view.slug, ...values })}`;
  const page = (...segments: string[]) => [`${base}/p`, view.slug, ...segments].map((s, i) => (i === 0 ? s : encodeURIComponent(s))).join('/');
  const publications = (scope: PublicScope) => (scope.unit ? api(ENDPOINTS.unitPublications, { unit: scope.unit.slug }) : api(ENDPOINTS.widePublications));
  const publication = (scope: PublicScope, p: Publication, csv = false) =>
    `${scope.unit ? api(ENDPOINTS.unitPublication, { unit: scope.unit.slug, period: p.period }) : api(ENDPOINTS.widePublication, { period: p.period })}?revision=${p.revision}${csv ? '&format=csv' : ''}`;
  return {
    instansi: api(ENDPOINTS.instansi),
    instansiCsv: `${api(ENDPOINTS.instansi)}?format=csv`,
    instansiPage: page(),
    unitPage: (scope: PublicScope) => (scope.unit ? page(scope.unit.slug) : page()),
    publications,
    /** self, csv and page of one revision (the instansi-wide figure lives on the instansi's page) */
    publication: (scope: PublicScope, p: Publication) => ({
      self: publication(scope, p),
      csv: publication(scope, p, true),
      page: scope.unit ? `${page(scope.unit.slug, p.period)}?revision=${p.revision}` : page(),
    }),
    newest: (scope: PublicScope, period: string) => {
      const newest = scope.publications.find((p) => p.period === period)!;
      return publication(scope, newest);
    },
    image: (scope: PublicScope, p: Publication) => (scope.unit ? `${page(scope.unit.slug, p.period, 'card.png')}?revision=${p.revision}` : undefined),
  };
}
type Links = ReturnType<typeof linksOf>;

/** A publication in a line: what an overview shows of a unit's (or the instansi's) newest result. */
export function summaryOf(links: Links, scope: PublicScope, p: Publication): PublicationSummary {
  const card = (kind: 'ikm' | 'ipak' | 'ipkp') => instrumentOf(p.snapshot, kind)?.card ?? null;
  return {
    period: p.snapshot.period,
    revision: p.revision,
    publishedAt: p.publishedAt.toISOString(),
    respondents: p.snapshot.respondents,
    // the schema keeps only the summary's fields of each card
    ikm: card('ikm'),
    ipak: card('ipak'),
    ipkp: card('ipkp'),
    zi: unitZiStanding(p.snapshot) ?? null,
    links: links.publication(scope, p),
  };
}

export function instansiBody(base: string, view: PublicInstansi): z.input<typeof instansiSchema> {
  const links = linksOf(base, view);
  return {
    instansi: { slug: view.slug, name: view.name },
    wide: view.wide.current ? summaryOf(links, view.wide, view.wide.current) : null,
    units: view.units.map((scope) => ({
      slug: scope.unit!.slug,
      name: scope.unit!.name,
      latest: scope.current ? summaryOf(links, scope, scope.current) : null,
      links: { publications: links.publications(scope), page: links.unitPage(scope) },
    })),
    links: { self: links.instansi, csv: links.instansiCsv, page: links.instansiPage, publications: links.publications(view.wide) },
  };
}

const refOf = (scope: PublicScope) => (scope.unit ? { slug: scope.unit.slug, name: scope.unit.name } : null);

export function publicationListBody(base: string, view: PublicInstansi, scope: PublicScope): z.input<typeof publicationListSchema> {
  const links = linksOf(base, view);
  return {
    instansi: { slug: view.slug, name: view.name },
    unit: refOf(scope),
    publications: scope.publications.map((p, i, all) => ({
      period: p.period,
      kind: p.snapshot.period.kind,
      revision: p.revision,
      publishedAt: p.publishedAt.toISOString(),
      // newest revision first within a period: the first of its period is the newest
      newest: all.findIndex((q) => q.period === p.period) === i,
      links: links.publication(scope, p),
    })),
  };
}

export function publicationBody(base: string, view: PublicInstansi, scope: PublicScope, p: Publication): z.input<typeof publicationSchema> {
  const links = linksOf(base, view);
  const image = links.image(scope, p);
  return {
    instansi: { slug: view.slug, name: view.name },
    unit: refOf(scope),
    period: p.period,
    revision: p.revision,
    publishedAt: p.publishedAt.toISOString(),
    revisions: scope.publications.filter((q) => q.period === p.period).map((q) => q.revision),
    snapshot: p.snapshot,
    followUps: scope.followUps
      .filter((f) => f.period === p.period)
      .map((f) => ({ unsur: f.unsurCode, action: f.action, owner: f.owner, due: f.due, status: f.status, evidence: f.evidence, updatedAt: f.updatedAt.toISOString() })),
    links: { ...links.publication(scope, p), newest: links.newest(scope, p.period), ...(image ? { image } : {}) },
  };
}
