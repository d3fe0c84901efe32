// Whose reports a page or download is about, and for which period. A unit answers 404 outside the
// user's reach (as a unit that does not exist); the instansi as a whole (`_instansi`, as on the
// publish pages) only for those who read all of it. The period of a download is required: a report
// names its period, so guessing one would hand out the wrong quarter.
import type { Kysely } from 'kysely';
import type { TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import { dashboardMessages } from '../../i18n/admin-dashboard.ts';
import { reportsMessages } from '../../i18n/admin-reports.ts';
import type { Lang } from '../../i18n/index.ts';
import { currentPeriod, type Period, periodBefore } from '../../results/period.ts';
import type { SessionUser } from '../access.ts';
import { INSTANSI_SCOPE, readsWholeInstansi } from '../publish/scope.ts';
import { readPeriodQuery } from '../dashboard/period.ts';

export { INSTANSI_SCOPE };

export interface ReportInstansiScope {
  id: string;
  slug: string;
  name: string;
  timeZone: TimeZone;
}

/** The user's instansi when the user reads all of it; 404 otherwise (as the publish page's `_instansi`). */
export async function instansiInReach(db: Kysely<Database>, user: SessionUser): Promise<ReportInstansiScope> {
  if (!readsWholeInstansi(user)) throw new AppError(404, 'not_found', 'no such unit');
  const row = await db.selectFrom('instansi').where('id', '=', user.instansiId!).select(['id', 'slug', 'name', 'time_zone']).executeTakeFirstOrThrow();
  return { id: row.id, slug: row.slug, name: row.name, timeZone: row.time_zone as TimeZone };
}

export async function timeZoneOf(db: Kysely<Database>, instansiId: string): Promise<TimeZone> {
  const row = await db.selectFrom('instansi').where('id', '=', instansiId).select('time_zone').executeTakeFirstOrThrow();
  return row.time_zone as TimeZone;
}

/** A period code as the dashboard reads it (2026-Q3, 2026-S1, 2026; years 2000–2100), or undefined. */
export function periodFromCode(code: string, lang: Lang): Period | undefined {
  // `today` only picks the default when no code is given; a code is always given here
  const read = readPeriodQuery({ period: code }, '2000-01-01', dashboardMessages(lang));
  return read.ok ? read.selection.period : undefined;
}

/** `?period=` of a download: 400 naming `period` when it is missing or not a period. */
export function requiredPeriod(value: string | undefined, lang: Lang): Period {
  const code = value?.trim() ?? '';
  if (code === '') throw new AppError(400, 'bad_period', reportsMessages(lang).errPeriodMissing);
  const period = periodFromCode(code, lang);
  if (!period) throw new AppError(400, 'bad_period', dashboardMessages(lang).badPeriod);
  return period;
}

/** `?year=` of the ZI evidence sheet: 400 naming `year` unless a year 2000–2100. */
export function requiredYear(value: string | undefined, lang: Lang): number {
  const code = value?.trim() ?? '';
  const year = /^\d{4}$/.test(code) ? Number(code) : Number.NaN;
  if (!(year >= 2000 && year <= 2100)) throw new AppError(400, 'bad_year', reportsMessages(lang).errYear);
  return year;
}

/** The period a reports page opens with: the last complete triwulan (reports follow the period). */
export function defaultReportPeriod(timeZone: TimeZone): Period {
  return periodBefore(currentPeriod(timeZone));
}
