// What a review list shows: the units in the user's reach (or the one chosen), a period cut in the
// instansi's zone (default: the current triwulan), and a page cursor. Every filter is validated
// here; a bad value answers 400 naming its field, a unit, loket or layanan outside the reach 404.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import type { AdminReviewMessages } from '../../i18n/admin-review.ts';
import { fill } from '../../i18n/index.ts';
import { currentPeriod, parsePeriod } from '../../results/period.ts';
import { type ReachedUnit, reachableUnits, type SessionUser } from '../access.ts';
import { SLUG } from '../slug.ts';

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);

/** A page position: the last row shown (local day, submitted_at in microseconds since 1970, id). */
export interface Cursor {
  day: string;
  micros: number;
  id: string;
}

export const cursorOf = (row: { local_date: string; micros: number; id: string }) => `${row.local_date}_${row.micros}_${row.id}`;

const cursor = z.string().transform((v, ctx): Cursor => {
  const m = /^(\d{4}-\d{2}-\d{2})_(\d{1,17})_([0-9a-f-]{36})$/i.exec(v);
  if (!m || !isDay(m[1]!) || !UUID.test(m[3]!)) {
    ctx.addIssue({ code: 'custom', message: 'invalid' });
    return z.NEVER;
  }
  return { day: m[1]!, micros: Number(m[2]), id: m[3]!.toLowerCase() };
});

const blank = (v: unknown) => (v === '' ? undefined : v);
export const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blank, schema.optional());

/** The filters every review list takes. */
export const scopeFilters = {
  unit: optional(z.string().regex(SLUG)),
  period: optional(z.string().refine((v) => parsePeriod(v) !== undefined)),
  from: optional(z.string().refine(isDay)),
  to: optional(z.string().refine(isDay)),
  after: optional(cursor),
};

/** Parses a list's query; the first bad field answers 400 with a message that names it. */
export function parseFilters<T extends z.ZodRawShape>(shape: T, query: Record<string, string>, r: AdminReviewMessages): z.output<z.ZodObject<T>> {
  const result = z.object(shape).safeParse(query);
  if (result.success) {
    const v = result.data as { from?: string; to?: string };
    if ((v.from === undefined) !== (v.to === undefined) || (v.from && v.to && v.from > v.to)) throw new AppError(400, 'invalid', r.rangeInvalid);
    return result.data;
  }
  const field = String(result.error.issues[0]!.path[0] ?? 'query');
  const message = field === 'period' ? r.periodInvalid : field === 'from' || field === 'to' ? r.rangeInvalid : fill(r.valueInvalid, { field });
  throw new AppError(400, 'invalid', message);
}

export interface ReviewScope {
  /** every unit the user reaches (for the unit choice) */
  reach: ReachedUnit[];
  /** the units listed: the chosen one, or all in reach */
  units: ReachedUnit[];
  unit?: ReachedUnit;
  /** local days, inclusive */
  from: string;
  to: string;
  /** the period code when the range is one (the form shows it) */
  period?: string;
  /** the zone the days are cut in and times are shown in */
  zone: TimeZone;
}

/** Resolves the unit and date range of a list within the user's reach. */
export async function resolveScope(db: Kysely<Database>, user: SessionUser, filters: { unit?: string; period?: string; from?: string; to?: string }, fallbackZone: TimeZone): Promise<ReviewScope> {
  const reach = await reachableUnits(db, user);
  const unit = filters.unit === undefined ? undefined : reach.find((u) => u.slug === filters.unit);
  if (filters.unit !== undefined && !unit) throw new AppError(404, 'not_found', 'no such unit');
  const instansiId = unit?.instansiId ?? user.instansiId ?? reach[0]?.instansiId;
  const instansi = instansiId ? await db.selectFrom('instansi').where('id', '=', instansiId).select('time_zone').executeTakeFirst() : undefined;
  const zone = (instansi?.time_zone as TimeZone | undefined) ?? fallbackZone;
  const units = unit ? [unit] : reach;
  if (filters.from && filters.to) return { reach, units, unit, from: filters.from, to: filters.to, zone };
  const period = filters.period ? parsePeriod(filters.period)! : currentPeriod(zone);
  return { reach, units, unit, from: period.from, to: period.to, period: period.code, zone };
}

/**
 * Where to go after a form: the list page the form was on (`back`, with its filters), when it is
 * one of `base`'s pages; else `base`. With the outcome's notice in the query.
 */
export function returnTo(back: string | undefined, base: string, notice: Record<string, string>): string {
  const safe = back && /^\/admin\/[a-z-]+(?:\/[0-9a-f-]{36})?(?:\?[^\\]*)?$/i.test(back) && (back === base || back.startsWith(`${base}?`) || back.startsWith(`${base}/`)) ? back : base;
  const url = new URL(safe, 'https://x');
  for (const key of ['done', 'changed', 'unchanged']) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(notice)) url.searchParams.set(key, value);
  return `${url.pathname}${url.search}`;
}
