// Crash: the server is killed with SIGKILL in the middle of the load and started again on the
// same database. Clients retry their unanswered submission with the same id, as the kiosk queue
// does, until it is answered: every acknowledged submission is stored exactly once and counted
// once, whatever the kill interrupted (an insert, a commit whose answer never left, a fold).
import { sql } from 'kysely';
import { afterAll, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { type ServerProcess, startServer } from '../support/process.ts';
import { formShape } from '../support/submission.ts';
import { emptyLoadResult, loadUnderWay, runLoad, serverErrors, statusSummary } from './clients.ts';
import { APP_SECRET, countsLine, expectNothingLost, foldedAfter, heldIn, seedQuestionnaire, untilFolded } from './world.ts';

const CLIENTS = 40;
/** the kill comes once the load has run this long and this many submissions were acknowledged */
const KILL_AFTER = { minMs: 3_000, count: 100 };
/** load goes on this long after the new server answers */
const AFTER_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const servers: ServerProcess[] = [];
let database: DatabaseHandle | undefined;
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  await database?.close();
});

it('a server killed with SIGKILL mid-load and restarted loses and duplicates nothing', { timeout: 120_000 }, async () => {
  const url = await createTestDatabaseUrl();
  database = await createDatabase({ url, poolSize: 2 });
  const code = await seedQuestionnaire(database.db);
  const env = { DATABASE_URL: url, APP_SECRET, RATE_LIMIT_PER_ADDRESS: '0' };
  let server = await startServer(env);
  servers.push(server);
  const form = await formShape(server.url, code);

  let current = server.url;
  let killedAt = 0;
  let backAt = 0;
  const live = emptyLoadResult();
  let cutOff: string[] = [];
  let storedUnanswered = 0;
  const started = Date.now();
  const crash = (async () => {
    await loadUnderWay(live, KILL_AFTER);
    killedAt = Date.now();
    const underWay = [...live.inFlight];
    await server.stop('SIGKILL');
    // (those answered between the look and the kill are not cut off)
    cutOff = underWay.filter((id) => !live.acknowledged.has(id));
    // of the submissions under way at the kill, those already committed: their 303 never left, the
    // client retries them, and the retry must store nothing more
    const committed = await sql<{ id: string }>`select id from response where id = any(${cutOff}::uuid[])`.execute(database!.db);
    storedUnanswered = committed.rows.length;
    server = await startServer(env);
    servers.push(server);
    current = server.url;
    backAt = Date.now();
    await sleep(AFTER_MS);
  })();
  const load = await runLoad({ url: () => current, form, secret: APP_SECRET, clients: CLIENTS, until: crash, timeoutMs: 15_000, retry: true }, live);
  await crash;

  const foldMs = await untilFolded(database.db);
  const held = await heldIn(database.db, load.sent, load.acknowledged);
  const before = load.acknowledgedAt.filter((t) => t < killedAt).length;
  const after = load.acknowledgedAt.filter((t) => t > backAt).length;
  console.log(
    countsLine(
      'crash',
      held,
      `${load.requests} requests in ${load.seconds.toFixed(1)} s (${statusSummary(load.statuses)}; ${load.networkErrors} refused or cut connections, ${load.timeouts} timeouts); ` +
        `SIGKILL at ${((killedAt - started) / 1000).toFixed(1)} s, the new server answered ${((backAt - killedAt) / 1000).toFixed(1)} s later; ` +
        `${cutOff.length} submissions under way at the kill (${storedUnanswered} of them already stored, unanswered), ${load.retried.size} retried with the same id, ${load.unanswered.length} unanswered; 303 before the kill ${before}, after the restart ${after}; ${foldedAfter(foldMs)}`,
    ),
  );

  // the kill fell in the middle of the load
  expect(before).toBeGreaterThan(0);
  expect(after).toBeGreaterThan(0);
  expect(cutOff.length).toBeGreaterThan(0);
  for (const id of cutOff) expect(load.retried.has(id)).toBe(true);
  expect(serverErrors(load.statuses)).toBe(0);
  expect(load.timeouts).toBe(0);
  expect(load.unanswered).toEqual([]);
  expectNothingLost(held);
});
