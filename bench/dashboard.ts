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
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { addInstansi, addLayanan, addLoket, addUnit } from '../src/admin/org.ts';
import { addUser } from '../src/admin/users.ts';
import type { Channel, Trust } from '../src/db/types.ts';
import { createDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { localDate, type Period, periodBefore, periodOf } from '../src/results/period.ts';
import { addToTallies, type TallyInput } from '../src/results/tally.ts';
import { freePort, startPostgres } from '../test/support/postgres-server.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LARGE = Number(process.env.BENCH_RESPONSES ?? 1_000_000);
const SMALL = 1_000;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const WARMUP = 5;
const MAX_RATIO = 1.5;
const BATCH = 20_000;
const APP_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';
const PASSWORD = 'bench password bench password';

const failures: string[] = [];
function check(ok: boolean, what: string) {
  if (!ok) failures.push(what);
}

// ---- the data --------------------------------------------------------------------------------------

/** mulberry32: a small seeded generator, so every run stores the same responses */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface UnitShape {
  id: string;
  /** loket id → its layanan (null: the citizen picks one of the unit's layanan) */
  lokets: { id: string; layananId: string | null }[];
  layananIds: string[];
  /** instrument version id → its item codes */
  versions: { id: string; items: string[] }[];
}

const CHANNELS: Channel[] = ['qr', 'qr', 'qr', 'kiosk', 'paper'];
const TRUST_OF: Record<Channel, Trust> = { qr: 'open', kiosk: 'presence', paper: 'open', invitation: 'invited' };
const EDUCATION = ['tidak_sekolah', 'sd', 'smp', 'sma', 'd1_d3', 'd4_s1', 's2', 's3', null];
const OCCUPATION = ['pns', 'tni', 'polri', 'swasta', 'wirausaha', 'pelajar', 'irt', 'petani', 'pensiunan', 'lainnya', null];
const DISABILITY = ['none', 'none', 'none', 'fisik', 'intelektual', 'mental', 'sensorik', null];

/** Stores `count` responses of a unit spread over the period's days, with their tallies, in batches. */
async function seedResponses(handle: DatabaseHandle, unit: UnitShape, period: Period, count: number, seed: number, progress: (batch: number) => void) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  // answers lean to 3 and 4, as real ones do
  const answer = () => [1, 2, 2, 3, 3, 3, 3, 4, 4, 4][Math.floor(next() * 10)]!;
  const start = Date.parse(`${period.from}T00:00:00+07:00`);
  const span = Date.parse(`${period.to}T23:59:59+07:00`) - start;
  // two batches in flight (the pool's two connections): the next is made while the database writes
  const inFlight = new Set<Promise<void>>();
  for (let done = 0; done < count; done += BATCH) {
    const size = Math.min(BATCH, count - done);
    const rows: TallyInput[] = [];
    const ids: string[] = [];
    const submitted: string[] = [];
    for (let i = 0; i < size; i++) {
      const at = new Date(start + Math.floor(((done + i + next()) / count) * span));
      const loket = pick(unit.lokets);
      const channel = pick(CHANNELS);
      const answers: Record<string, Record<string, number>> = {};
      for (const v of unit.versions) answers[v.id] = Object.fromEntries(v.items.map((code) => [code, answer()]));
      ids.push(crypto.randomUUID());
      submitted.push(at.toISOString());
      rows.push({
        unitId: unit.id,
        loketId: loket.id,
        layananId: loket.layananId ?? pick(unit.layananIds),
        localDate: localDate(at, 'Asia/Jakarta'),
        answers,
        respondent: {
          channel,
          trust: TRUST_OF[channel],
          gender: next() < 0.1 ? null : next() < 0.5 ? 'L' : 'P',
          age: next() < 0.1 ? null : 17 + Math.floor(next() * 55),
          education: pick(EDUCATION),
          occupation: pick(OCCUPATION),
          disability: pick(DISABILITY),
        },
      });
    }
    // one JSON document per batch: PostgreSQL parses it in one go (an array parameter per column
    // costs several times more to escape and parse)
    const batch = JSON.stringify(
      rows.map((r, i) => ({
        id: ids[i],
        unit_id: r.unitId,
        loket_id: r.loketId,
        layanan_id: r.layananId,
        channel: r.respondent.channel,
        trust: r.respondent.trust,
        submitted_at: submitted[i],
        local_date: r.localDate,
        gender: r.respondent.gender,
        age: r.respondent.age,
        education: r.respondent.education,
        occupation: r.respondent.occupation,
        disability: r.respondent.disability,
        answers: r.answers,
      })),
    );
    if (inFlight.size >= 2) await Promise.race(inFlight);
    const writing = handle.db.transaction().execute(async (tx) => {
      await sql`
        insert into response (id, unit_id, loket_id, layanan_id, channel, trust, submitted_at, local_date, gender, age, education, occupation, disability, answers, tallied_at)
        select *, now() from jsonb_to_recordset(${batch}::jsonb) as x(id uuid, unit_id uuid, loket_id uuid, layanan_id uuid, channel text, trust text,
          submitted_at timestamptz, local_date date, gender text, age smallint, education text, occupation text, disability text, answers jsonb)`.execute(tx);
      await addToTallies(tx, rows, 1);
    });
    const written = writing.then(() => {
      inFlight.delete(written);
      progress(size);
    });
    inFlight.add(written);
  }
  await Promise.all(inFlight);
}

async function seed(handle: DatabaseHandle, period: Period): Promise<{ small: string; large: string }> {
  const { db } = handle;
  await addInstansi(db, { name: 'Kabupaten Bench', slug: 'kab-bench', timeZone: 'WIB' }, 'Asia/Jakarta');
  await addUser(db, { email: 'admin@bench.go.id', name: 'Admin Bench', role: 'admin', instansi: 'kab-bench', password: PASSWORD });
  const versions = await db
    .selectFrom('instrument_version as v')
    .innerJoin('instrument as i', 'i.id', 'v.instrument_id')
    .innerJoin('instrument_item as it', 'it.version_id', 'v.id')
    .where('i.code', 'in', ['skm', 'ipak', 'ipkp'])
    .where('i.instansi_id', 'is', null)
    .select(['v.id', 'it.code'])
    .orderBy('it.position')
    .execute();
  const byVersion = new Map<string, string[]>();
  for (const v of versions) byVersion.set(v.id, [...(byVersion.get(v.id) ?? []), v.code]);
  const shapes: Record<string, UnitShape> = {};
  for (const slug of ['kecil', 'besar']) {
    const unit = await addUnit(db, { instansi: 'kab-bench', name: `Dinas ${slug}`, slug, instruments: ['skm', 'ipak', 'ipkp'] });
    const layanan = [await addLayanan(db, { instansi: 'kab-bench', unit: slug, name: 'Perekaman KTP-el' }), await addLayanan(db, { instansi: 'kab-bench', unit: slug, name: 'Kartu Keluarga' })];
    const lokets = [];
    for (const [name, bound] of [['Loket 1', 'Perekaman KTP-el'], ['Loket 2', 'Kartu Keluarga'], ['Loket 3', undefined], ['Loket 4', undefined]] as const) {
      const loket = await addLoket(db, { instansi: 'kab-bench', unit: slug, name, layanan: bound });
      lokets.push({ id: loket.id, layananId: bound ? layanan.find((l) => l.name === bound)!.id : null });
    }
    shapes[slug] = { id: unit.id, lokets, layananIds: layanan.map((l) => l.id), versions: [...byVersion].map(([id, items]) => ({ id, items })) };
  }
  const started = performance.now();
  let shown = 0;
  const progress = (label: string, total: number) => {
    let done = 0;
    return (batch: number) => {
      done += batch;
      if (done - shown < 100_000 && done !== total) return;
      shown = done === total ? 0 : done;
      console.log(`  ${label}: ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} responses stored and tallied (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    };
  };
  await seedResponses(handle, shapes.kecil!, period, SMALL, 1, progress('Dinas kecil', SMALL));
  await seedResponses(handle, shapes.besar!, period, LARGE, 2, progress('Dinas besar', LARGE));
  return { small: shapes.kecil!.id, large: shapes.besar!.id };
}

// ---- the server --------------------------------------------------------------------------------

interface Child {
  process: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function startServer(env: Record<string, string>, logDir: string): Promise<Child> {
  const port = await freePort();
  const log = join(logDir, 'server.log');
  const fd = openSync(log, 'w');
  const { DATABASE_URL: _, DATA_DIR: __, APP_SECRET: ___, PORT: ____, PUBLIC_BASE_URL: _____, ...rest } = process.env;
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: ROOT, env: { ...rest, ...env, PORT: String(port), PUBLIC_BASE_URL: url }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${readFileSync(log, 'utf8')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not become ready:\n${readFileSync(log, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

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

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'survei-bench-dashboard-'));
  // the last complete triwulan (in WIB), so the default page and the measured one differ in nothing but data
  const period = periodBefore(periodOf(localDate(new Date(), 'Asia/Jakarta'), 'triwulan'));
  console.log(`bench:dashboard: GET /admin/dashboard/<unit>?period=${period.code}, a unit with ${SMALL.toLocaleString('en-US')} and a unit with ${LARGE.toLocaleString('en-US')} responses in that triwulan`);
  const postgres = await startPostgres();
  try {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const version = String((await admin.query('show server_version')).rows[0].server_version);
    await admin.query('create database bench_dashboard');
    await admin.end();
    const databaseUrl = Object.assign(new URL(postgres.url), { pathname: '/bench_dashboard' }).toString();
    console.log(`PostgreSQL ${version}`);

    const handle = await createDatabase({ url: databaseUrl, poolSize: 2 });
    try {
      await migrateToLatest(handle.db);
      const seeding = performance.now();
      const units = await seed(handle, period);
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
  } finally {
    await postgres.stop();
    rmSync(work, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log('all checks passed');
}

main().catch((error: unknown) => {
  console.error(`bench:dashboard: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
