// The instansi profile: its name, time zone and service hours. The time zone cuts the days and
// periods of new responses; the service hours mark responses given outside them (survey/flags.ts).
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseTimeZone, type TimeZone } from '../../config.ts';
import type { Database, ServiceHours } from '../../db/types.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../audit.ts';
import { fieldError, list, text } from './form.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

const profileForm = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    timeZone: z.string().transform((v, ctx): TimeZone => {
      const zone = parseTimeZone(v);
      if (!zone) ctx.addIssue({ code: 'custom', message: 'must be WIB, WITA or WIT' });
      return zone!;
    }),
    hours: z.enum(['none', 'set'], { error: 'must be none or set' }),
    days: z.array(z.string().regex(/^[1-7]$/, 'must be ISO weekdays 1–7')),
    open: z.string(),
    close: z.string(),
  })
  .superRefine((v, ctx) => {
    if (v.hours === 'none') return;
    if (v.days.length === 0) ctx.addIssue({ code: 'custom', path: ['days'], message: 'must name at least one day' });
    else if (!HHMM.test(v.open)) ctx.addIssue({ code: 'custom', path: ['open'], message: 'must be HH:MM' });
    else if (!HHMM.test(v.close) || v.close <= v.open) ctx.addIssue({ code: 'custom', path: ['close'], message: 'must be HH:MM after the opening time' });
  })
  .transform((v) => ({
    name: v.name,
    timeZone: v.timeZone,
    serviceHours: v.hours === 'none' ? null : { days: [...new Set(v.days.map(Number))].sort((a, b) => a - b), open: v.open, close: v.close },
  }));

export type Profile = z.output<typeof profileForm>;

/** The profile from the form's fields; a FieldError names the first wrong one. */
export function parseProfileForm(body: Record<string, unknown>): Profile {
  const result = profileForm.safeParse({
    name: text(body, 'name'),
    timeZone: text(body, 'timeZone'),
    hours: text(body, 'hours'),
    days: list(body, 'days'),
    open: text(body, 'open'),
    close: text(body, 'close'),
  });
  if (!result.success) throw fieldError(result.error);
  return result.data;
}

export async function loadProfile(db: Kysely<Database>, instansiId: string) {
  const row = await db
    .selectFrom('instansi')
    .where('id', '=', instansiId)
    .select(['id', 'slug', 'name', 'time_zone', 'service_hours', 'logo_type'])
    .executeTakeFirst();
  if (!row) throw notFound('no such instansi');
  return { ...row, time_zone: row.time_zone as TimeZone };
}

const sameHours = (a: ServiceHours | null, b: ServiceHours | null) =>
  a === b || (a !== null && b !== null && a.open === b.open && a.close === b.close && a.days.join() === b.days.join());

/**
 * Saves the profile and audits what changed (old and new values). Returns the names of the
 * changed fields: the caller clears the questionnaire's cache when the zone or hours changed.
 */
export async function updateProfile(db: Kysely<Database>, instansiId: string, profile: Profile, by: { userId: string; address: string | null }) {
  return db.transaction().execute(async (tx) => {
    const old = await tx.selectFrom('instansi').where('id', '=', instansiId).select(['name', 'time_zone', 'service_hours']).forUpdate().executeTakeFirst();
    if (!old) throw notFound('no such instansi');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (old.name !== profile.name) changes.name = { from: old.name, to: profile.name };
    if (old.time_zone !== profile.timeZone) changes.timeZone = { from: old.time_zone, to: profile.timeZone };
    if (!sameHours(old.service_hours, profile.serviceHours)) changes.serviceHours = { from: old.service_hours, to: profile.serviceHours };
    const changed = Object.keys(changes);
    if (changed.length === 0) return changed;
    await tx
      .updateTable('instansi')
      .set({ name: profile.name, time_zone: profile.timeZone, service_hours: profile.serviceHours === null ? null : JSON.stringify(profile.serviceHours) })
      .where('id', '=', instansiId)
      .execute();
    await audit(tx, { instansiId, userId: by.userId, action: 'instansi.update', targetType: 'instansi', targetId: instansiId, detail: { changes }, address: by.address });
    return changed;
  });
}
