// Workspace sessions: a random token in an HttpOnly cookie, only its SHA-256 stored. A session
// slides: each use pushes its expiry IDLE_MS ahead (written at most once a minute), up to a hard
// limit of MAX_AGE_MS from sign-in. Signing in always makes a new token (no fixation).
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../../db/types.ts';

export const IDLE_MS = 8 * 3_600_000;
export const MAX_AGE_MS = 7 * 24 * 3_600_000;
const TOUCH_EVERY_MS = 60_000;

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  instansiId: string | null;
  /** the units granted to a unit_admin, viewer or operator (user_unit) */
  unitIds: string[];
}

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

export async function createSession(db: Kysely<Database>, userId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('session')
    .values({ token_hash: tokenHash(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: new Date(now.getTime() + IDLE_MS) })
    .execute();
  return token;
}

/** The signed-in user of a session token, sliding its expiry; undefined when unknown, expired or revoked. */
export async function readSession(db: Kysely<Database>, token: string, now = new Date()): Promise<{ user: SessionUser; hash: string } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const hash = tokenHash(token);
  const row = await db
    .selectFrom('session as s')
    .innerJoin('app_user as u', 'u.id', 's.user_id')
    .where('s.token_hash', '=', hash)
    .where('s.revoked_at', 'is', null)
    .where('s.expires_at', '>', now)
    .where('u.active', '=', true)
    .select(['u.id', 'u.email', 'u.name', 'u.role', 'u.instansi_id', 's.created_at', 's.last_seen_at'])
    .executeTakeFirst();
  if (!row || now.getTime() - row.created_at.getTime() > MAX_AGE_MS) return undefined;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
    const expires = Math.min(now.getTime() + IDLE_MS, row.created_at.getTime() + MAX_AGE_MS);
    await db.updateTable('session').set({ last_seen_at: now, expires_at: new Date(expires) }).where('token_hash', '=', hash).execute();
  }
  const units = await db.selectFrom('user_unit').where('user_id', '=', row.id).select('unit_id').execute();
  return {
    hash,
    user: { id: row.id, email: row.email, name: row.name, role: row.role, instansiId: row.instansi_id, unitIds: units.map((u) => u.unit_id) },
  };
}

export async function revokeSession(db: Kysely<Database>, hash: string, now = new Date()): Promise<void> {
  await db.updateTable('session').set({ revoked_at: now }).where('token_hash', '=', hash).where('revoked_at', 'is', null).execute();
}

/** Ends every session of a user but one (after a password change, the other devices sign in again). */
export async function revokeOtherSessions(db: Kysely<Database>, userId: string, keepHash: string, now = new Date()): Promise<void> {
  await db.updateTable('session').set({ revoked_at: now }).where('user_id', '=', userId).where('token_hash', '<>', keepHash).where('revoked_at', 'is', null).execute();
}
