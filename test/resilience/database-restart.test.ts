// Database restart: PostgreSQL (this test's own server, not the shared one) is restarted in the
// middle of the load, once cleanly (`pg_ctl restart -m fast`) and once as a crash (`pg_ctl stop
// -m immediate`: no shutdown checkpoint, crash recovery at start) held down for 2 s. Meanwhile
// the server answers 503 with Retry-After, never hangs (every request has a timeout) and never
// exits; it recovers by itself once the database is back, and nothing acknowledged is lost.
import { dirname } from 'node:path';
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { type PostgresServer, startPostgres } from '../support/postgres-server.ts';
import { type ServerProcess, startServer } from '../support/process.ts';
import { formShape } from '../support/submission.ts';
import { emptyLoadResult, loadUnderWay, runLoad, serverErrors, statusSummary } from './clients.ts';
import { pgCtlAsync } from './pg-ctl.ts';
import { APP_SECRET, countsLine, expectNothingLost, foldedAfter, heldIn, seedQuestionnaire, untilFolded } from './world.ts';

const CLIENTS = 40;
const TIMEOUT_MS = 10_000;
/** a submission must succeed within this long after the database is back */
const RECOVERY_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let postgres: PostgresServer | undefined;
let server: ServerProcess | undefined;
let database: DatabaseHandle | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  await database?.close();
  await postgres?.stop();
});

it('PostgreSQL restarted mid-load: 503 with Retry-After meanwhile, recovery on its own, nothing lost', { timeout: 150_000 }, async () => {
  postgres = await startPostgres();
  // durable, as in production (the shared test server runs without fsync and synchronous_commit):
  // a commit acknowledged before an immediate stop must survive it
  const options = `-p ${postgres.port} -k ${dirname(postgres.dataDir)} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  await pgCtlAsync(postgres, '-w', '-t', '60', '-m', 'fast', '-o', options, 'restart');
  const url = Object.assign(new URL(postgres.url), { pathname: '/survei' }).toString();
  {
    const admin = await createDatabase({ url: postgres.url, poolSize: 1 });
    const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(admin.db);
    expect(rows[0]!.synchronous_commit).toBe('on');
    await sql`create database survei`.execute(admin.db);
    await admin.close();
  }
  const seeding = await createDatabase({ url, poolSize: 1 });
  const code = await seedQuestionnaire(seeding.db);
  await seeding.close();

  server = await startServer({ DATABASE_URL: url, APP_SECRET, RATE_LIMIT_PER_ADDRESS: '0' });
  const form = await formShape(server.url, code);
  const target = server.url;

  const back: { what: string; at: number; outageMs: number }[] = [];
  const live = emptyLoadResult();
  const faults = (async () => {
    await loadUnderWay(live, { minMs: 2_500, count: 100 });
    let down = Date.now();
    await pgCtlAsync(postgres!, '-w', '-t', '60', '-m', 'fast', 'restart');
    back.push({ what: 'restart -m fast', at: Date.now(), outageMs: Date.now() - down });
    await sleep(3_000);
    down = Date.now();
    await pgCtlAsync(postgres!, '-w', '-t', '60', '-m', 'immediate', 'stop');
    await sleep(2_000);
    await pgCtlAsync(postgres!, '-w', '-t', '60', '-o', options, 'start');
    back.push({ what: 'stop -m immediate, 2 s down, start', at: Date.now(), outageMs: Date.now() - down });
    await sleep(3_000);
  })();
  const load = await runLoad({ url: () => target, form, secret: APP_SECRET, clients: CLIENTS, until: faults, timeoutMs: TIMEOUT_MS, retry: true }, live);
  await faults;
  const alive = server.child.exitCode === null && server.child.signalCode === null;
  // what the server said, besides its request lines, when it did not hold
  if (!alive || load.networkErrors > 0 || serverErrors(load.statuses, { except503: true }) > 0) {
    console.log(server.output().split('\n').filter((line) => !/"msg":"(request|database unavailable)"/.test(line)).slice(-40).join('\n'));
  }

  database = await createDatabase({ url, poolSize: 2 });
  // a server that exited folds nothing: no use waiting
  const foldMs = alive ? await untilFolded(database.db) : undefined;
  const held = await heldIn(database.db, load.sent, load.acknowledged);
  const recoveries = back.map(({ at }) => (load.acknowledgedAt.find((t) => t >= at) ?? Number.POSITIVE_INFINITY) - at);
  const unavailable = load.statuses.get(503) ?? 0;
  console.log(
    countsLine(
      'database restart',
      held,
      `${load.requests} requests in ${load.seconds.toFixed(1)} s (${statusSummary(load.statuses)}; ${load.unavailableWithoutRetryAfter} 503 without Retry-After, ${load.timeouts} timeouts of ${TIMEOUT_MS / 1000} s, ${load.networkErrors} network errors ${JSON.stringify(Object.fromEntries(load.networkReasons))}); ` +
        back.map((b, i) => `${b.what}: database away ${(b.outageMs / 1000).toFixed(1)} s, first 303 ${(recoveries[i]! / 1000).toFixed(2)} s after it was back`).join('; ') +
        `; ${load.retried.size} submissions retried with the same id, ${load.unanswered.length} unanswered; server ${alive ? 'still running' : 'EXITED'}; ${foldedAfter(foldMs)}`,
    ),
  );

  expect(alive).toBe(true);
  expect(unavailable).toBeGreaterThan(0);
  expect(load.unavailableWithoutRetryAfter).toBe(0);
  expect(serverErrors(load.statuses, { except503: true })).toBe(0);
  expect(load.timeouts).toBe(0);
  expect(load.networkErrors).toBe(0);
  for (const recovery of recoveries) expect(recovery).toBeLessThan(RECOVERY_MS);
  expect(load.unanswered).toEqual([]);
  expectNothingLost(held);
});
