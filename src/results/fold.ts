// Folding fresh submissions into what results read. A citizen's submission is one inserted row
// (survey/store.ts submissionWriter); here, in batches and in one transaction per batch, its answers
// move the per-day tallies, and the flags that compare it with other responses (same device within
// the cool-down, a burst from one address) are added. Doing
// this per batch instead of per submission is what keeps concurrent citizens from queueing on the
// same tally rows. Batches are claimed with SKIP LOCKED, so several folders never count one twice.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.ts';
import { addToTallies, TALLY_COLUMNS, tallyInputOf } from './tally.ts';
import { BURST_LIMIT, BURST_WINDOW_MINUTES, type QualityFlag } from '../survey/flags.ts';

const BATCH = 1_000;

/** Folds one batch of pending responses; returns how many it folded (0: nothing was pending). */
export async function foldPendingBatch(db: Kysely<Database>, limit = BATCH): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const pending = await tx
      .selectFrom('response')
      .where('tallied_at', 'is', null)
      .select(['id', 'flags', 'excluded_at', ...TALLY_COLUMNS])
      .orderBy('submitted_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (pending.length === 0) return 0;
    const ids = pending.map((r) => r.id);

    // flags that compare a response with the responses before it
    const [repeats, bursts] = await Promise.all([
      sql<{ id: string }>`
        select r.id from response r join unit u on u.id = r.unit_id
        where r.id = any(${ids}::uuid[]) and r.client_hash is not null and u.cooldown_minutes > 0 and exists (
          select 1 from response p
          where p.unit_id = r.unit_id and p.client_hash = r.client_hash and p.id <> r.id
            and (p.submitted_at < r.submitted_at or (p.submitted_at = r.submitted_at and p.id < r.id))
            and p.submitted_at > r.submitted_at - make_interval(mins => u.cooldown_minutes))`.execute(tx),
      sql<{ id: string }>`
        select r.id from response r
        where r.id = any(${ids}::uuid[]) and r.ip_hash is not null and (
          select count(*) from (
            select 1 from response p
            where p.ip_hash = r.ip_hash and p.id <> r.id and p.submitted_at <= r.submitted_at
              and p.submitted_at > r.submitted_at - make_interval(mins => ${BURST_WINDOW_MINUTES})
            limit ${BURST_LIMIT}) earlier) >= ${BURST_LIMIT}`.execute(tx),
    ]);
    const added = new Map<string, QualityFlag[]>();
    for (const { id } of repeats.rows) added.set(id, ['repeat_device']);
    for (const { id } of bursts.rows) added.set(id, [...(added.get(id) ?? []), 'burst']);

    // a unit whose policy excludes flagged answers: stored, excluded with the reason, restorable
    const policy = await tx
      .selectFrom('unit')
      .where('id', 'in', [...new Set(pending.map((r) => r.unit_id))])
      .where('flag_policy', '=', 'exclude')
      .select('id')
      .execute();
    const excluding = new Set(policy.map((u) => u.id));
    const reasons = pending.map((r) => {
      const flags = [...r.flags, ...(added.get(r.id) ?? [])];
      return r.excluded_at === null && flags.length > 0 && excluding.has(r.unit_id) ? `unit policy: ${flags.join(', ')}` : null;
    });
    // the flags, the exclusion and "folded" in one update: each row is rewritten once, not thrice
    await sql`
      update response r set
        tallied_at = now(),
        flags = r.flags || string_to_array(v.added, ','),
        excluded_at = case when v.reason is null then r.excluded_at else r.submitted_at end,
        excluded_reason = coalesce(v.reason, r.excluded_reason)
      from unnest(${ids}::uuid[], ${pending.map((r) => (added.get(r.id) ?? []).join(','))}::text[], ${reasons}::text[]) as v(id, added, reason)
      where r.id = v.id`.execute(tx);

    await addToTallies(
      tx,
      pending
        .filter((r, i) => r.excluded_at === null && reasons[i] === null)
        .map(tallyInputOf),
      1,
    );
    return pending.length;
  });
}

/** Folds everything pending; results call it before they read so a number is never behind. */
export async function foldPending(db: Kysely<Database>): Promise<number> {
  let total = 0;
  for (;;) {
    const folded = await foldPendingBatch(db);
    total += folded;
    if (folded < BATCH) return total;
  }
}

/** Counts submissions as they arrive, so the fold can tell a burst from ordinary traffic. */
export function arrivalMeter() {
  let count = 0;
  let since = Date.now();
  return {
    mark() {
      count += 1;
    },
    /** arrivals per second since the last call */
    perSecond(now = Date.now()): number {
      const rate = (count * 1000) / Math.max(1, now - since);
      count = 0;
      since = now;
      return rate;
    },
  };
}
export type ArrivalMeter = ReturnType<typeof arrivalMeter>;

/** Above this many submissions per second (far beyond a unit's real traffic) the fold yields. */
const BUSY_PER_SECOND = 200;
/** While busy, one batch every this many ticks: the backlog still moves, citizens come first. */
const BUSY_TICKS_PER_BATCH = 5;

/**
 * Folds in the background every `intervalMs` (Node server): everything pending, or during a burst
 * of submissions one batch every few ticks, so that acknowledging citizens keeps the CPU. Results
 * fold what is pending before they read, so a burst never makes a number stale. `stop()` waits for
 * a fold under way and folds what is left, so a clean shutdown leaves nothing pending.
 */
export function startFolding(db: Kysely<Database>, { intervalMs, log, arrivals }: { intervalMs: number; log: (line: string) => void; arrivals?: ArrivalMeter }) {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  let ticks = 0;
  const fold = (all: boolean) => {
    busy = true;
    running = running
      .then(() => (all ? foldPending(db) : foldPendingBatch(db)))
      .catch((error: unknown) => log(`fold: ${error instanceof Error ? error.message : String(error)} (will retry)`))
      .finally(() => {
        busy = false;
      });
  };
  const timer = setInterval(() => {
    ticks += 1;
    const burst = (arrivals?.perSecond() ?? 0) > BUSY_PER_SECOND;
    if (busy || (burst && ticks % BUSY_TICKS_PER_BATCH !== 0)) return;
    fold(!burst);
  }, intervalMs);
  timer.unref();
  return {
    /** resolves once the fold under way (if any) is done */
    settled: () => running.then(() => undefined),
    async stop() {
      clearInterval(timer);
      fold(true);
      await running;
    },
  };
}
