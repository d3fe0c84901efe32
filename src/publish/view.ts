// What the public sees of an instansi, read once and kept in memory: the published revisions of
// every unit and of the instansi as a whole, the published follow-up actions, and the link to
// answer the survey. Public pages, embeds, badges and images read only this, never the responses,
// so they cost the same at a thousand responses as at a million. The workspace calls
// `invalidate()` after publishing, unpublishing or changing what the public sees; other processes
// (a second server, Workers isolates) pick the change up within the TTL.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, FollowUpStatus } from '../db/types.ts';
import { PUBLICATION_COLUMNS, type Publication, toPublication } from '../results/publication.ts';
import { parsePeriod } from '../results/period.ts';
import { SLUG } from '../admin/slug.ts';

export interface PublicFollowUp {
  id: string;
  period: string;
  unsurCode: string;
  action: string;
  owner: string | null;
  /** 'YYYY-MM-DD' */
  due: string | null;
  status: FollowUpStatus;
  evidence: string | null;
  updatedAt: Date;
}

/** One unit, or the instansi as a whole (unit null), as the public sees it. */
export interface PublicScope {
  unit: { id: string; slug: string; name: string } | null;
  /** every visible revision, newest period first (by its last day, then by publication time), newest revision first */
  publications: Publication[];
  /** the newest revision of the newest published period; undefined when nothing is published */
  current: Publication | undefined;
  /** published follow-up actions of every period (the pages show those of the period shown) */
  followUps: PublicFollowUp[];
  /** the code of an active loket, for "answer the survey" (/s/:code); null when the unit has none */
  surveyCode: string | null;
}

export interface PublicInstansi {
  id: string;
  slug: string;
  name: string;
  timeZone: string;
  /** the logo's content type when the instansi has one (served at /p/:instansi/logo) */
  logoType: string | null;
  /** origins allowed to frame the embed card; empty: any */
  embedOrigins: string[];
  wide: PublicScope;
  /** every active unit, by name, published or not */
  units: PublicScope[];
  /** changes whenever anything above may have changed: part of every ETag */
  version: string;
}

/** A rendered body kept with its view: the same page is not rendered twice for one version. */
export interface Rendered {
  body: string | Uint8Array;
  etag: string;
}

export interface PublicViews {
  /** the instansi's public view; undefined for an unknown slug */
  get(slug: string): Promise<PublicInstansi | undefined>;
  /** the scope of a unit by slug, or undefined */
  unit(view: PublicInstansi, slug: string): PublicScope | undefined;
  /** `produce()` once per view version and key; later calls get the same body and ETag */
  render(view: PublicInstansi, key: string, produce: () => Promise<string | Uint8Array> | string | Uint8Array): Promise<Rendered>;
  /** forget every view (after a publication, an unpublication or a change the public sees) */
  invalidate(): void;
}

export const PUBLIC_VIEW_TTL_MS = 30_000;
/** views of at most this many instansi stay in memory (the oldest loaded leaves first) */
const MAX_VIEWS = 200;

function periodEnd(code: string): string {
  return parsePeriod(code)?.to ?? '';
}

/** Newest period first (by its last day, then by publication time), newest revision first. */
function byRecency(a: Publication, b: Publication): number {
  if (a.period === b.period) return b.revision - a.revision;
  const ends = periodEnd(b.period).localeCompare(periodEnd(a.period));
  return ends !== 0 ? ends : b.publishedAt.getTime() - a.publishedAt.getTime();
}

export function etagOf(body: string | Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
}

async function loadView(db: Kysely<Database>, slug: string): Promise<PublicInstansi | undefined> {
  const instansi = await db.selectFrom('instansi').where('slug', '=', slug).select(['id', 'slug', 'name', 'time_zone', 'logo_type', 'embed_origins']).executeTakeFirst();
  if (!instansi) return undefined;
  const [units, publications, followUps, lokets] = await Promise.all([
    db.selectFrom('unit').where('instansi_id', '=', instansi.id).where('active', '=', true).select(['id', 'slug', 'name']).orderBy('name').execute(),
    db
      .selectFrom('publication')
      .where('instansi_id', '=', instansi.id)
      .where('unpublished_at', 'is', null)
      .select([...PUBLICATION_COLUMNS])
      .execute(),
    db
      .selectFrom('follow_up as f')
      .innerJoin('unit as u', 'u.id', 'f.unit_id')
      .where('u.instansi_id', '=', instansi.id)
      .where('f.published', '=', true)
      .select(['f.id', 'f.unit_id', 'f.period', 'f.unsur_code', 'f.action', 'f.owner', 'f.due', 'f.status', 'f.evidence', 'f.updated_at'])
      .orderBy('f.due', (ob) => ob.asc().nullsLast())
      .orderBy('f.created_at')
      .execute(),
    db
      .selectFrom('loket as l')
      .innerJoin('unit as u', 'u.id', 'l.unit_id')
      .where('u.instansi_id', '=', instansi.id)
      .where('l.active', '=', true)
      .select(['l.unit_id', 'l.code'])
      .orderBy('l.name')
      .execute(),
  ]);
  const all: Publication[] = publications
    .map(toPublication)
    .sort(byRecency);
  const scope = (unit: PublicScope['unit']): PublicScope => {
    const own = all.filter((p) => p.unitId === (unit?.id ?? null));
    return {
      unit,
      publications: own,
      current: own[0],
      followUps: unit
        ? followUps
            .filter((f) => f.unit_id === unit.id)
            .map((f) => ({ id: f.id, period: f.period, unsurCode: f.unsur_code, action: f.action, owner: f.owner, due: f.due, status: f.status, evidence: f.evidence, updatedAt: f.updated_at }))
        : [],
      surveyCode: unit ? (lokets.find((l) => l.unit_id === unit.id)?.code ?? null) : null,
    };
  };
  const view: Omit<PublicInstansi, 'version'> = {
    id: instansi.id,
    slug: instansi.slug,
    name: instansi.name,
    timeZone: instansi.time_zone,
    logoType: instansi.logo_type,
    embedOrigins: instansi.embed_origins,
    wide: scope(null),
    units: units.map((u) => scope(u)),
  };
  // the content decides the version: two processes that loaded the same data agree on every ETag
  const version = etagOf(
    JSON.stringify([
      view.name,
      view.logoType,
      view.embedOrigins,
      units,
      all.map((p) => p.id),
      followUps.map((f) => [f.id, f.updated_at.getTime()]),
      lokets,
    ]),
  ).slice(1, 13);
  return { ...view, version };
}

/** `onInvalidate`: told when the views are cleared (the whole-response cache in front of the app). */
export function publicViews(db: Kysely<Database>, ttlMs = PUBLIC_VIEW_TTL_MS, onInvalidate?: () => void): PublicViews {
  const views = new Map<string, { at: number; view: Promise<PublicInstansi | undefined> }>();
  const rendered = new WeakMap<PublicInstansi, Map<string, Promise<Rendered>>>();
  return {
    async get(slug) {
      // only what a slug can be reaches the database (PostgreSQL refuses a NUL byte in text: a 500)
      if (!SLUG.test(slug)) return undefined;
      const now = Date.now();
      const cached = views.get(slug);
      if (cached && now - cached.at < ttlMs) return cached.view;
      const view = loadView(db, slug);
      views.delete(slug);
      if (views.size >= MAX_VIEWS) views.delete(views.keys().next().value!);
      views.set(slug, { at: now, view });
      // neither a failed read nor an unknown slug is kept: made-up slugs must not push real views out
      view.then(
        (found) => found === undefined && views.get(slug)?.view === view && views.delete(slug),
        () => views.get(slug)?.view === view && views.delete(slug),
      );
      return view;
    },
    unit(view, slug) {
      return view.units.find((u) => u.unit!.slug === slug);
    },
    render(view, key, produce) {
      let bodies = rendered.get(view);
      if (!bodies) rendered.set(view, (bodies = new Map()));
      let done = bodies.get(key);
      if (!done) {
        done = Promise.resolve(produce()).then((body) => ({ body, etag: etagOf(body) }));
        bodies.set(key, done);
        done.catch(() => bodies!.delete(key));
      }
      return done;
    },
    invalidate() {
      views.clear();
      onInvalidate?.();
    },
  };
}
