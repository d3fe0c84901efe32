// Quality flags stored with a response. A flag never drops a real answer: flagged responses count
// unless an admin excludes them or the unit's policy says so.
import { type Kysely, sql } from 'kysely';
import type { TimeZone } from '../config.ts';
import type { Database, ServiceHours } from '../db/types.ts';

export type QualityFlag = 'repeat_device' | 'too_fast' | 'straight_line' | 'outside_hours' | 'burst';

/** A person needs a few seconds per question; faster than this is implausible. */
export const SECONDS_PER_ITEM = 1.5;
/** Responses from one address within BURST_WINDOW before the next one is flagged as a burst. */
export const BURST_LIMIT = 20;
const BURST_WINDOW_MINUTES = 10;

export interface FlagInput {
  unitId: string;
  deviceHash: string | null;
  ipHash: string | null;
  cooldownMinutes: number;
  elapsedMs: number;
  values: number[];
  submittedAt: Date;
  timeZone: TimeZone;
  serviceHours: ServiceHours | null;
}

function localClock(at: Date, timeZone: TimeZone): { weekday: number; minutes: number } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(get('weekday')) + 1;
  return { weekday, minutes: Number(get('hour')) * 60 + Number(get('minute')) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

export function outsideServiceHours(at: Date, timeZone: TimeZone, hours: ServiceHours | null): boolean {
  if (!hours) return false;
  const { weekday, minutes } = localClock(at, timeZone);
  return !hours.days.includes(weekday) || minutes < toMinutes(hours.open) || minutes > toMinutes(hours.close);
}

export async function qualityFlags(db: Kysely<Database>, input: FlagInput): Promise<QualityFlag[]> {
  const flags: QualityFlag[] = [];
  const [device, burst] = await Promise.all([
    input.deviceHash && input.cooldownMinutes > 0
      ? db
          .selectFrom('response')
          .where('unit_id', '=', input.unitId)
          .where('client_hash', '=', input.deviceHash)
          .where('submitted_at', '>', sql<Date>`now() - make_interval(mins => ${input.cooldownMinutes})`)
          .select('id')
          .limit(1)
          .executeTakeFirst()
      : undefined,
    input.ipHash
      ? db
          .selectFrom('response')
          .where('ip_hash', '=', input.ipHash)
          .where('submitted_at', '>', sql<Date>`now() - make_interval(mins => ${BURST_WINDOW_MINUTES})`)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirst()
      : undefined,
  ]);
  if (device) flags.push('repeat_device');
  if (input.elapsedMs < input.values.length * SECONDS_PER_ITEM * 1000) flags.push('too_fast');
  if (input.values.length >= 5 && input.values.every((v) => v === input.values[0])) flags.push('straight_line');
  if (outsideServiceHours(input.submittedAt, input.timeZone, input.serviceHours)) flags.push('outside_hours');
  if (burst && Number(burst.n) >= BURST_LIMIT) flags.push('burst');
  return flags;
}
