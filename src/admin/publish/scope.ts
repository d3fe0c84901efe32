// Whose results a publication page is about: a unit in the user's reach (`:unit` its slug), or the
// instansi as a whole (`_instansi`), which only those who read the whole instansi may open and only
// its admins may publish.
import type { Kysely } from 'kysely';
import type { TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import type { PublicationScope } from '../../results/publication.ts';
import { isAdmin, type ReachedUnit, type SessionUser, unitInReach, unitReach } from '../access.ts';

export const INSTANSI_SCOPE = '_instansi';

export interface PublishScope extends PublicationScope {
  /** the URL segment: the unit's slug, or `_instansi` */
  key: string;
  /** null: the whole instansi */
  unit: ReachedUnit | null;
  instansi: { slug: string; name: string; timeZone: TimeZone };
}

export const readsWholeInstansi = (user: SessionUser) => user.instansiId !== null && unitReach(user).all;

/** The scope of `:unit`; 404 outside the reach, and with `write` 403 for one the user may only read. */
export async function scopeOf(db: Kysely<Database>, user: SessionUser, key: string, { write = false } = {}): Promise<PublishScope> {
  let unit: ReachedUnit | null = null;
  if (key === INSTANSI_SCOPE) {
    if (!readsWholeInstansi(user)) throw new AppError(404, 'not_found', 'no such unit');
    if (write && !isAdmin(user)) throw new AppError(403, 'forbidden', 'only an admin of the instansi may publish its results as a whole');
  } else {
    unit = await unitInReach(db, user, key, { write });
  }
  const instansiId = unit?.instansiId ?? user.instansiId!;
  const row = await db.selectFrom('instansi').where('id', '=', instansiId).select(['slug', 'name', 'time_zone']).executeTakeFirstOrThrow();
  return { key, unit, instansiId, unitId: unit?.id ?? null, instansi: { slug: row.slug, name: row.name, timeZone: row.time_zone as TimeZone } };
}
