// Load: many citizens at once, each submission distinct and valid, for a bounded time. Every
// submission answered 303 must be stored exactly once and counted once in the tallies; no 5xx.
import { afterAll, expect, it } from 'vitest';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.ts';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { type ServerProcess, startServer } from '../support/process.ts';
import { formShape } from '../support/submission.ts';
import { runLoad, serverErrors, statusSummary } from './clients.ts';
import { APP_SECRET, countsLine, expectNothingLost, foldedAfter, heldIn, seedQuestionnaire, untilFolded } from './world.ts';

const CLIENTS = 40;
const DURATION_MS = 8_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let server: ServerProcess | undefined;
let database: DatabaseHandle | undefined;
afterAll(async () => {
  await server?.stop('SIGKILL');
  await database?.close();
});

it(`${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s on PostgreSQL: every 303 stored exactly once, no 5xx`, { timeout: 120_000 }, async () => {
  const url = await createTestDatabaseUrl();
  database = await createDatabase({ url, poolSize: 2 });
  const code = await seedQuestionnaire(database.db);
  // all of the load comes from 127.0.0.1: no per-address limit; no cookie is sent, so each submission is a new device
  server = await startServer({ DATABASE_URL: url, APP_SECRET, RATE_LIMIT_PER_ADDRESS: '0' });
  const form = await formShape(server.url, code);
  // the layanan, 9 SKM, 5 IPAK and 11 IPKP items, the gender
  expect(form.radios.size).toBeGreaterThanOrEqual(1 + 9 + 5 + 11);

  const target = server.url;
  const load = await runLoad({ url: () => target, form, secret: APP_SECRET, clients: CLIENTS, until: sleep(DURATION_MS), timeoutMs: 15_000, retry: false });
  const foldMs = await untilFolded(database.db);
  const held = await heldIn(database.db, load.sent, load.acknowledged);
  const rate = load.requests / load.seconds;
  console.log(
    countsLine(
      'load',
      held,
      `${load.requests} requests from ${CLIENTS} clients in ${load.seconds.toFixed(1)} s (${rate.toFixed(0)}/s; ${statusSummary(load.statuses)}; ${load.timeouts} timeouts, ${load.networkErrors} network errors); ${foldedAfter(foldMs)}`,
    ),
  );

  expect(serverErrors(load.statuses)).toBe(0);
  expect(load.timeouts + load.networkErrors).toBe(0);
  // a real load, even on a busy 2-core CI machine
  expect(held.acknowledged).toBeGreaterThan(CLIENTS * 5);
  expectNothingLost(held);
  expect(server.child.exitCode).toBeNull();
});
