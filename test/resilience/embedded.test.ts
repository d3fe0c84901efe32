// Embedded database: the server on PGlite (its own DATA_DIR, no DATABASE_URL) is killed with
// SIGKILL while it writes, and started again on the same directory: it must open (taking over the
// lock the dead process left) and every acknowledged response must be there, counted once.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openEnvDatabase } from '../support/databases.ts';
import { type ServerProcess, startServer } from '../support/process.ts';
import { formShape } from '../support/submission.ts';
import { emptyLoadResult, loadUnderWay, runLoad, serverErrors, statusSummary } from './clients.ts';
import { APP_SECRET, countsLine, expectNothingLost, heldIn, seedQuestionnaire } from './world.ts';

const CLIENTS = 20;
/** the kill comes once the load has run this long and this many submissions were acknowledged */
const KILL_AFTER = { minMs: 3_000, count: 50 };
/** load goes on this long after the new server answers */
const AFTER_MS = 3_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = mkdtempSync(join(tmpdir(), 'survei-resilience-'));
const servers: ServerProcess[] = [];
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('the server on PGlite killed with SIGKILL during writes reopens with every acknowledged response', { timeout: 150_000 }, async () => {
  const env = { DATA_DIR: dataDir, APP_SECRET, RATE_LIMIT_PER_ADDRESS: '0' };
  const seeding = await openEnvDatabase({ DATA_DIR: dataDir });
  const code = await seedQuestionnaire(seeding.db);
  await seeding.close();

  let server = await startServer(env);
  servers.push(server);
  const form = await formShape(server.url, code);
  let current = server.url;
  let killedAt = 0;
  let backAt = 0;
  let lockLeft = false;
  let restartOutput = '';
  const live = emptyLoadResult();
  const started = Date.now();
  const crash = (async () => {
    await loadUnderWay(live, KILL_AFTER);
    killedAt = Date.now();
    await server.stop('SIGKILL');
    lockLeft = existsSync(join(dataDir, 'survei.lock'));
    server = await startServer(env);
    servers.push(server);
    current = server.url;
    backAt = Date.now();
    restartOutput = server.output();
    await sleep(AFTER_MS);
  })();
  const load = await runLoad({ url: () => current, form, secret: APP_SECRET, clients: CLIENTS, until: crash, timeoutMs: 15_000, retry: true }, live);
  await crash;
  // a clean stop folds what is pending; the directory is then free to open here
  expect(await server.stop('SIGTERM')).toBe(0);

  const database = await openEnvDatabase({ DATA_DIR: dataDir });
  let held;
  try {
    held = await heldIn(database.db, load.sent, load.acknowledged);
  } finally {
    await database.close();
  }
  const before = load.acknowledgedAt.filter((t) => t < killedAt).length;
  const after = load.acknowledgedAt.filter((t) => t > backAt).length;
  console.log(
    countsLine(
      'embedded database',
      held,
      `${load.requests} requests in ${load.seconds.toFixed(1)} s (${statusSummary(load.statuses)}; ${load.networkErrors} refused or cut connections, ${load.timeouts} timeouts); ` +
        `SIGKILL at ${((killedAt - started) / 1000).toFixed(1)} s, the lock file ${lockLeft ? 'left behind and taken over' : 'gone'}, the new server answered ${((backAt - killedAt) / 1000).toFixed(1)} s later; ` +
        `${load.retried.size} submissions retried with the same id, ${load.unanswered.length} unanswered; 303 before the kill ${before}, after the restart ${after}`,
    ),
  );

  expect(before).toBeGreaterThan(0);
  expect(after).toBeGreaterThan(0);
  expect(load.retried.size).toBeGreaterThan(0);
  expect(lockLeft).toBe(true);
  // it opened on its own: no error on the way (PGlite replays its log silently)
  expect(restartOutput).toContain('listening on port');
  // no line of the restarted server is a warning or an error (Node's own warnings are not JSON)
  const restartLines = restartOutput.split('\n').filter(Boolean);
  const logged = restartLines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { level: string; msg: string });
  expect(logged.filter((l) => l.level !== 'info').map((l) => l.msg)).toEqual([]);
  expect(restartLines.filter((line) => !line.startsWith('{') && /error/i.test(line))).toEqual([]);
  expect(serverErrors(load.statuses)).toBe(0);
  expect(load.timeouts).toBe(0);
  expect(load.unanswered).toEqual([]);
  expectNothingLost(held);
});
