// Single-use invitations: a slip handed over with the service, or a link a queue-ticket system
// prints. The token is shown once (in the URL) and stored only as its SHA-256 hash; a claim is one
// conditional update, so two submissions racing for one invitation cannot both win (and
// `response.invitation_id` is unique as the second guard).
import { createHash } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { TimeZone } from '../config.ts';
import type { Database } from '../db/types.ts';
import { audit } from '../admin/audit.ts';
import { AppError, notFound } from '../http/errors.ts';

type Db = Kysely<Database> | Transaction<Database>;

/** 14 days: long enough for a slip taken home, short enough that a lost pile soon expires. */
export const DEFAULT_INVITATION_TTL_HOURS = 24 * 14;
/** 90 days */
export const MAX_INVITATION_TTL_HOURS = 2160;
export const MAX_INVITATIONS_PER_CALL = 1000;

const LOKET_CODE = /^[a-z0-9]{4,16}$/;
/** 32 random bytes in base64url, no padding */
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** 32 random bytes, base64url: Web Crypto, so it runs on Workers as well as Node. */
export function newInvitationToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function invitationUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/i/${token}`;
}

export interface LoketInfo {
  id: string;
  code: string;
  name: string;
  active: boolean;
  layananId: string | null;
  unitId: string;
  unitName: string;
  instansiId: string;
  instansiName: string;
  timeZone: TimeZone;
}

/**
 * A loket by its code with the names printed on posters and slips, active or not (the caller
 * decides); undefined for an unknown or malformed code.
 */
export async function findLoketByCode(db: Db, code: string): Promise<LoketInfo | undefined> {
  if (!LOKET_CODE.test(code)) return undefined;
  const row = await db
    .selectFrom('loket as k')
    .innerJoin('unit as u', 'u.id', 'k.unit_id')
    .innerJoin('instansi as i', 'i.id', 'u.instansi_id')
    .where('k.code', '=', code)
    .select([
      'k.id',
      'k.code',
      'k.name',
      'k.layanan_id',
      sql<boolean>`k.active and u.active`.as('active'),
      'u.id as unitId',
      'u.name as unitName',
      'i.id as instansiId',
      'i.name as instansiName',
      'i.time_zone',
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    active: row.active,
    layananId: row.layanan_id,
    unitId: row.unitId,
    unitName: row.unitName,
    instansiId: row.instansiId,
    instansiName: row.instansiName,
    timeZone: row.time_zone as TimeZone,
  };
}

const createInput = z.object({
  loketCode: z.string(),
  count: z
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, `must be 1–${MAX_INVITATIONS_PER_CALL}`)
    .max(MAX_INVITATIONS_PER_CALL, `must be 1–${MAX_INVITATIONS_PER_CALL}`),
  ttlHours: z
    .number({ error: 'must be a number' })
    .int('must be a whole number of hours')
    .min(1, `must be 1–${MAX_INVITATION_TTL_HOURS} hours`)
    .max(MAX_INVITATION_TTL_HOURS, `must be 1–${MAX_INVITATION_TTL_HOURS} hours`)
    .default(DEFAULT_INVITATION_TTL_HOURS),
});

export interface CreateInvitationsInput {
  loketCode: string;
  count: number;
  /** default 14 days (336 hours); 1–2160 */
  ttlHours?: number;
  /** the signed-in user, for the audit log (null from the command line or the API) */
  userId?: string | null;
  /** only a loket of this unit will do (the API key's unit); any other answers like an unknown one */
  unitId?: string;
  /** the API key that asked, for the audit log */
  apiKeyId?: string;
  /** when given, each invitation carries its absolute URL */
  publicBaseUrl?: string;
}

export interface CreatedInvitations {
  loket: { id: string; code: string; name: string; unitId: string; unitName: string; instansiName: string; timeZone: TimeZone };
  invitations: { id: string; token: string; url?: string; expiresAt: Date }[];
}

/** Creates `count` single-use invitations for an active loket, in one audited transaction. */
export async function createInvitations(db: Kysely<Database>, input: CreateInvitationsInput): Promise<CreatedInvitations> {
  const parsed = createInput.safeParse({ loketCode: input.loketCode, count: input.count, ttlHours: input.ttlHours });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(400, 'invalid', `${issue.path.join('.') || 'input'} ${issue.message}`);
  }
  const { loketCode, count, ttlHours } = parsed.data;
  const loket = await findLoketByCode(db, loketCode);
  // one message for unknown, inactive and another unit's loket: nothing is revealed
  if (!loket || !loket.active || (input.unitId !== undefined && loket.unitId !== input.unitId)) {
    throw notFound(`no active loket with code "${loketCode}"`);
  }
  const tokens = Array.from({ length: count }, () => newInvitationToken());
  const byHash = new Map(tokens.map((t) => [invitationTokenHash(t), t]));
  const rows = await db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('invitation')
      .values(
        [...byHash.keys()].map((hash) => ({
          unit_id: loket.unitId,
          loket_id: loket.id,
          layanan_id: loket.layananId,
          token_hash: hash,
          // the database clock, the same one claimInvitation compares with
          expires_at: sql<Date>`now() + make_interval(hours => ${ttlHours})`,
        })),
      )
      .returning(['id', 'token_hash', 'expires_at'])
      .execute();
    await audit(tx, {
      instansiId: loket.instansiId,
      userId: input.userId ?? null,
      action: 'invitation.create',
      targetType: 'loket',
      targetId: loket.id,
      detail: { loket: loket.code, count, ttlHours, ...(input.apiKeyId ? { apiKey: input.apiKeyId } : {}) },
    });
    return inserted;
  });
  const order = new Map(tokens.map((t, i) => [t, i]));
  const invitations = rows
    .map((r) => {
      const token = byHash.get(r.token_hash)!;
      return { id: r.id, token, expiresAt: r.expires_at, ...(input.publicBaseUrl ? { url: invitationUrl(input.publicBaseUrl, token) } : {}) };
    })
    .sort((a, b) => order.get(a.token)! - order.get(b.token)!);
  return {
    loket: { id: loket.id, code: loket.code, name: loket.name, unitId: loket.unitId, unitName: loket.unitName, instansiName: loket.instansiName, timeZone: loket.timeZone },
    invitations,
  };
}

export interface FoundInvitation {
  id: string;
  unitId: string;
  loketId: string | null;
  layananId: string | null;
  loketCode: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

/** The invitation of a token (used or expired ones too: the caller says which); a malformed token is not looked up. */
export async function findInvitation(db: Db, token: string): Promise<FoundInvitation | undefined> {
  if (!TOKEN.test(token)) return undefined;
  const row = await db
    .selectFrom('invitation as v')
    .leftJoin('loket as k', 'k.id', 'v.loket_id')
    .where('v.token_hash', '=', invitationTokenHash(token))
    .select(['v.id', 'v.unit_id', 'v.loket_id', 'v.layanan_id', 'k.code', 'v.expires_at', 'v.used_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    unitId: row.unit_id,
    loketId: row.loket_id,
    layananId: row.layanan_id,
    loketCode: row.code,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
  };
}

/**
 * Marks the invitation used; true when this call claimed it (unused and unexpired until now).
 * Run it in the submission's transaction: a concurrent claim waits on the row lock and then
 * finds `used_at` set, so exactly one wins.
 */
export async function claimInvitation(tx: Db, invitationId: string): Promise<boolean> {
  const row = await tx
    .updateTable('invitation')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', invitationId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
