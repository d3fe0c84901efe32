// How an audit entry reads, on the page and in the CSV: the time in the instansi's zone, and the
// detail as plain `key: value` lines (the page escapes them like any other text).
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import { UTC_OFFSET_MS } from '../../results/period.ts';

/** '2026-07-14 12:30:05 WIB' */
export function localTime(instant: Date, zone: TimeZone): string {
  const local = new Date(instant.getTime() + UTC_OFFSET_MS[zone]).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 19)} ${TIME_ZONES[zone]}`;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v !== 'object' || v === null)) return value.map(valueText).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One `key: value` line per detail field. */
export function detailLines(detail: Record<string, unknown>): string[] {
  return Object.entries(detail).map(([key, value]) => `${key}: ${valueText(value)}`);
}
