// Who reaches what. Every workspace query is scoped by the signed-in user's reach:
// - operator: runs the deployment (creates instansi and their first admin); survey data only of
//   units explicitly granted to it (read-only);
// - admin: the whole of its instansi, read and write;
// - unit_admin: its own units (user_unit), read and write;
// - viewer: read-only; its units, or the whole instansi when none are named (e.g. pimpinan).
// A unit outside the reach answers 404, exactly as a unit that does not exist; a unit inside it
// that the user may only read answers 403 to a change.
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { AppError } from '../http/errors.ts';
import type { SessionUser } from './auth/session.ts';

export type { SessionUser };

export interface ReachedUnit {
  id: string;
  instansiId: string;
  slug: string;
  name: string;
  parentId: string | null;
  active: boolean;
}

export const canWrite = (user: SessionUser) => user.role === 'admin' || user.role === 'unit_admin';
export const isAdmin = (user: SessionUser) => user.role === 'admin';

/** Which units the user reaches: 'instansi' (every unit of user.instansiId) or the listed ids. */
export function unitReach(user: SessionUser): { instansiId: string | null; all: boolean; unitIds: string[] } {
  const all = user.role === 'admin' || (user.role === 'viewer' && user.unitIds.length === 0);
  return { instansiId: user.instansiId, all, unitIds: user.unitIds };
}

/** The units the user reaches, by name. */
export async function reachableUnits(db: Kysely<Database>, user: SessionUser): Promise<ReachedUnit[]> {
  const reach = unitReach(user);
  let query = db.selectFrom('unit').select(['id', 'instansi_id', 'slug', 'name', 'parent_id', 'active']).orderBy('name');
  if (reach.all) query = query.where('instansi_id', '=', reach.instansiId!);
  else if (reach.unitIds.length > 0) query = query.where('id', 'in', reach.unitIds);
  else return [];
  const rows = await query.execute();
  return rows.map((r) => ({ id: r.id, instansiId: r.instansi_id, slug: r.slug, name: r.name, parentId: r.parent_id, active: r.active }));
}

/**
 * A unit of the user's instansi by its slug, when the user reaches it (404 otherwise); with
 * `write`, 403 when the user may only read it.
 */
export async function unitInReach(db: Kysely<Database>, user: SessionUser, slug: string, { write = false } = {}): Promise<ReachedUnit> {
  const units = await reachableUnits(db, user);
  const unit = units.find((u) => u.slug === slug);
  if (!unit) throw new AppError(404, 'not_found', 'no such unit');
  if (write && !canWrite(user)) throw new AppError(403, 'forbidden', 'this account may only read');
  return unit;
}

/** The user's instansi (admins, unit_admins, viewers); 404 for an operator, who has none. */
export async function ownInstansi(db: Kysely<Database>, user: SessionUser) {
  if (!user.instansiId) throw new AppError(404, 'not_found', 'this account belongs to no instansi');
  return db.selectFrom('instansi').selectAll().where('id', '=', user.instansiId).executeTakeFirstOrThrow();
}

/** 403 unless the user is one of the roles. */
export function requireRole(user: SessionUser, ...roles: SessionUser['role'][]): void {
  if (!roles.includes(user.role)) throw new AppError(403, 'forbidden', 'this account may not do this');
}
