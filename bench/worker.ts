/**
 * `npm run bench:worker`: what the Workers runtime costs compared with the Node server, on the
 * same machine and the same PostgreSQL, in one run.
 *
 * A throw-away PostgreSQL server with "Kabupaten Bench" (a unit with 1,000 responses in the last
 * complete triwulan, published: bench/seed.ts). The Node server (`src/main.ts`) and the Worker in
 * `wrangler dev` (workerd, the runtime Cloudflare runs; its Hyperdrive binding in local mode opens
 * a direct connection per request, as Hyperdrive's own pool would hand one out) both run on it.
 * Each is loaded with autocannon on loopback (BENCH_CONNECTIONS, default 10), one after the other,
 * never together, BENCH_ROUNDS (3) rounds of BENCH_DURATION (4) s per route after a 2 s warm-up:
 *   GET /widget.js              a constant script: the runtime and its local proxy, no database
 *   GET /healthz                a database round trip and nothing else
 *   GET /s/<code>               the questionnaire page (a loket lookup, a signed form token)
 *   POST /s/<code>              a distinct valid submission each time (stored, acknowledged 303)
 *   GET /p/kab-bench/besar      the public unit page (answered from the kept public answers)
 * The per-address rate limit is off for both (RATE_LIMIT_PER_ADDRESS=0): one loopback address
 * sends everything; each submission comes from a new device.
 *
 * Prints requests/s and p99 of each route on both runtimes (medians of the rounds) and the Worker's
 * share of the Node server's rate. Exits 1 when an answer is not the one expected (200, or 303 for a
 * submission), or when fewer submissions are stored than were acknowledged (or more than the
 * requests still under way when the timed runs ended). wrangler dev is one local
 * workerd process: the figures say what the runtime and its per-request database connection cost,
 * not what Cloudflare's edge serves (there every location runs its own isolates).
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { addLoket } from '../src/admin/org.ts';
import { currentPeriod, periodBefore } from '../src/results/period.ts';
import { publish } from '../src/results/publication.ts';
import { formShape, submissionBody } from '../test/support/submission.ts';
import { startDevWorker } from '../test/workers/wrangler.ts';
import { check, median, runBench, statusCounts } from './harness.ts';
import { seedBenchInstansi, startServer } from './seed.ts';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WARMUP_S = 2;
const APP_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const PASSWORD = 'bench password bench password';
const ENV = { APP_SECRET, RATE_LIMIT_PER_ADDRESS: '0' };

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  expect: number;
}

interface Measured {
  perSecond: number;
  p99: number;
}

function load(base: string, route: Route, seconds: number, body?: () => string): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: base,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: route.method,
            path: route.path,
            headers: { accept: 'text/html', ...(body && { 'content-type': 'application/x-www-form-urlencoded' }) },
            ...(body && { setupRequest: (req: autocannon.Request) => ({ ...req, body: body() }) }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

runBench('worker', async ({ databaseUrl, work }) => {
  const period = periodBefore(currentPeriod('Asia/Jakarta'));
  const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
  let code: string;
  try {
    await migrateToLatest(handle.db);
    const seeded = await seedBenchInstansi(handle, period, { kecil: 0, besar: 1_000 }, PASSWORD);
    const instansi = await handle.db.selectFrom('instansi').where('slug', '=', 'kab-bench').select('id').executeTakeFirstOrThrow();
    await publish(handle.db, { instansiId: instansi.id, unitId: seeded.large, period: period.code, userId: null });
    code = (await addLoket(handle.db, { instansi: 'kab-bench', unit: 'besar', name: 'Loket bench' })).code;
  } finally {
    await handle.close();
  }

  const routes: Route[] = [
    { name: 'GET /widget.js (no database)', method: 'GET', path: '/widget.js', expect: 200 },
    { name: 'GET /healthz (select 1)', method: 'GET', path: '/healthz', expect: 200 },
    { name: 'GET /s/<code> (questionnaire)', method: 'GET', path: `/s/${code}`, expect: 200 },
    { name: 'POST /s/<code> (submission)', method: 'POST', path: `/s/${code}`, expect: 303 },
    { name: 'GET /p/kab-bench/besar (public page)', method: 'GET', path: '/p/kab-bench/besar', expect: 200 },
  ];
  console.log(
    `bench:worker: the Node server and the Worker (wrangler dev) on one PostgreSQL; ${CONNECTIONS} connections, medians of ${ROUNDS} rounds of ${DURATION_S} s after ${WARMUP_S} s of warm-up, one runtime at a time`,
  );

  const node = await startServer({ DATABASE_URL: databaseUrl, ...ENV }, work);
  const worker = await startDevWorker(databaseUrl, ENV).catch(async (error: unknown) => {
    await node.stop();
    throw error;
  });
  const results = new Map<string, Record<'node' | 'worker', Measured>>();
  let acknowledged = 0;
  try {
    const targets = { node: node.url, worker: worker.url } as const;
    const forms = { node: await formShape(node.url, code), worker: await formShape(worker.url, code) };
    for (const route of routes) {
      const runs: Record<'node' | 'worker', Measured[]> = { node: [], worker: [] };
      for (const runtime of ['node', 'worker'] as const) {
        const body = route.method === 'POST' ? () => submissionBody(forms[runtime], APP_SECRET) : undefined;
        const warm = await load(targets[runtime], route, WARMUP_S, body);
        acknowledged += statusCounts(warm)['303'] ?? 0;
      }
      // alternating rounds: a slow moment of the machine falls on both
      for (let round = 0; round < ROUNDS; round++) {
        for (const runtime of ['node', 'worker'] as const) {
          const body = route.method === 'POST' ? () => submissionBody(forms[runtime], APP_SECRET) : undefined;
          const result = await load(targets[runtime], route, DURATION_S, body);
          const counts = statusCounts(result);
          acknowledged += counts['303'] ?? 0;
          const unexpected = Object.entries(counts).filter(([status]) => Number(status) !== route.expect);
          check(unexpected.length === 0 && result.errors === 0 && result.timeouts === 0, `${runtime}, ${route.name}: ${JSON.stringify(counts)}, ${result.errors} errors, ${result.timeouts} timeouts`);
          runs[runtime].push({ perSecond: result.requests.total / (result.duration || DURATION_S), p99: result.latency.p99 });
        }
      }
      const summary = (m: Measured[]) => ({ perSecond: median(m.map((x) => x.perSecond)), p99: median(m.map((x) => x.p99)) });
      results.set(route.name, { node: summary(runs.node), worker: summary(runs.worker) });
    }
  } finally {
    await Promise.all([node.stop(), worker.stop()]);
  }

  const after = await createDatabase({ url: databaseUrl, poolSize: 1 });
  try {
    const stored = Number((await sql<{ n: string }>`select count(*) as n from response where loket_id = (select id from loket where code = ${code})`.execute(after.db)).rows[0]!.n);
    // a timed run ends with requests under way: stored, but their 303 not counted
    const underWay = CONNECTIONS * (ROUNDS + 1) * 2;
    check(stored >= acknowledged && stored - acknowledged <= underWay, `stored ${stored} submissions, acknowledged ${acknowledged} (at most ${underWay} may be under way at the ends of the runs)`);
    console.log(`submissions acknowledged (303) ${acknowledged.toLocaleString('en-US')}, stored ${stored.toLocaleString('en-US')} (the rest were under way when a timed run ended)`);
  } finally {
    await after.close();
  }

  const rows = [...results].map(([name, r]) => `| ${name} | ${Math.round(r.node.perSecond).toLocaleString('en-US')} | ${r.node.p99} | ${Math.round(r.worker.perSecond).toLocaleString('en-US')} | ${r.worker.p99} | ${(r.worker.perSecond / r.node.perSecond).toFixed(2)}× |`);
  console.log(['', '| route | Node req/s | Node p99 ms | Worker req/s | Worker p99 ms | Worker ÷ Node |', '|---|--:|--:|--:|--:|--:|', ...rows].join('\n'));
});
