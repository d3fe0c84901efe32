/**
 * `npm run bench:public`: are the public unit page, the embed card and the badge as fast as a route
 * that returns a constant body, whatever the number of responses stored?
 *
 * One run, on a throw-away PostgreSQL server: "Kabupaten Bench" with a unit holding 1,000 responses
 * in the last complete triwulan (bench/seed.ts), published. The real server (`src/main.ts`, its own
 * child process) is loaded with autocannon on loopback (BENCH_CONNECTIONS, default 10) on each of
 *   GET /p/kab-bench/besar, GET /embed/kab-bench/besar, GET /badge/kab-bench/besar/ikm.svg,
 * and so is the baseline (bench/constant-server.ts: a bare Hono route answering a constant body of
 * the same size as each): a 3 s warm-up of both, then BENCH_ROUNDS (5) runs of BENCH_DURATION (4) s
 * of each, alternating, never two at once; the ratio is the median of the rounds' route ÷ baseline. Then the unit gets 999,000
 * more responses (1,000,000 in all), is published again, and everything is measured again after a
 * restart.
 *
 * Prints requests/s of each route and its baseline at both sizes, route ÷ baseline, and that ratio
 * at 1,000 ÷ at 1,000,000 (compared to the baseline of the same moment, because the machine's pace
 * drifts more in the minutes between the two phases than the server does). Exits 1 when an answer
 * is not a 200, when a route is below 0.5× its baseline, or when the two sizes differ by more than 1.2×.
 *
 * BENCH_RESPONSES changes 1,000,000 (e.g. for a quick try).
 */
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { currentPeriod, type Period, periodBefore } from '../src/results/period.ts';
import { publish } from '../src/results/publication.ts';
import { check, median, runBench } from './harness.ts';
import { seedBenchInstansi, seedResponses, startServer, type UnitShape } from './seed.ts';

const SMALL = 1_000;
const LARGE = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 4);
const WARMUP_S = 3;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MIN_RATIO = 0.5;
const MAX_DRIFT = 1.2;
const APP_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const PASSWORD = 'bench password bench password';
const ROUTES = [
  ['unit page', '/p/kab-bench/besar'],
  ['embed card', '/embed/kab-bench/besar'],
  ['badge', '/badge/kab-bench/besar/ikm.svg'],
] as const;
type RouteName = (typeof ROUTES)[number][0];

function load(url: string, duration: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ url, connections: CONNECTIONS, duration, headers: { Accept: 'text/html' } }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** requests/s of one run; fails the bench on anything but 200 */
async function throughput(label: string, url: string, seconds: number): Promise<number> {
  const result = await load(url, seconds);
  const bad = result.non2xx + result.errors + result.timeouts;
  check(bad === 0, `${label}: ${result.non2xx} answers outside 2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  return result.requests.total / (result.duration || seconds);
}

interface Measured {
  bytes: number;
  /** medians of the runs, requests/s */
  route: number;
  baseline: number;
  /** the median of each round's route ÷ baseline: the machine's pace at that moment cancels out */
  ratio: number;
}

/**
 * Each route of the real server against the baseline of the same size: both servers warmed up,
 * then ROUNDS runs of each, alternating (never two loads at once), so a slow moment of the machine
 * falls on both; the medians are compared.
 */
async function measure(databaseUrl: string, logDir: string, phase: string, respondents: number): Promise<Record<RouteName, Measured>> {
  const server = await startServer({ DATABASE_URL: databaseUrl, APP_SECRET }, logDir);
  const baseline = await startServer({}, logDir, 'bench/constant-server.ts').catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  const out = {} as Record<RouteName, Measured>;
  try {
    for (const [name, path] of ROUTES) {
      const res = await fetch(`${server.url}${path}`);
      const body = await res.text();
      check(res.status === 200, `${phase}, ${name}: answered ${res.status}`);
      // the published respondents, as the page writes them in Bahasa Indonesia (1.000.000)
      if (name === 'unit page') check(body.includes(respondents.toLocaleString('id-ID')), `${phase}, ${name}: does not show its ${respondents} respondents`);
      const bytes = Buffer.byteLength(body);
      const targets = [`${server.url}${path}`, `${baseline.url}/constant/${bytes}`] as const;
      for (const url of targets) await load(url, WARMUP_S);
      const runs: [number[], number[]] = [[], []];
      for (let round = 0; round < ROUNDS; round++) {
        runs[0].push(await throughput(`${phase}, ${name}`, targets[0], DURATION_S));
        runs[1].push(await throughput(`${phase}, baseline for ${name}`, targets[1], DURATION_S));
      }
      out[name] = { bytes, route: median(runs[0]), baseline: median(runs[1]), ratio: median(runs[0].map((r, i) => r / runs[1][i]!)) };
    }
  } finally {
    await Promise.all([server.stop(), baseline.stop()]);
  }
  return out;
}

async function publishBoth(handle: DatabaseHandle, unitId: string, period: Period) {
  const instansi = await handle.db.selectFrom('instansi').where('slug', '=', 'kab-bench').select('id').executeTakeFirstOrThrow();
  await publish(handle.db, { instansiId: instansi.id, unitId, period: period.code, userId: null });
  await publish(handle.db, { instansiId: instansi.id, unitId: null, period: period.code, userId: null });
}

runBench('public', async ({ databaseUrl, work }) => {
  const period = periodBefore(currentPeriod('Asia/Jakarta'));
  console.log(`bench:public: ${ROUTES.map(([, p]) => `GET ${p}`).join(', ')} against a constant-body Hono route of the same size; ${CONNECTIONS} connections, medians of ${ROUNDS} runs of ${DURATION_S} s; a unit with ${SMALL.toLocaleString('en-US')}, then ${LARGE.toLocaleString('en-US')} responses in ${period.code}`);

  let shape: UnitShape;
  let unitId: string;
  const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    const seeded = await seedBenchInstansi(handle, period, { kecil: 0, besar: SMALL }, PASSWORD);
    shape = seeded.shapes.besar;
    unitId = seeded.large;
    await publishBoth(handle, unitId, period);
  } finally {
    await handle.close();
  }
  const small = await measure(databaseUrl, work, `${SMALL} responses`, SMALL);

  const more = await createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    const started = performance.now();
    let done = 0;
    let shown = 0;
    await seedResponses(more, shape, period, LARGE - SMALL, 3, (batch) => {
      done += batch;
      if (done - shown < 100_000 && done !== LARGE - SMALL) return;
      shown = done;
      console.log(`  ${(SMALL + done).toLocaleString('en-US')} of ${LARGE.toLocaleString('en-US')} responses stored and tallied (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    });
    await sql`vacuum analyze`.execute(more.db);
    const stored = await sql<{ n: number }>`select count(*)::int as n from response where unit_id = ${unitId}`.execute(more.db);
    check(stored.rows[0]!.n === LARGE, `the unit holds ${stored.rows[0]!.n} responses, expected ${LARGE}`);
    await publishBoth(more, unitId, period);
  } finally {
    await more.close();
  }
  const large = await measure(databaseUrl, work, `${LARGE} responses`, LARGE);

  const n = (v: number) => Math.round(v).toLocaleString('en-US');
  console.log('');
  console.log(`| route | bytes | req/s at ${n(SMALL)} | baseline | ratio | req/s at ${n(LARGE)} | baseline | ratio | ${n(SMALL)} ÷ ${n(LARGE)} |`);
  console.log('|:--|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const [name] of ROUTES) {
    const a = small[name];
    const b = large[name];
    const ratioA = a.ratio;
    const ratioB = b.ratio;
    // compared as ratios to the baseline of the same moment: the machine's pace changes more
    // between the two phases (a minute of seeding apart) than the server does
    const drift = ratioA / ratioB;
    console.log(`| ${name} | ${b.bytes.toLocaleString('en-US')} | ${n(a.route)} | ${n(a.baseline)} | ${ratioA.toFixed(2)} | ${n(b.route)} | ${n(b.baseline)} | ${ratioB.toFixed(2)} | ${drift.toFixed(2)} |`);
    check(ratioA >= MIN_RATIO && ratioB >= MIN_RATIO, `${name}: ${ratioA.toFixed(2)} and ${ratioB.toFixed(2)} of the baseline (target ≥ ${MIN_RATIO})`);
    check(Math.max(drift, 1 / drift) <= MAX_DRIFT, `${name}: its ratio to the baseline at ${n(SMALL)} ÷ at ${n(LARGE)} is ${drift.toFixed(2)} (target within ${MAX_DRIFT}×)`);
  }
  console.log('');
  console.log(`ratio: median over the rounds of route ÷ baseline; last column: ratio at ${n(SMALL)} ÷ ratio at ${n(LARGE)}`);
  console.log(`targets: each route ≥ ${MIN_RATIO}× its baseline; its ratio at ${n(SMALL)} and at ${n(LARGE)} responses within ${MAX_DRIFT}× of each other`);
});
