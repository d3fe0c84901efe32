import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, Role } from '../db/types.ts';
import { isUniqueViolation } from '../db/errors.ts';
import { AppError, notFound } from '../http/errors.ts';
import { audit } from './audit.ts';
import { type Actor, findInstansi, findUnit } from './org.ts';
import { MIN_PASSWORD_LENGTH, generatePassword, hashPassword } from './password.ts';

export const userInput = z
  .object({
    email: z.string().trim().toLowerCase().pipe(z.email({ error: 'must be an e-mail address' })),
    name: z.string().trim().min(1, 'must not be empty').max(200),
    role: z.enum(['operator', 'admin', 'unit_admin', 'viewer'], { error: 'must be operator, admin, unit_admin or viewer' }),
    instansi: z.string().optional(),
    units: z.array(z.string()).default([]),
    password: z.string().min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  })
  .superRefine((v, ctx) => {
    if (v.role === 'operator' && v.instansi) ctx.addIssue({ code: 'custom', path: ['instansi'], message: 'is not given for an operator (operators run the deployment, not one instansi)' });
    if (v.role !== 'operator' && !v.instansi) ctx.addIssue({ code: 'custom', path: ['instansi'], message: `is required for role ${v.role}` });
    if (v.role === 'unit_admin' && v.units.length === 0) ctx.addIssue({ code: 'custom', path: ['units'], message: 'must name at least one unit for a unit_admin' });
    if ((v.role === 'admin' || v.role === 'operator') && v.units.length > 0) ctx.addIssue({ code: 'custom', path: ['units'], message: `are not given for role ${v.role} (it reaches the whole instansi)` });
  });

export async function addUser(db: Kysely<Database>, input: z.input<typeof userInput>, by: Actor = { userId: null }) {
  const parsed = userInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(400, 'invalid', `${issue.path.join('.') || 'input'} ${issue.message}`);
  }
  const v = parsed.data;
  const instansi = v.instansi ? await findInstansi(db, v.instansi) : null;
  const units = instansi ? await Promise.all(v.units.map((u) => findUnit(db, instansi.slug, u))) : [];
  const passwordHash = await hashPassword(v.password);
  try {
    return await db.transaction().execute(async (tx) => {
      const user = await tx
        .insertInto('app_user')
        .values({ email: v.email, name: v.name, role: v.role as Role, instansi_id: instansi?.id ?? null, password_hash: passwordHash })
        .returning(['id', 'email', 'name', 'role'])
        .executeTakeFirstOrThrow();
      if (units.length > 0) await tx.insertInto('user_unit').values(units.map((u) => ({ user_id: user.id, unit_id: u.id }))).execute();
      await audit(tx, {
        instansiId: instansi?.id ?? null,
        userId: by.userId,
        action: 'user.create',
        targetType: 'app_user',
        targetId: user.id,
        detail: { email: user.email, role: user.role, units: units.map((u) => u.slug) },
        address: by.address,
      });
      return { ...user, instansi: instansi?.slug ?? null, units: units.map((u) => u.slug) };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError(409, 'exists', `a user with e-mail ${v.email} already exists`);
    throw error;
  }
}

// ---- the users of one instansi, as its admin manages them in the workspace ------------------

/** The roles an instansi's admin hands out; operators are made from the command line only. */
export const INSTANSI_ROLES = ['admin', 'unit_admin', 'viewer'] as const;
export type InstansiRole = (typeof INSTANSI_ROLES)[number];

export interface InstansiUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** the granted units, by name */
  units: { id: string; slug: string; name: string }[];
  lastSignIn: Date | null;
}

/** The users of an instansi, by name, with their units and their last sign-in (from the audit log). */
export function listInstansiUsers(db: Kysely<Database>, instansiId: string): Promise<InstansiUser[]> {
  return loadUsers(db, instansiId);
}

/** One user of the instansi; a user of another instansi (or none) answers 404 like an unknown id. */
export async function findInstansiUser(db: Kysely<Database>, instansiId: string, id: string): Promise<InstansiUser> {
  if (!z.uuid().safeParse(id).success) throw notFound('no such user');
  const [user] = await loadUsers(db, instansiId, id);
  if (!user) throw notFound('no such user');
  return user;
}

async function loadUsers(db: Kysely<Database>, instansiId: string, id?: string): Promise<InstansiUser[]> {
  const users = await db
    .selectFrom('app_user')
    .where('instansi_id', '=', instansiId)
    .$if(id !== undefined, (q) => q.where('id', '=', id!))
    .select(['id', 'name', 'email', 'role', 'active'])
    .orderBy('name')
    .orderBy('email')
    .execute();
  if (users.length === 0) return [];
  const ids = users.map((u) => u.id);
  const grants = await db
    .selectFrom('user_unit as g')
    .innerJoin('unit as u', 'u.id', 'g.unit_id')
    .where('g.user_id', 'in', ids)
    .select(['g.user_id', 'u.id', 'u.slug', 'u.name'])
    .orderBy('u.name')
    .execute();
  const signIns = await db
    .selectFrom('audit_log')
    .where('instansi_id', '=', instansiId)
    .where('action', '=', 'signin')
    .where('user_id', 'in', ids)
    .select(['user_id', (eb) => eb.fn.max('at').as('last')])
    .groupBy('user_id')
    .execute();
  return users.map((u) => {
    const last = signIns.find((s) => s.user_id === u.id)?.last;
    return {
      ...u,
      units: grants.filter((g) => g.user_id === u.id).map((g) => ({ id: g.id, slug: g.slug, name: g.name })),
      lastSignIn: last ? new Date(last) : null,
    };
  });
}

export interface UserChange {
  role: InstansiRole;
  /** units of the same instansi (the caller checked they are) */
  unitIds: string[];
  active: boolean;
}

/**
 * Changes a user's role, units and whether it may sign in. An admin keeps its own role and access
 * (so an instansi always has the admin who is changing it); deactivating ends the user's sessions.
 */
export async function updateInstansiUser(db: Kysely<Database>, instansiId: string, id: string, change: UserChange, actor: Actor) {
  if (id === actor.userId && (change.role !== 'admin' || !change.active)) {
    throw new AppError(400, 'own_account', `${change.active ? 'role' : 'active'}: an admin cannot demote or deactivate itself`);
  }
  if (change.role === 'unit_admin' && change.unitIds.length === 0) throw new AppError(400, 'invalid', 'units must name at least one unit for a unit_admin');
  if (change.role === 'admin' && change.unitIds.length > 0) throw new AppError(400, 'invalid', 'units are not given for role admin (it reaches the whole instansi)');
  const before = await findInstansiUser(db, instansiId, id);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('app_user').set({ role: change.role, active: change.active }).where('id', '=', id).where('instansi_id', '=', instansiId).execute();
    await tx.deleteFrom('user_unit').where('user_id', '=', id).execute();
    if (change.unitIds.length > 0) await tx.insertInto('user_unit').values(change.unitIds.map((unitId) => ({ user_id: id, unit_id: unitId }))).execute();
    if (before.active && !change.active) await revokeUserSessions(tx, id);
    await audit(tx, {
      instansiId,
      userId: actor.userId,
      action: 'user.update',
      targetType: 'app_user',
      targetId: id,
      detail: {
        email: before.email,
        before: { role: before.role, units: before.units.map((u) => u.id).sort(), active: before.active },
        after: { role: change.role, units: [...change.unitIds].sort(), active: change.active },
      },
      address: actor.address,
    });
  });
}

/**
 * A new generated password for another user of the instansi (returned to be shown once); every
 * session of that user ends. Admins change their own password on the account page instead.
 */
export async function resetInstansiUserPassword(db: Kysely<Database>, instansiId: string, id: string, actor: Actor) {
  if (id === actor.userId) throw new AppError(400, 'own_account', 'password: change your own password on the account page');
  const user = await findInstansiUser(db, instansiId, id);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  await db.transaction().execute(async (tx) => {
    await tx.updateTable('app_user').set({ password_hash: passwordHash, password_changed_at: new Date() }).where('id', '=', id).execute();
    await revokeUserSessions(tx, id);
    await audit(tx, { instansiId, userId: actor.userId, action: 'user.password_reset', targetType: 'app_user', targetId: id, detail: { email: user.email }, address: actor.address });
  });
  return { id: user.id, name: user.name, email: user.email, password };
}

async function revokeUserSessions(db: Transaction<Database>, userId: string) {
  await db.updateTable('session').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
}
