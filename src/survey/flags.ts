// Quality flags stored with a response. A flag never drops a real answer: flagged responses count
// unless an admin excludes them or the unit's policy says so.
import type { TimeZone } from '../config.ts';
import type { ServiceHours } from '../db/types.ts';
import { UTC_OFFSET_MS } from '../results/period.ts';

export type QualityFlag = 'repeat_device' | 'too_fast' | 'straight_line' | 'outside_hours' | 'burst';

/** A person needs a few seconds per question; faster than this is implausible. */
export const SECONDS_PER_ITEM = 1.5;
/** Responses from one address within BURST_WINDOW before the next one is flagged as a burst. */
export const BURST_LIMIT = 20;
export const BURST_WINDOW_MINUTES = 10;

export interface FlagInput {
  elapsedMs: number;
  values: number[];
  submittedAt: Date;
  timeZone: TimeZone;
  serviceHours: ServiceHours | null;
}

// Indonesia's zones have no daylight saving: a fixed offset gives the local clock
function localClock(at: Date, timeZone: TimeZone): { weekday: number; minutes: number } {
  const local = new Date(at.getTime() + UTC_OFFSET_MS[timeZone]);
  return { weekday: ((local.getUTCDay() + 6) % 7) + 1, minutes: local.getUTCHours() * 60 + local.getUTCMinutes() };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function outsideServiceHours(at: Date, timeZone: TimeZone, hours: ServiceHours | null): boolean {
  if (!hours) return false;
  const { weekday, minutes } = localClock(at, timeZone);
  return !hours.days.includes(weekday) || minutes < toMinutes(hours.open) || minutes > toMinutes(hours.close);
}

/**
 * The flags one submission shows by itself. The ones that compare it with other responses
 * (repeat_device, burst) are added when it is folded in (results/fold.ts), in batches.
 */
export function instantFlags(input: FlagInput): QualityFlag[] {
  const flags: QualityFlag[] = [];
  if (input.elapsedMs < input.values.length * SECONDS_PER_ITEM * 1000) flags.push('too_fast');
  if (input.values.length >= 5 && input.values.every((v) => v === input.values[0])) flags.push('straight_line');
  if (outsideServiceHours(input.submittedAt, input.timeZone, input.serviceHours)) flags.push('outside_hours');
  return flags;
}
