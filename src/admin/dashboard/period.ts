// The dashboard's period from its query: `?period=2026-Q3|2026-S1|2026`, or `?from=…&to=…` (local
// days, inclusive), or by default the current triwulan in the instansi's time zone. The trend
// shows the eight periods of the same kind ending with it (triwulan for a date range).
import { fill } from '../../i18n/index.ts';
import type { DashboardMessages } from '../../i18n/admin-dashboard.ts';
import { type Period, parsePeriod, periodOf, periodsEndingWith } from '../../results/period.ts';
import type { DateRange } from '../../results/scorecard.ts';

export const TREND_PERIODS = 8;

export interface Selection {
  range: DateRange;
  /** the period chosen; undefined for a date range */
  period?: Period;
  trend: Period[];
}

export type PeriodQuery = { ok: true; selection: Selection } | { ok: false; message: string };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
// surveys under PermenPANRB 14/2017 began well after 2000; the bounds keep date arithmetic sane
const MIN_YEAR = 2000;
const MAX_YEAR = 2100;
const yearInBounds = (value: string) => Number(value.slice(0, 4)) >= MIN_YEAR && Number(value.slice(0, 4)) <= MAX_YEAR;

/** A real calendar day 'YYYY-MM-DD' (2026-02-30 is not) in the years the dashboard covers. */
function isDay(value: string): boolean {
  const m = DAY.exec(value);
  if (!m || !yearInBounds(value)) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === value;
}

export function readPeriodQuery(query: { period?: string; from?: string; to?: string }, today: string, dm: DashboardMessages): PeriodQuery {
  const given = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : v.trim());
  const code = given(query.period);
  const from = given(query.from);
  const to = given(query.to);
  const fail = (message: string): PeriodQuery => ({ ok: false, message });
  if (code !== undefined && (from !== undefined || to !== undefined)) return fail(dm.bothGiven);
  if (from !== undefined || to !== undefined) {
    if (from === undefined) return fail(fill(dm.missingDate, { field: 'from', other: 'to' }));
    if (to === undefined) return fail(fill(dm.missingDate, { field: 'to', other: 'from' }));
    if (!isDay(from)) return fail(fill(dm.badDate, { field: 'from' }));
    if (!isDay(to)) return fail(fill(dm.badDate, { field: 'to' }));
    if (to < from) return fail(dm.rangeReversed);
    return { ok: true, selection: { range: { from, to }, trend: periodsEndingWith(periodOf(to, 'triwulan'), TREND_PERIODS) } };
  }
  const period = code === undefined ? periodOf(today, 'triwulan') : parsePeriod(code);
  if (!period || !yearInBounds(period.code)) return fail(dm.badPeriod);
  return { ok: true, selection: { range: { from: period.from, to: period.to }, period, trend: periodsEndingWith(period, TREND_PERIODS) } };
}

/** The periods the picker offers: the last eight triwulan, four semester and three tahun up to today. */
export function pickablePeriods(today: string): Period[] {
  return [...periodsEndingWith(periodOf(today, 'triwulan'), 8), ...periodsEndingWith(periodOf(today, 'semester'), 4), ...periodsEndingWith(periodOf(today, 'tahun'), 3)].reverse();
}
