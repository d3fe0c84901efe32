// The instansi profile: its name, time zone, service hours and embed origins. The time zone cuts
// the days and periods of new responses; the service hours mark responses given outside them
// (survey/flags.ts); the embed origins are the sites allowed to frame the public results card.
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { parseTimeZone, type TimeZone } from '../../config.ts';
import type { Database, ServiceHours } from '../../db/types.ts';
import { notFound } from '../../http/errors.ts';
import { audit } from '../audit.ts';
import { FieldError, fieldError, list, text } from './form.ts';

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The embed card's `frame-ancestors` carries every origin: the list stays short. */
export const MAX_EMBED_ORIGINS = 50;

// http:// only for a local test server: a public site is served over https
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
const HOST = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/** The origin a line names ('https://host[:port]', a trailing slash allowed), or undefined when it names anything else. */
function originOf(line: string): string | undefined {
  if (/[\s?#]/.test(line)) return undefined;
  let url: URL;
  try {
    url = new URL(line);
  } catch {
    return undefined;
  }
  const secure = url.protocol === 'https:' && HOST.test(url.hostname);
  const local = url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname);
  if (!(secure || local) || url.username || url.password || url.pathname !== '/' || !/^https?:\/\/[^/]+\/?$/i.test(line)) return undefined;
  return url.origin;
}

/** One origin per line (blank lines skipped, repeats kept once); an issue names the first wrong line. */
const embedOriginsField = z.string().transform((lines, ctx) => {
  const origins: string[] = [];
  for (const [i, raw] of lines.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const origin = originOf(line);
    if (!origin) {
      ctx.addIssue({ code: 'custom', path: [i + 1], message: `line ${i + 1} ("${line}") must be an origin such as https://dinkes.example.go.id, without a path`, params: { line: i + 1, value: line } });
      return z.NEVER;
    }
    if (!origins.includes(origin)) origins.push(origin);
  }
  if (origins.length > MAX_EMBED_ORIGINS) ctx.addIssue({ code: 'custom', message: `must list at most ${MAX_EMBED_ORIGINS} origins` });
  return origins;
});

/** A refused embed-origins field: the line (from 1) and its text, or neither when there are too many. */
export class EmbedOriginsError extends FieldError {
  constructor(
    message: string,
    readonly line?: number,
    readonly value?: string,
  ) {
    super(400, 'embedOrigins', message);
  }
}

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
    /** absent from the form: the origins stay as they are */
    embedOrigins: embedOriginsField.optional(),
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
    embedOrigins: v.embedOrigins,
  }));

export type Profile = z.output<typeof profileForm>;

/** The profile form's fields as posted (to validate them, or to show a refused form as it was typed). */
export function postedProfile(body: Record<string, unknown>) {
  return {
    name: text(body, 'name'),
    timeZone: text(body, 'timeZone'),
    hours: text(body, 'hours'),
    days: list(body, 'days'),
    open: text(body, 'open'),
    close: text(body, 'close'),
    embedOrigins: 'embedOrigins' in body ? text(body, 'embedOrigins') : undefined,
  };
}

/** The profile from the form's fields; a FieldError names the first wrong one. */
export function parseProfileForm(body: Record<string, unknown>): Profile {
  const result = profileForm.safeParse(postedProfile(body));
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  if (issue.path[0] === 'embedOrigins') {
    const where = issue.code === 'custom' ? (issue.params as { line?: number; value?: string } | undefined) : undefined;
    throw new EmbedOriginsError(`embedOrigins: ${issue.message}`, where?.line, where?.value);
  }
  throw fieldError(result.error);
}

export async function loadProfile(db: Kysely<Database>, instansiId: string) {
  const row = await db
    .selectFrom('instansi')
    .where('id', '=', instansiId)
    .select(['id', 'slug', 'name', 'time_zone', 'service_hours', 'logo_type', 'embed_origins'])
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
    const old = await tx.selectFrom('instansi').where('id', '=', instansiId).select(['name', 'time_zone', 'service_hours', 'embed_origins']).forUpdate().executeTakeFirst();
    if (!old) throw notFound('no such instansi');
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (old.name !== profile.name) changes.name = { from: old.name, to: profile.name };
    if (old.time_zone !== profile.timeZone) changes.timeZone = { from: old.time_zone, to: profile.timeZone };
    if (!sameHours(old.service_hours, profile.serviceHours)) changes.serviceHours = { from: old.service_hours, to: profile.serviceHours };
    const origins = profile.embedOrigins ?? old.embed_origins;
    if (origins.join('\n') !== old.embed_origins.join('\n')) changes.embedOrigins = { from: old.embed_origins, to: origins };
    const changed = Object.keys(changes);
    if (changed.length === 0) return changed;
    await tx
      .updateTable('instansi')
      .set({ name: profile.name, time_zone: profile.timeZone, service_hours: profile.serviceHours === null ? null : JSON.stringify(profile.serviceHours), embed_origins: origins })
      .where('id', '=', instansiId)
      .execute();
    await audit(tx, { instansiId, userId: by.userId, action: 'instansi.update', targetType: 'instansi', targetId: instansiId, detail: { changes }, address: by.address });
    return changed;
  });
}
