// Shared by the fuzz suites: how many cases, which seed (printed, so a failure can be replayed with
// FUZZ_SEED and FUZZ_PATH), a watch on unhandled rejections, and a fingerprint of the database
// (row counts of every table) to prove that a refused input stored nothing.
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../src/db/types.ts';

/** Cases per target: 1,000 in CI, `npm run test:fuzz` runs 10,000. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 1000);

/** Generous per-test time: the slowest target takes about 40 ms a case on a loaded CI core. */
export const fuzzTimeout = (msPerCase = 60) => 60_000 + FUZZ_RUNS * msPerCase;

/**
 * fast-check parameters for one property, its seed printed first. FUZZ_SEED (and FUZZ_PATH, from
 * fast-check's failure message) replay a failure exactly.
 */
export function fuzzParams<T>(name: string): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0;
  const path = process.env.FUZZ_PATH;
  console.log(`fuzz ${name}: seed ${seed}${path ? ` path ${path}` : ''}, ${FUZZ_RUNS} runs (replay: FUZZ_SEED=${seed})`);
  return { numRuns: FUZZ_RUNS, seed, ...(path ? { path } : {}) };
}

/** Collects unhandled promise rejections while a property runs; `check()` throws on the first. */
export function watchRejections() {
  const seen: unknown[] = [];
  const listener = (reason: unknown) => seen.push(reason);
  return {
    start: () => process.on('unhandledRejection', listener),
    stop: () => process.off('unhandledRejection', listener),
    check() {
      if (seen.length > 0) throw new Error(`unhandled rejection: ${String((seen[0] as Error)?.stack ?? seen[0])}`);
    },
  };
}

export type Fingerprint = Record<string, string>;

/**
 * Every table of schema public but kysely's own, as its row count and the newest transaction that
 * wrote one of its rows (max xmin: an insert or an update in place raises it, a delete lowers the
 * count): equal before and after = nothing stored, and nothing changed in place either. Cheaper than
 * a digest of the rows, which doubled the fuzzing's time. Sessions count only their rows: using one
 * moves its last-seen time, which is not storing the input.
 */
export async function fingerprinter(db: Kysely<Database>): Promise<() => Promise<Fingerprint>> {
  const tables = await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely\_migration%'
    order by table_name`.execute(db);
  const names = tables.rows.map((t) => t.name);
  if (names.length < 10) throw new Error(`fingerprint: only ${names.length} tables found`);
  const digest = (n: string) => (n === 'session' ? `''` : `(select coalesce(max(xmin::text::bigint), 0)::text from "${n}")`);
  // one row of scalars: half the time of a union of the same queries on the embedded database
  const query = sql.raw<Record<string, string>>(`select ${names.map((n) => `(select count(*) from "${n}")::text || ' ' || ${digest(n)} as "${n}"`).join(', ')}`);
  return async () => {
    const row = (await query.execute(db)).rows[0]!;
    return Object.fromEntries(names.map((n) => [n, row[n]!]));
  };
}

/** The row count of a table in a fingerprint. */
export const rowsIn = (fingerprint: Fingerprint, table: string) => Number.parseInt(fingerprint[table]!, 10);

/** The tables that differ, as "table a→b" (count and newest writer). */
export function changes(before: Fingerprint, after: Fingerprint): string[] {
  return Object.keys(after)
    .filter((t) => before[t] !== after[t])
    .map((t) => `${t} ${before[t]}→${after[t]}`);
}

/** Arbitrary text of every kind the web sends: plain, unicode, control characters, huge, percent-escapes. */
export const anyText = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '%', '%zz', '%E0%A4%A', '%00', '\u0000', '\uD800', '../../etc/passwd', '<script>', "' or 1=1 --", 'null', '-1', '1e309', 'NaN', '0x10') },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 40_000 }).map((n) => 'x'.repeat(n)) },
  );

/** A header value as HTTP can carry it: Latin-1 without control characters (Node refuses the rest before the app). */
export const headerValue = (text: string) => text.replace(/[^\x20-\x7e\xa0-\xff]/g, '?');

/** The text with lone surrogates replaced (String.prototype.toWellFormed, which this TypeScript target lacks): a URL or form must be able to encode it. */
export const wellFormed = (text: string) => text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
