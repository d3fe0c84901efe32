// The reads of the publication workspace: what the public sees of each scope, every revision of a
// scope with who published and withdrew it, and what a unit's snippets need (its indices, lokets).
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import type { InstrumentKind } from '../../instruments/schema.ts';
import { parsePeriod } from '../../results/period.ts';
import type { PublicationScope, Snapshot } from '../../results/publication.ts';

export interface PublicMark {
  period: string;
  revision: number;
  publishedAt: Date;
}

const periodEnd = (code: string) => parsePeriod(code)?.to ?? '';

/** Newest period first (by its last day, then by publication time), newest revision first: as the public views order them. */
export function byRecency(a: PublicMark, b: PublicMark): number {
  if (a.period === b.period) return b.revision - a.revision;
  return periodEnd(b.period).localeCompare(periodEnd(a.period)) || b.publishedAt.getTime() - a.publishedAt.getTime();
}

/** For every scope of the instansi (a unit id, or null for the instansi), the revision the public sees first. */
export async function latestPublic(db: Kysely<Database>, instansiId: string): Promise<Map<string | null, PublicMark>> {
  const rows = await db
    .selectFrom('publication')
    .where('instansi_id', '=', instansiId)
    .where('unpublished_at', 'is', null)
    .select(['unit_id', 'period', 'revision', 'published_at'])
    .execute();
  const latest = new Map<string | null, PublicMark>();
  for (const r of rows) {
    const mark = { period: r.period, revision: r.revision, publishedAt: r.published_at };
    const seen = latest.get(r.unit_id);
    if (!seen || byRecency(mark, seen) < 0) latest.set(r.unit_id, mark);
  }
  return latest;
}

export interface Revision extends PublicMark {
  snapshot: Snapshot;
  publishedBy: string | null;
  unpublishedAt: Date | null;
  unpublishedBy: string | null;
}

/** Every revision of the scope (withdrawn ones too), newest period and revision first, with the users' names. */
export async function scopeRevisions(db: Kysely<Database>, scope: PublicationScope): Promise<Revision[]> {
  let query = db
    .selectFrom('publication as p')
    .leftJoin('app_user as pb', 'pb.id', 'p.published_by')
    .leftJoin('app_user as ub', 'ub.id', 'p.unpublished_by')
    .where('p.instansi_id', '=', scope.instansiId)
    .select(['p.period', 'p.revision', 'p.scorecard', 'p.published_at', 'pb.name as published_by', 'p.unpublished_at', 'ub.name as unpublished_by']);
  query = scope.unitId ? query.where('p.unit_id', '=', scope.unitId) : query.where('p.unit_id', 'is', null);
  const rows = await query.orderBy('p.period', 'desc').orderBy('p.revision', 'desc').execute();
  return rows.map((r) => ({
    period: r.period,
    revision: r.revision,
    snapshot: r.scorecard as Snapshot,
    publishedAt: r.published_at,
    publishedBy: r.published_by,
    unpublishedAt: r.unpublished_at,
    unpublishedBy: r.unpublished_by,
  }));
}

/** The revision the public sees of the period (its newest, unless the period was withdrawn). */
export function publicRevision(revisions: readonly Revision[], period: string): Revision | undefined {
  const newest = revisions.find((r) => r.period === period);
  return newest && !newest.unpublishedAt ? newest : undefined;
}

export interface SnippetFacts {
  /** the indices the unit runs, in the badge's order */
  kinds: InstrumentKind[];
  /** active lokets, for a results poster each */
  lokets: { code: string; name: string }[];
}

export async function snippetFacts(db: Kysely<Database>, unitId: string): Promise<SnippetFacts> {
  const [instruments, lokets] = await Promise.all([
    db
      .selectFrom('unit_instrument as ui')
      .innerJoin('instrument as i', 'i.id', 'ui.instrument_id')
      .where('ui.unit_id', '=', unitId)
      .where('ui.enabled', '=', true)
      .select('i.kind')
      .execute(),
    db.selectFrom('loket').where('unit_id', '=', unitId).where('active', '=', true).select(['code', 'name']).orderBy('name').execute(),
  ]);
  const order: InstrumentKind[] = ['ikm', 'ipak', 'ipkp'];
  const kinds = new Set(instruments.map((i) => i.kind));
  return { kinds: order.filter((k) => kinds.has(k)), lokets };
}
