// What the benchmarks on PostgreSQL share: a throw-away server (test/support/postgres-server.ts)
// with one new database, a work folder, checks collected as the run goes, and the exit code: 1 when
// a check failed or the run broke, with what failed listed at the end.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import pg from 'pg';
import { startPostgres } from '../test/support/postgres-server.ts';

export interface BenchRun {
  databaseUrl: string;
  /** a temporary folder, removed at the end (server logs) */
  work: string;
}

const failures: string[] = [];

/** Records a failed check; the run goes on and exits 1 at the end. */
export function check(ok: boolean, what: string): void {
  if (!ok) failures.push(what);
}

/** `bench:<name>`: runs `body` against a new database `bench_<name>` on a throw-away PostgreSQL. */
export function runBench(name: string, body: (run: BenchRun) => Promise<void>): void {
  const main = async () => {
    const work = mkdtempSync(join(tmpdir(), `survei-bench-${name}-`));
    const postgres = await startPostgres();
    try {
      const admin = new pg.Client({ connectionString: postgres.url });
      await admin.connect();
      const version = String((await admin.query('show server_version')).rows[0].server_version);
      await admin.query(`create database bench_${name}`);
      await admin.end();
      console.log(`PostgreSQL ${version}, Node ${process.version}`);
      const databaseUrl = Object.assign(new URL(postgres.url), { pathname: `/bench_${name}` }).toString();
      await body({ databaseUrl, work });
    } finally {
      await postgres.stop();
      rmSync(work, { recursive: true, force: true });
    }
    if (failures.length > 0) {
      console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
      process.exit(1);
    }
    console.log('all checks passed');
  };
  main().catch((error: unknown) => {
    console.error(`bench:${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  });
}

/** The middle value (the upper one of an even count): a run's figure robust to one slow round. */
export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** An autocannon run's answers by status code. */
export const statusCounts = (r: autocannon.Result): Record<string, number> =>
  Object.fromEntries(Object.entries((r as unknown as { statusCodeStats?: Record<string, { count: number }> }).statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));
