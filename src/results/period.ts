// Survey periods (DOMAIN.md §4): triwulan 2026-Q1…Q4, semester 2026-S1/S2, tahun 2026, cut at
// midnight in the instansi's own time zone (WIB, WITA or WIT), never in UTC.
import type { TimeZone } from '../config.ts';

export type PeriodKind = 'triwulan' | 'semester' | 'tahun';

export interface Period {
  /** '2026-Q1', '2026-S2' or '2026' */
  code: string;
  kind: PeriodKind;
  /** first and last local calendar day, 'YYYY-MM-DD', inclusive */
  from: string;
  to: string;
}

const PERIOD = /^(\d{4})(?:-(Q[1-4]|S[12]))?$/;

function lastDay(year: number, month: number): string {
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${day}`;
}

export function parsePeriod(code: string): Period | undefined {
  const m = PERIOD.exec(code);
  if (!m) return undefined;
  const year = Number(m[1]);
  const part = m[2];
  const [kind, first, last]: [PeriodKind, number, number] = !part
    ? ['tahun', 1, 12]
    : part.startsWith('Q')
      ? ['triwulan', Number(part[1]) * 3 - 2, Number(part[1]) * 3]
      : ['semester', part === 'S1' ? 1 : 7, part === 'S1' ? 6 : 12];
  return { code, kind, from: `${year}-${String(first).padStart(2, '0')}-01`, to: lastDay(year, last) };
}

// Indonesia keeps no daylight saving time: each zone is a fixed offset from UTC.
export const UTC_OFFSET_MS: Record<TimeZone, number> = { 'Asia/Jakarta': 7 * 3_600_000, 'Asia/Makassar': 8 * 3_600_000, 'Asia/Jayapura': 9 * 3_600_000 };

/** The calendar day ('YYYY-MM-DD') an instant falls on in the given zone. */
export function localDate(instant: Date, timeZone: TimeZone): string {
  return new Date(instant.getTime() + UTC_OFFSET_MS[timeZone]).toISOString().slice(0, 10);
}

/** The period of a kind that contains a local day, e.g. ('2026-05-03', 'triwulan') → 2026-Q2. */
export function periodOf(day: string, kind: PeriodKind): Period {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  const code = kind === 'tahun' ? year : kind === 'semester' ? `${year}-S${month <= 6 ? 1 : 2}` : `${year}-Q${Math.ceil(month / 3)}`;
  return parsePeriod(code)!;
}

/** The period just before, of the same kind: 2026-Q1 → 2025-Q4, 2026-S1 → 2025-S2, 2026 → 2025. */
export function periodBefore(period: Period): Period {
  const dayBefore = new Date(Date.parse(`${period.from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  return periodOf(dayBefore, period.kind);
}

/** The `count` periods of the kind of `last` that end with it, oldest first. */
export function periodsEndingWith(last: Period, count: number): Period[] {
  const periods = [last];
  while (periods.length < count) periods.unshift(periodBefore(periods[0]!));
  return periods;
}

/** The period of a kind running now in an instansi's zone (the workspace's default: the current triwulan). */
export function currentPeriod(timeZone: TimeZone, kind: PeriodKind = 'triwulan', now = new Date()): Period {
  return periodOf(localDate(now, timeZone), kind);
}
