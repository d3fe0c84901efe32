// Sign-in throttling with growing delays, per account and per client address, kept in the
// database so that it holds across processes and restarts. A few failures are free; after that
// each one doubles the wait before the next try (capped), and a success clears the account.
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/types.ts';

const FREE_FAILURES = { account: 5, address: 20 } as const; // offices share one NAT address
const MAX_DELAY_S = 15 * 60;

export type ThrottleKey = { kind: 'account' | 'address'; value: string };

const keyOf = (k: ThrottleKey) => `${k.kind}:${k.value}`;

/** Seconds to wait after `failures` failures of this kind (0: may try now). */
export function delaySeconds(kind: ThrottleKey['kind'], failures: number): number {
  const over = failures - FREE_FAILURES[kind];
  return over < 0 ? 0 : Math.min(MAX_DELAY_S, 2 ** over);
}

/** The longest wait any of the keys still has, in whole seconds (0: may try now). */
export async function waitBeforeSignIn(db: Kysely<Database>, keys: ThrottleKey[], now = new Date()): Promise<number> {
  const rows = await db.selectFrom('signin_failure').where('key', 'in', keys.map(keyOf)).select(['key', 'failures', 'last_at']).execute();
  let wait = 0;
  for (const row of rows) {
    const kind = row.key.startsWith('account:') ? 'account' : 'address';
    const until = row.last_at.getTime() + delaySeconds(kind, row.failures) * 1000;
    wait = Math.max(wait, Math.ceil((until - now.getTime()) / 1000));
  }
  return wait;
}

export async function recordFailure(db: Kysely<Database>, keys: ThrottleKey[], now = new Date()): Promise<void> {
  for (const key of keys) {
    await db
      .insertInto('signin_failure')
      .values({ key: keyOf(key), failures: 1, last_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ failures: sql`signin_failure.failures + 1`, last_at: now }))
      .execute();
  }
}

export async function clearFailures(db: Kysely<Database>, keys: ThrottleKey[]): Promise<void> {
  await db.deleteFrom('signin_failure').where('key', 'in', keys.map(keyOf)).execute();
}
