// Reading an instansi's audit log: only its own rows (never another instansi's, never the
// operator-level rows without an instansi), newest first, in pages keyed on the id, filtered by
// action prefix, user and local date range.
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import type { FollowUpMessages } from '../../i18n/admin-followup.ts';
import { UTC_OFFSET_MS } from '../../results/period.ts';

export const AUDIT_PAGE_SIZE = 100;

export interface AuditFilters {
  /** an action or a family of them: `user` (or `user.`) matches `user` and `user.*` */
  action?: string;
  userId?: string;
  /** local calendar days in the instansi's zone, inclusive */
  from?: string;
  to?: string;
  /** the page's rows have smaller ids than this */
  before?: number;
}

export interface AuditRow {
  id: number;
  at: Date;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  address: string | null;
  userName: string | null;
  userEmail: string | null;
}

const day = z.iso.date();
const blank = (v: unknown) => (v === '' ? undefined : v);

/** The filters of a query string; a bad one answers 400 naming its field. */
export function readAuditFilters(query: Record<string, string>, ft: FollowUpMessages): AuditFilters {
  const fields = {
    action: [z.string().max(60).regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*\.?$/).transform((v) => v.replace(/\.$/, '')), ft.errAuditAction],
    user: [z.uuid(), ft.errAuditUser],
    from: [day, ft.errAuditDate],
    to: [day, ft.errAuditDate],
    before: [z.string().regex(/^[1-9]\d{0,15}$/).transform(Number), ft.errAuditBefore],
  } as const;
  const out: Record<string, unknown> = {};
  for (const [name, [schema, message]] of Object.entries(fields)) {
    const value = blank(query[name]);
    if (value === undefined) continue;
    const parsed = (schema as z.ZodType).safeParse(value);
    if (!parsed.success) throw new AppError(400, 'invalid', `${name}: ${message}`);
    out[name] = parsed.data;
  }
  const filters: AuditFilters = { action: out.action as string | undefined, userId: out.user as string | undefined, from: out.from as string | undefined, to: out.to as string | undefined, before: out.before as number | undefined };
  if (filters.from && filters.to && filters.from > filters.to) throw new AppError(400, 'invalid', `from: ${ft.errAuditRange}`);
  return filters;
}

/** The UTC instant a local day starts at in the zone. */
function startOfDay(day: string, zone: TimeZone): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - UTC_OFFSET_MS[zone]);
}

function filtered(db: Kysely<Database>, instansiId: string, zone: TimeZone, f: AuditFilters) {
  let query = db.selectFrom('audit_log as a').leftJoin('app_user as u', 'u.id', 'a.user_id').where('a.instansi_id', '=', instansiId);
  if (f.action) {
    const prefix = f.action;
    query = query.where((eb) => eb.or([eb('a.action', '=', prefix), eb(eb.fn('left', ['a.action', eb.val(prefix.length + 1)]), '=', `${prefix}.`)]));
  }
  if (f.userId) query = query.where('a.user_id', '=', f.userId);
  if (f.from) query = query.where('a.at', '>=', startOfDay(f.from, zone));
  if (f.to) query = query.where('a.at', '<', new Date(startOfDay(f.to, zone).getTime() + 86_400_000));
  if (f.before) query = query.where('a.id', '<', f.before);
  return query;
}

/** Up to `limit` rows, newest first, and the `before` of the next (older) page when there is one. */
export async function readAuditLog(db: Kysely<Database>, instansiId: string, zone: TimeZone, f: AuditFilters, limit = AUDIT_PAGE_SIZE): Promise<{ rows: AuditRow[]; older?: number }> {
  const rows = await filtered(db, instansiId, zone, f)
    .select(['a.id', 'a.at', 'a.action', 'a.target_type', 'a.target_id', 'a.detail', 'a.address', 'u.name as user_name', 'u.email as user_email'])
    .orderBy('a.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map((r) => ({
    id: Number(r.id),
    at: r.at,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    detail: r.detail,
    address: r.address,
    userName: r.user_name,
    userEmail: r.user_email,
  }));
  return { rows: page, older: rows.length > limit ? page[page.length - 1]!.id : undefined };
}

/**
 * The action families logged in the instansi (`signin`, `user`, `follow_up`…), for the filter.
 * A skip scan over the (instansi_id, action, at) index: one lookup per distinct action, however
 * long the log.
 */
export async function actionFamilies(db: Kysely<Database>, instansiId: string): Promise<string[]> {
  const { rows } = await sql<{ action: string }>`
    with recursive a(action) as (
      (select action from audit_log where instansi_id = ${instansiId} order by action limit 1)
      union all
      select (select l.action from audit_log l where l.instansi_id = ${instansiId} and l.action > a.action order by l.action limit 1)
      from a where a.action is not null
    )
    select action from a where action is not null`.execute(db);
  return [...new Set(rows.map((r) => r.action.split('.')[0]!))].sort();
}

/** The users of the instansi, for the filter. */
export function instansiUsers(db: Kysely<Database>, instansiId: string) {
  return db.selectFrom('app_user').where('instansi_id', '=', instansiId).select(['id', 'name', 'email']).orderBy('name').execute();
}
