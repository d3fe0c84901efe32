// What the units, layanan and lokets screens read. Every function takes a unit the caller has
// already resolved through the user's reach (access.ts), so nothing here widens it.
import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.ts';
import { isAdmin, type ReachedUnit, reachableUnits, type SessionUser } from '../access.ts';

type Db = Kysely<Database>;

export async function unitProfile(db: Db, unitId: string) {
  return db
    .selectFrom('unit as u')
    .leftJoin('unit as p', 'p.id', 'u.parent_id')
    .where('u.id', '=', unitId)
    .select(['u.id', 'u.slug', 'u.name', 'u.head_name', 'u.head_nip', 'u.address', 'u.cooldown_minutes', 'u.flag_policy', 'u.active', 'p.slug as parent_slug', 'p.name as parent_name'])
    .executeTakeFirstOrThrow();
}

export type UnitProfile = Awaited<ReturnType<typeof unitProfile>>;

export function unitLayanan(db: Db, unitId: string) {
  return db.selectFrom('layanan').where('unit_id', '=', unitId).select(['id', 'name', 'active']).orderBy('name').execute();
}

export type LayananRow = Awaited<ReturnType<typeof unitLayanan>>[number];

export function unitLokets(db: Db, unitId: string) {
  return db
    .selectFrom('loket as k')
    .leftJoin('layanan as l', 'l.id', 'k.layanan_id')
    .where('k.unit_id', '=', unitId)
    .select(['k.code', 'k.name', 'k.active', 'k.layanan_id', 'l.name as layanan_name'])
    .orderBy('k.name')
    .execute();
}

export type LoketRow = Awaited<ReturnType<typeof unitLokets>>[number];

/** Every unit of the instansi, for choosing a parent (and knowing which units lie under which). */
export function instansiUnits(db: Db, instansiId: string) {
  return db.selectFrom('unit').where('instansi_id', '=', instansiId).select(['id', 'slug', 'name', 'parent_id']).orderBy('name').execute();
}

export type InstansiUnit = Awaited<ReturnType<typeof instansiUnits>>[number];

/** The unit and every unit under it. */
export function unitAndBelow(units: InstansiUnit[], unitId: string): Set<string> {
  const below = new Set([unitId]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const u of units) {
      if (u.parent_id && below.has(u.parent_id) && !below.has(u.id)) {
        below.add(u.id);
        grew = true;
      }
    }
  }
  return below;
}

/**
 * Which units may become this unit's parent. An admin chooses among the whole instansi; a
 * unit_admin among the units it reaches (and the current parent), so a unit it cannot see is
 * refused like one that does not exist. `options` leaves out the unit and those under it.
 */
export async function parentChoices(db: Db, user: SessionUser, unit: ReachedUnit) {
  const all = await instansiUnits(db, unit.instansiId);
  let allowed = all;
  if (!isAdmin(user)) {
    const reach = new Set((await reachableUnits(db, user)).map((u) => u.id));
    allowed = all.filter((u) => reach.has(u.id) || u.id === unit.parentId);
  }
  const below = unitAndBelow(all, unit.id);
  return { allowed, options: allowed.filter((u) => !below.has(u.id)) };
}
