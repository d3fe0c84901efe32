// API keys of a unit, for machines (a queue-ticket system asking for invitation links). The key is
// shown once when made and stored only as its SHA-256 hash; a key is revoked, never deleted, so
// the audit log keeps pointing at something.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.ts';
import { AppError, notFound } from '../http/errors.ts';
import { audit } from './audit.ts';
import { type Actor, findUnit } from './org.ts';

type Db = Kysely<Database>;

const KEY = /^sk_[A-Za-z0-9_-]{43}$/;

/** `sk_` + 32 random bytes in base64url (Web Crypto, so it also runs on Workers). */
export function newApiKey(): string {
  return `sk_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')}`;
}

export function apiKeyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export const apiKeyInput = z.object({
  instansi: z.string(),
  unit: z.string(),
  name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
});

/** A new key for a unit; the returned `key` is the only time it is ever shown. */
export async function addApiKey(db: Db, input: z.input<typeof apiKeyInput>, by: Actor = { userId: null }) {
  const parsed = apiKeyInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(400, 'invalid', `${issue.path.join('.') || 'input'} ${issue.message}`);
  }
  const v = parsed.data;
  const unit = await findUnit(db, v.instansi, v.unit);
  const key = newApiKey();
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_key')
      .values({ unit_id: unit.id, name: v.name, key_hash: apiKeyHash(key), created_by: by.userId })
      .returning(['id', 'name'])
      .executeTakeFirstOrThrow();
    await audit(tx, { instansiId: unit.instansi_id, userId: by.userId, action: 'api_key.create', targetType: 'api_key', targetId: row.id, detail: { unit: unit.slug, name: row.name }, address: by.address });
    return { id: row.id, name: row.name, unit: unit.slug, key };
  });
}

/** The unit's keys, newest first; never the key itself (only its hash is kept). */
export async function listApiKeys(db: Db, instansiSlug: string, unitSlug: string) {
  const unit = await findUnit(db, instansiSlug, unitSlug);
  const rows = await keysOf(db, unit.id);
  return rows.map((r) => ({ id: r.id, name: r.name, unit: unit.slug, createdAt: r.created_at, revokedAt: r.revoked_at, active: r.revoked_at === null }));
}

/** The keys of a unit the caller has already scoped, with who made each (null: the command line). */
export async function listUnitApiKeys(db: Db, unitId: string) {
  const rows = await keysOf(db, unitId);
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, createdBy: r.created_by_name, revokedAt: r.revoked_at }));
}

function keysOf(db: Db, unitId: string) {
  return db
    .selectFrom('api_key as a')
    .leftJoin('app_user as u', 'u.id', 'a.created_by')
    .where('a.unit_id', '=', unitId)
    .select(['a.id', 'a.name', 'a.created_at', 'a.revoked_at', 'u.name as created_by_name'])
    .orderBy('a.created_at', 'desc')
    .orderBy('a.id')
    .execute();
}

/** Revokes one of the unit's keys at once; revoking a revoked key is refused (409). */
export async function revokeApiKey(db: Db, instansiSlug: string, unitSlug: string, id: string, by: Actor = { userId: null }) {
  const unit = await findUnit(db, instansiSlug, unitSlug);
  if (!z.uuid().safeParse(id).success) throw notFound(`no API key "${id}" in unit ${unit.slug}`);
  return db.transaction().execute(async (tx) => {
    const key = await tx.selectFrom('api_key').where('id', '=', id).where('unit_id', '=', unit.id).select(['id', 'name', 'revoked_at']).forUpdate().executeTakeFirst();
    if (!key) throw notFound(`no API key "${id}" in unit ${unit.slug}`);
    if (key.revoked_at) throw new AppError(409, 'revoked', `API key "${id}" (${key.name}) was already revoked`);
    const row = await tx
      .updateTable('api_key')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .returning(['id', 'name', 'revoked_at'])
      .executeTakeFirstOrThrow();
    await audit(tx, { instansiId: unit.instansi_id, userId: by.userId, action: 'api_key.revoke', targetType: 'api_key', targetId: row.id, detail: { unit: unit.slug, name: row.name }, address: by.address });
    return { id: row.id, name: row.name, unit: unit.slug, revokedAt: row.revoked_at! };
  });
}

/** The key's unit when the key is known, not revoked and its unit active; a malformed key is not looked up. */
export async function authenticateApiKey(db: Db, key: string): Promise<{ keyId: string; unitId: string } | undefined> {
  if (!KEY.test(key)) return undefined;
  const row = await db
    .selectFrom('api_key as a')
    .innerJoin('unit as u', 'u.id', 'a.unit_id')
    .where('a.key_hash', '=', apiKeyHash(key))
    .where('a.revoked_at', 'is', null)
    .where('u.active', '=', true)
    .select(['a.id', 'a.unit_id'])
    .executeTakeFirst();
  return row ? { keyId: row.id, unitId: row.unit_id } : undefined;
}
