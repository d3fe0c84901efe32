// Reading responses for review, always within the units of a ReviewScope (the user's reach).
// A page is the newest 50 of the filtered responses, walked by keyset on (local day, submitted_at,
// id): the local day is the instansi-local date of submitted_at, so the order is the order of
// submission, and it lets each unit's page be read backwards along the (unit_id, local_date) index
// (the partial saran index for the saran list) and stop after 51 rows, however many responses the
// period holds. One lateral read per unit, merged: the cost grows with the units, not the rows.
import { type Expression, type ExpressionBuilder, type Kysely, type SqlBool, sql } from 'kysely';
import type { TimeZone } from '../../config.ts';
import type { Database, ResponseTable } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import type { Instrument } from '../../instruments/schema.ts';
import type { ReachedUnit } from '../access.ts';
import { type Cursor, cursorOf, UUID } from './scope.ts';

export const PAGE_SIZE = 50;

type InResponse = ExpressionBuilder<Database & { r: ResponseTable }, 'r'>;
/** A filter on the response (alias r). */
export type Condition = (eb: InResponse) => Expression<SqlBool>;

export interface PageRequest {
  units: readonly ReachedUnit[];
  from: string;
  to: string;
  conditions: Condition[];
  after?: Cursor;
  /** only responses with a saran (read along the partial saran index) */
  withSaran?: boolean;
}

/** Microseconds since 1970: the page cursor keeps submitted_at exactly (a JS Date has only ms). */
const micros = sql<number>`(extract(epoch from r.submitted_at) * 1000000)::bigint`;

export async function pageOfResponses(db: Kysely<Database>, request: PageRequest) {
  if (request.units.length === 0) return { rows: [], next: undefined };
  const { after } = request;
  const rows = await db
    .selectFrom('unit as u')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .innerJoinLateral(
      (eb) => {
        let q = eb
          .selectFrom('response as r')
          .whereRef('r.unit_id', '=', 'u.id')
          .where('r.local_date', '>=', request.from)
          .where('r.local_date', '<=', request.to)
          .where((e) => e.and(request.conditions.map((c) => c(e))));
        if (request.withSaran) q = q.where('r.saran', 'is not', null);
        if (after) {
          q = q
            .where('r.local_date', '<=', after.day)
            .where(sql<SqlBool>`(r.local_date, r.submitted_at, r.id) < (${after.day}::date, timestamptz 'epoch' + ${after.micros}::bigint * interval '1 microsecond', ${after.id}::uuid)`);
        }
        return q
          .selectAll('r')
          .select(micros.as('micros'))
          .orderBy('r.local_date', 'desc')
          .orderBy('r.submitted_at', 'desc')
          .orderBy('r.id', 'desc')
          .limit(PAGE_SIZE + 1)
          .as('r');
      },
      (join) => join.onTrue(),
    )
    .leftJoin('loket as k', 'k.id', 'r.loket_id')
    .leftJoin('layanan as l', 'l.id', 'r.layanan_id')
    .leftJoin('app_user as x', 'x.id', 'r.excluded_by')
    .where(
      'u.id',
      'in',
      request.units.map((u) => u.id),
    )
    .selectAll('r')
    .select(['u.slug as unit_slug', 'u.name as unit_name', 'u.cooldown_minutes', 'i.time_zone', 'k.name as loket_name', 'l.name as layanan_name', 'x.name as excluded_by_name'])
    .orderBy('r.local_date', 'desc')
    .orderBy('r.submitted_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(PAGE_SIZE + 1)
    .execute();
  const page = rows.slice(0, PAGE_SIZE).map((r) => ({ ...r, time_zone: r.time_zone as TimeZone }));
  return { rows: page, next: rows.length > PAGE_SIZE ? cursorOf(page[page.length - 1]!) : undefined };
}

export type ReviewRow = Awaited<ReturnType<typeof pageOfResponses>>['rows'][number];

/** One response in full, when its unit is in the reach; 404 otherwise (as for an id that does not exist). */
export async function responseInReach(db: Kysely<Database>, units: readonly ReachedUnit[], id: string) {
  if (!UUID.test(id) || units.length === 0) throw new AppError(404, 'not_found', 'no such response');
  const row = await db
    .selectFrom('response as r')
    .innerJoin('unit as u', 'u.id', 'r.unit_id')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .leftJoin('loket as k', 'k.id', 'r.loket_id')
    .leftJoin('layanan as l', 'l.id', 'r.layanan_id')
    .leftJoin('app_user as x', 'x.id', 'r.excluded_by')
    .where('r.id', '=', id)
    .where(
      'r.unit_id',
      'in',
      units.map((u) => u.id),
    )
    .selectAll('r')
    .select(['u.slug as unit_slug', 'u.name as unit_name', 'u.cooldown_minutes', 'i.time_zone', 'k.name as loket_name', 'l.name as layanan_name', 'x.name as excluded_by_name'])
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', 'no such response');
  return { ...row, time_zone: row.time_zone as TimeZone };
}

/** 404 unless every id is a response of the units (checked before telling a read-only user 403). */
export async function assertInReach(db: Kysely<Database>, units: readonly ReachedUnit[], ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids.map((id) => id.toLowerCase()))];
  if (units.length === 0 || unique.length === 0 || !unique.every((id) => UUID.test(id))) throw new AppError(404, 'not_found', 'no such response');
  const found = await db
    .selectFrom('response')
    .where('id', 'in', unique)
    .where(
      'unit_id',
      'in',
      units.map((u) => u.id),
    )
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  if (Number(found.n) !== unique.length) throw new AppError(404, 'not_found', 'no such response');
}

/** The instruments answered (by version id): code, name and the version's definition. */
export async function answeredVersions(db: Kysely<Database>, versionIds: readonly string[]) {
  const ids = [...new Set(versionIds)].filter((v) => UUID.test(v));
  if (ids.length === 0) return new Map<string, { code: string; name: string; definition: Instrument }>();
  const rows = await db
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as n', 'n.id', 'v.instrument_id')
    .where('v.id', 'in', ids)
    .select(['v.id', 'n.code', 'n.name', 'v.definition'])
    .execute();
  return new Map(rows.map((r) => [r.id, { code: r.code, name: r.name, definition: r.definition as Instrument }]));
}

/** A loket or layanan chosen as a filter must be one of the listed units' (404 otherwise). */
export async function filterTarget(db: Kysely<Database>, table: 'loket' | 'layanan', id: string, units: readonly ReachedUnit[]) {
  const row =
    units.length === 0
      ? undefined
      : await db
          .selectFrom(table)
          .where('id', '=', id)
          .where(
            'unit_id',
            'in',
            units.map((u) => u.id),
          )
          .select(['id', 'name'])
          .executeTakeFirst();
  if (!row) throw new AppError(404, 'not_found', `no such ${table}`);
  return row;
}

/** The lokets and layanan of the listed units, for the filter choices. */
export async function filterChoices(db: Kysely<Database>, units: readonly ReachedUnit[]) {
  if (units.length === 0) return { lokets: [], layanan: [] };
  const ids = units.map((u) => u.id);
  const [lokets, layanan] = await Promise.all([
    db.selectFrom('loket as k').innerJoin('unit as u', 'u.id', 'k.unit_id').where('k.unit_id', 'in', ids).select(['k.id', 'k.name', 'u.name as unit_name']).orderBy('u.name').orderBy('k.name').execute(),
    db.selectFrom('layanan as l').innerJoin('unit as u', 'u.id', 'l.unit_id').where('l.unit_id', 'in', ids).select(['l.id', 'l.name', 'u.name as unit_name']).orderBy('u.name').orderBy('l.name').execute(),
  ]);
  return { lokets, layanan };
}
