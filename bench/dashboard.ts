/**
 * `npm run bench:dashboard`: does the dashboard render in the same time whatever the number of
 * responses stored?
 *
 * One run, on a throw-away PostgreSQL server (test/support/postgres-server.ts): an instansi with two
 * units of the same shape (SKM, IPAK and IPKP; two layanan; four lokets), one with 1,000 responses in
 * the measured triwulan and one with 1,000,000 in the same triwulan. Responses are made here with a
 * seeded random generator (answers to every item, a profile, channel and trust level), spread over
 * the triwulan's days in time order, and written in batches: the rows into `response` in one
 * INSERT … SELECT FROM jsonb_to_recordset(…) per batch, and the tallies by the real `addToTallies`, in the same
 * transaction, exactly as storeResponses counts them. Then VACUUM ANALYZE, as autovacuum would do
 * on a live server. Checks that the tallies count every response.
 *
 * The real server (`node --import tsx src/main.ts`, its own child process) is signed in through
 * /admin/login as the instansi's admin, then `GET /admin/dashboard/<unit>?period=<triwulan>` is
 * timed for both units: a warm-up, then ROUNDS requests per unit, alternating between the two,
 * one at a time. Prints the median (and p90) of each, and the ratio large ÷ small; exits 1 when a
 * page is not a 200 showing its unit's respondents, or when the ratio is above 1.5.
 *
 * BENCH_RESPONSES changes 1,000,000 (e.g. for a quick try); BENCH_ROUNDS changes 30.
 */
import { sql } from 'kysely';
import { createDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { currentPeriod, periodBefore } from '../src/results/period.ts';
import { check, runBench } from './harness.ts';
import { seedBenchInstansi, startServer } from './seed.ts';

const LARGE = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const SMALL = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 5;
const MAX_RATIO = 1.5;
const APP_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const PASSWORD = 'bench password bench password';

/** Signs in through the real form; returns the Cookie header of the session. */
async function signIn(url: string): Promise<string> {
  const form = await fetch(`${url}/admin/login`, { headers: { Accept: 'text/html' } });
  const pre = form.headers.getSetCookie().map((c) => c.split(';')[0]!);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('the sign-in page has no CSRF token');
  const res = await fetch(`${url}/admin/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html', Cookie: pre.join('; ') },
    body: new URLSearchParams({ _csrf: csrf, email: 'admin@bench.go.id', password: PASSWORD }).toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('survei_session='));
  if (res.status !== 303 || !session) throw new Error(`sign-in answered ${res.status}`);
  return session.split(';')[0]!;
}

async function timedGet(url: string, cookie: string): Promise<{ ms: number; status: number; text: string }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Accept: 'text/html', Cookie: cookie } });
  const text = await res.text();
  return { ms: performance.now() - started, status: res.status, text };
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

// ---- main --------------------------------------------------------------------------------------

runBench('dashboard', async ({ databaseUrl, work }) => {
  // the last complete triwulan (in WIB), so the default page and the measured one differ in nothing but data
  const period = periodBefore(currentPeriod('Asia/Jakarta'));
  console.log(`bench:dashboard: GET /admin/dashboard/<unit>?period=${period.code}, a unit with ${SMALL.toLocaleString('en-US')} and a unit with ${LARGE.toLocaleString('en-US')} responses in that triwulan`);

  const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
  try {
    await migrateToLatest(handle.db);
    const seeding = performance.now();
    const units = await seedBenchInstansi(handle, period, { kecil: SMALL, besar: LARGE }, PASSWORD);
    await sql`vacuum analyze`.execute(handle.db);
    console.log(`seeded in ${((performance.now() - seeding) / 1000).toFixed(0)} s (then VACUUM ANALYZE, as autovacuum does on a live server)`);
    const counts = await sql<{ unit_id: string; responses: number; tallied: number; rows: number }>`
      select r.unit_id, r.responses, t.tallied, t.rows from
        (select unit_id, count(*)::int as responses from response group by unit_id) r
        join (select unit_id, sum(respondents)::int as tallied, count(*)::int as rows from respondent_tally where dimension = 'channel' group by unit_id) t using (unit_id)`.execute(handle.db);
    const tallyRows = await sql<{ unit_id: string; rows: number }>`select unit_id, count(*)::int as rows from answer_tally group by unit_id`.execute(handle.db);
    for (const [name, id, expected] of [['small', units.small, SMALL], ['large', units.large, LARGE]] as const) {
      const c = counts.rows.find((r) => r.unit_id === id);
      const answerRows = tallyRows.rows.find((r) => r.unit_id === id)?.rows ?? 0;
      check(c?.responses === expected && c?.tallied === expected, `${name} unit: ${c?.responses} responses stored and ${c?.tallied} counted in the respondent tally, expected ${expected}`);
      console.log(`  ${name} unit: ${c?.responses.toLocaleString('en-US')} responses stored; the dashboard reads ${answerRows.toLocaleString('en-US')} answer-tally rows for them`);
    }
  } finally {
    await handle.close();
  }

  const server = await startServer({ DATABASE_URL: databaseUrl, APP_SECRET }, work);
  const times: Record<'small' | 'large', number[]> = { small: [], large: [] };
  try {
    const cookie = await signIn(server.url);
    const page = (slug: string) => `${server.url}/admin/dashboard/${slug}?period=${period.code}`;
    const targets = [
      ['small', 'kecil', SMALL],
      ['large', 'besar', LARGE],
    ] as const;
    for (const [name, slug, expected] of targets) {
      const first = await timedGet(page(slug), cookie);
      check(first.status === 200, `${name}: the dashboard answered ${first.status}`);
      // the unit's respondents, as the page writes them in Bahasa Indonesia (1.000.000)
      check(first.text.includes(`<dd class="value">${expected.toLocaleString('id-ID')}</dd>`), `${name}: the page does not show its ${expected} respondents`);
    }
    for (let i = 0; i < WARMUP; i++) for (const [, slug] of targets) await timedGet(page(slug), cookie);
    for (let i = 0; i < ROUNDS; i++) {
      // alternate, and swap which goes first, so neither gets the warmer caches
      const order = i % 2 === 0 ? targets : [...targets].reverse();
      for (const [name, slug] of order) {
        const run = await timedGet(page(slug), cookie);
        check(run.status === 200, `${name}: the dashboard answered ${run.status}`);
        times[name].push(run.ms);
      }
    }
  } finally {
    await server.stop();
  }

  const small = median(times.small);
  const large = median(times.large);
  const ratio = large / small;
  console.log('');
  console.log(`| unit | responses in ${period.code} | median ms | p90 ms | min ms |`);
  console.log('|:--|--:|--:|--:|--:|');
  for (const [name, n] of [['small', SMALL], ['large', LARGE]] as const) {
    console.log(`| ${name} | ${n.toLocaleString('en-US')} | ${median(times[name]).toFixed(1)} | ${quantile(times[name], 0.9).toFixed(1)} | ${Math.min(...times[name]).toFixed(1)} |`);
  }
  console.log('');
  console.log(`large ÷ small (medians of ${ROUNDS}): ${ratio.toFixed(2)} (target ≤ ${MAX_RATIO})`);
  check(ratio <= MAX_RATIO, `the ratio ${ratio.toFixed(2)} is above ${MAX_RATIO}`);
});
