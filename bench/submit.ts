/**
 * `npm run bench:submit`: how fast does the real server take questionnaire submissions?
 *
 * Loads `POST /s/:code` on loopback with autocannon, 50 connections, every request a valid, distinct
 * submission made here in the bench process: a form token signed with APP_SECRET for a fresh
 * submission id, rendered 10 s earlier, trust "open"; an answer to every radio question of the page
 * (the layanan, every SKM, IPAK and IPKP item, the gender), an age, and the empty honeypot, as a
 * browser posts the form. No cookie is sent, so each request is a new device (no per-device limit,
 * no cool-down flag). The per-address rate limit is off for the bench (RATE_LIMIT_PER_ADDRESS=0):
 * all of the load comes from 127.0.0.1.
 *
 * Each run is a warm-up (300 requests, then rounds of about 3 s) and a measured run of as many
 * requests as the warm rate gives in about 10 s. Runs are counted in requests, not cut by a timer, so
 * every request sent is answered and "303 answers = rows stored" can be checked exactly.
 *
 * Against the real server (`node --import tsx src/main.ts`, its own child process) and, in the same
 * run and on the same database kind, a baseline: a minimal Hono app that inserts one row per form
 * post (bench/baseline-server.ts), one after the other, never both at once. Twice: on PostgreSQL (a
 * throw-away server started here, restarted durable: fsync, synchronous_commit and full_page_writes
 * on, a commit waits for the disk as in production) and on PGlite (a temporary DATA_DIR).
 *
 * Prints requests/s, p50 and p99 latency, answers outside 2xx/3xx, errors and timeouts, the peak RSS
 * of the server process (VmHWM of /proc/<pid>/status at the end; PGlite runs inside that process,
 * PostgreSQL does not), CPU time per request of the server and of PostgreSQL's processes, what
 * PostgreSQL's sessions waited on (pg_stat_activity sampled every 20 ms), how long the server took to
 * fold what the run left pending when it was stopped (its background fold yields during a burst),
 * and questionnaire ÷ baseline throughput. Checks every answer was a 303 and the number of 303s
 * equals the rows stored (and each response has all its answers, and the tallies count each once). Exits 1 when a check fails or the
 * PostgreSQL ratio is below 0.6.
 *
 * BENCH_KINDS=postgres|pglite runs one kind; BENCH_PROFILE=<dir> adds a V8 CPU profile of the
 * questionnaire server and PostgreSQL's busiest statements (pg_stat_statements);
 * BENCH_CONNECTIONS and BENCH_DURATION change 50 and 10.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { runCli } from '../test/support/process.ts';
import { freePort, startPostgres } from '../test/support/postgres-server.ts';
import { type FormShape, formShape, submissionBody } from '../test/support/submission.ts';
import { statusCounts } from './harness.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP_REQUESTS = 300;
const WARMUP_S = 3;
const MAX_REQUESTS = 500_000;
const MIN_RATIO = 0.6;
/** BENCH_KINDS=postgres (or pglite) runs one kind only, e.g. while profiling */
const KINDS = (process.env.BENCH_KINDS ?? 'postgres,pglite').split(',');
/**
 * BENCH_PROFILE=<dir>: the questionnaire server writes a V8 CPU profile there when it stops, and
 * PostgreSQL runs with pg_stat_statements, whose busiest statements are printed after each run
 */
const PROFILE_DIR = process.env.BENCH_PROFILE;
const APP_SECRET = 'bench-secret-bench-secret-bench-secret-0123456789';

type Kind = 'postgres' | 'pglite';

interface Target {
  /** DATABASE_URL or DATA_DIR */
  env: Record<string, string>;
  /** opens the database after the server stopped, to count what it stored */
  open: () => Promise<DatabaseHandle>;
  /** before the server starts (PostgreSQL: a checkpoint, so one run's writes do not slow the next) */
  beforeRun?: () => Promise<void>;
  /** starts sampling what the database's sessions wait on; the returned function stops and sums up */
  sample?: () => () => Promise<string>;
  /** pg_stat_statements of the database (BENCH_PROFILE) */
  statements?: { reset(): Promise<void>; top(): Promise<string> };
  /** the database server's processes, when it runs outside the app (PostgreSQL) */
  databasePids?: () => number[];
}

interface Run {
  name: string;
  requests: number;
  seconds: number;
  rps: number;
  p50: number;
  p99: number;
  status: Record<string, number>;
  bad: number;
  errors: number;
  timeouts: number;
  rssMb: number;
  stored: number;
  see303: number;
  /** what PostgreSQL's sessions waited on during the measured run */
  sampled?: string;
  /** from SIGTERM to exit: the server folds what the run left pending (questionnaire) */
  stopSeconds?: number;
  /** the busiest statements of the measured run (BENCH_PROFILE) */
  statements?: string;
  /** CPU time per request during the measured run, in ms: the server process, PostgreSQL's processes, this process (autocannon) */
  cpuMs: { server: number; database?: number; bench: number };
}

const failures: string[] = [];
function check(ok: boolean, what: string) {
  if (!ok) failures.push(what);
}

// ---- child processes ---------------------------------------------------------------------------

interface Child {
  process: ChildProcess;
  url: string;
  log: string;
  stop(): Promise<void>;
}

async function startChild(name: string, script: string, env: Record<string, string>, logDir: string, nodeFlags: string[] = []): Promise<Child> {
  const port = await freePort();
  const log = join(logDir, `${name}.log`);
  // the server's per-request log line goes to a file, not through this process
  const fd = openSync(log, 'w');
  const { DATABASE_URL: _, DATA_DIR: __, APP_SECRET: ___, PORT: ____, ...rest } = process.env;
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script], { cwd: ROOT, env: { ...rest, ...env, PORT: String(port) }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${readFileSync(log, 'utf8')}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become ready:\n${readFileSync(log, 'utf8')}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    process: child,
    url,
    log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU seconds (user + system) a process has used so far (Linux). */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100)
  } catch {
    return 0; // gone
  }
}

/** The postmaster of a data directory and every process it started (backends, WAL writer…). */
function postgresPids(dataDir: string): number[] {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const children = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .filter((d) => {
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

interface CpuSnapshot {
  server: number;
  database: number;
  bench: number;
}

function cpuSnapshot(serverPid: number, databasePids: number[]): CpuSnapshot {
  const own = process.cpuUsage();
  return { server: cpuSeconds(serverPid), database: databasePids.reduce((n, pid) => n + cpuSeconds(pid), 0), bench: (own.user + own.system) / 1e6 };
}

/** Peak resident set of a process so far, in MB (Linux). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return kb / 1024;
}

async function cli(env: Record<string, string>, ...args: string[]): Promise<string> {
  const result = await runCli(args, { ...env, APP_SECRET });
  if (result.code !== 0) throw new Error(`survei ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return result.stdout;
}

// ---- the load ----------------------------------------------------------------------------------

/** A distinct, valid submission: its own signed token and an answer to every radio question. */
const submission = (form: FormShape) => submissionBody(form, APP_SECRET);

/**
 * A fixed number of requests (autocannon's `amount`), all of them answered before it returns: a
 * run cut off by a timer would leave requests the server stores but whose 303 never arrives.
 */
function load(url: string, form: FormShape, amount: number): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        amount,
        requests: [
          {
            method: 'POST',
            path: `/s/${form.code}`,
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
            // called for every request: a new submission id each time
            setupRequest: (req) => ({ ...req, body: submission(form) }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

/** As many requests as `seen`'s rate gives in `seconds`. */
const amountFor = (seen: autocannon.Result, seconds: number) => Math.min(MAX_REQUESTS, Math.max(WARMUP_REQUESTS, Math.round((seen.requests.total / seen.duration) * seconds)));

/**
 * A warm-up (WARMUP_REQUESTS, then about WARMUP_S at the rate seen), then the measured run: as many
 * requests as the warm rate gives in DURATION_S, so it lasts about that long. The 303s of all three
 * are what must be stored.
 */
async function measure(name: string, child: Child, form: FormShape, target: Target): Promise<Omit<Run, 'stored'>> {
  // warm-up: a few requests to guess the rate, then rounds of about WARMUP_S at the rate seen until
  // one really lasts that long (a cold server underestimates itself)
  const warmups = [await load(child.url, form, WARMUP_REQUESTS)];
  for (let round = 0; round < 4; round++) {
    const last = warmups.at(-1)!;
    if (round > 0 && last.duration >= WARMUP_S * 0.8) break;
    warmups.push(await load(child.url, form, amountFor(last, WARMUP_S)));
  }
  const amount = amountFor(warmups.at(-1)!, DURATION_S);
  const databasePids = target.databasePids?.() ?? [];
  const cpuBefore = cpuSnapshot(child.process.pid!, databasePids);
  await target.statements?.reset();
  const sampling = target.sample?.();
  const result = await load(child.url, form, amount);
  const cpuAfter = cpuSnapshot(child.process.pid!, databasePids);
  const sampled = await sampling?.();
  const statements = await target.statements?.top();
  const perRequest = (key: keyof CpuSnapshot) => ((cpuAfter[key] - cpuBefore[key]) * 1000) / result.requests.total;
  const status = statusCounts(result);
  const warmStatus: Record<string, number> = {};
  for (const r of warmups) for (const [code, n] of Object.entries(statusCounts(r))) warmStatus[code] = (warmStatus[code] ?? 0) + n;
  const outside = (counts: Record<string, number>) => Object.entries(counts).filter(([code]) => Number(code) < 200 || Number(code) >= 400).reduce((n, [, c]) => n + c, 0);
  return {
    name,
    requests: result.requests.total,
    seconds: result.duration,
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    status,
    bad: outside(status) + outside(warmStatus),
    errors: result.errors + warmups.reduce((n, r) => n + r.errors, 0),
    timeouts: result.timeouts + warmups.reduce((n, r) => n + r.timeouts, 0),
    rssMb: peakRssMb(child.process.pid!),
    see303: (status['303'] ?? 0) + (warmStatus['303'] ?? 0),
    sampled,
    statements,
    cpuMs: { server: perRequest('server'), database: databasePids.length > 0 ? perRequest('database') : undefined, bench: perRequest('bench') },
  };
}

// ---- one database kind -------------------------------------------------------------------------

async function bench(kind: Kind, survei: Target, baseline: Target, logDir: string): Promise<Run[]> {
  // seed with the real command: one unit running skm, ipak and ipkp, two layanan, a loket serving both
  await cli(survei.env, 'instansi', 'add', '--name', 'Kabupaten Bench', '--slug', 'kab-bench');
  await cli(survei.env, 'unit', 'add', '--instansi', 'kab-bench', '--name', 'Dinas Kependudukan', '--slug', 'disduk', '--instruments', 'skm,ipak,ipkp');
  for (const name of ['Perekaman KTP-el', 'Kartu Keluarga']) await cli(survei.env, 'layanan', 'add', '--instansi', 'kab-bench', '--unit', 'disduk', '--name', name);
  const loket = JSON.parse(await cli(survei.env, 'loket', 'add', '--instansi', 'kab-bench', '--unit', 'disduk', '--name', 'Loket 1', '--json')) as { code: string };

  const runs: Run[] = [];
  // the questionnaire first (its page gives the fields both are sent), then the baseline; never both at once
  let form: FormShape;
  {
    await survei.beforeRun?.();
    const child = await startChild(`survei-${kind}`, 'src/main.ts', { ...survei.env, APP_SECRET, RATE_LIMIT_PER_ADDRESS: '0' }, logDir, PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);
    let run: Omit<Run, 'stored'>;
    let stopSeconds: number;
    try {
      form = await formShape(child.url, loket.code);
      check(form.radios.size >= 1 + 9 + 5 + 11, `${kind}: the form asks the layanan and every item (found ${form.radios.size} radio questions)`);
      run = await measure(`questionnaire (${kind})`, child, form, survei);
    } finally {
      const stopping = performance.now();
      await child.stop();
      stopSeconds = (performance.now() - stopping) / 1000;
    }
    const db = await survei.open();
    try {
      const stored = await countRows(db, 'select count(*)::int as n from response');
      const items = [...form.radios.keys()].filter((n) => n.includes(':')).length;
      const answers = await countRows(db, 'select count(*)::int as n from response r, jsonb_each(r.answers) v, jsonb_each(v.value) a');
      const tallied = await countRows(db, 'select coalesce(sum(respondents), 0)::int as n from response_tally');
      const tallyAnswers = await countRows(db, 'select coalesce(sum(n1 + n2 + n3 + n4), 0)::int as n from answer_tally');
      check(answers === stored * items, `${kind}: ${stored} responses should have ${stored * items} answers, found ${answers}`);
      check(tallied === stored * 3, `${kind}: response tallies count ${tallied}, expected ${stored} × 3 instruments`);
      check(tallyAnswers === answers, `${kind}: answer tallies count ${tallyAnswers}, expected ${answers}`);
      runs.push({ ...run, stored, stopSeconds });
    } finally {
      await db.close();
    }
  }
  {
    await baseline.beforeRun?.();
    const child = await startChild(`baseline-${kind}`, 'bench/baseline-server.ts', baseline.env, logDir);
    let run: Omit<Run, 'stored'>;
    try {
      run = await measure(`baseline (${kind})`, child, form, baseline);
    } finally {
      await child.stop();
    }
    const db = await baseline.open();
    try {
      runs.push({ ...run, stored: await countRows(db, 'select count(*)::int as n from baseline') });
    } finally {
      await db.close();
    }
  }
  for (const run of runs) {
    check(run.bad === 0, `${run.name}: ${run.bad} answers outside 2xx/3xx (${JSON.stringify(run.status)})`);
    check(run.errors === 0 && run.timeouts === 0, `${run.name}: ${run.errors} errors, ${run.timeouts} timeouts`);
    check(run.see303 === run.stored, `${run.name}: ${run.see303} answers 303 but ${run.stored} rows stored`);
    check(run.see303 > 0, `${run.name}: nothing was stored`);
  }
  return runs;
}

async function countRows(handle: DatabaseHandle, query: string): Promise<number> {
  const result = await sql.raw<{ n: number }>(query).execute(handle.db);
  return Number(result.rows[0]!.n);
}

/**
 * Samples pg_stat_activity of one database every 20 ms: the share of its busy sessions found
 * running, waiting on a lock, on the WAL flush, or idle inside a transaction (waiting on the app).
 */
function waitSampler(url: string, database: string): () => () => Promise<string> {
  return () => {
    const client = new pg.Client({ connectionString: url });
    const counts = new Map<string, number>();
    let samples = 0;
    let stopped = false;
    const loop = (async () => {
      await client.connect();
      while (!stopped) {
        const { rows } = await client.query<{ what: string; n: string }>(
          `select case when state = 'idle in transaction' then 'idle in transaction (waiting on the app)'
                       when wait_event_type is null then 'running (CPU)'
                       else wait_event_type || ':' || wait_event end as what, count(*) as n
             from pg_stat_activity where datname = $1 and pid <> pg_backend_pid() and state <> 'idle' and backend_type = 'client backend'
            group by 1`,
          [database],
        );
        samples += 1;
        for (const r of rows) counts.set(r.what, (counts.get(r.what) ?? 0) + Number(r.n));
        await new Promise((r) => setTimeout(r, 20));
      }
      await client.end();
    })();
    return async () => {
      stopped = true;
      await loop;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
      return `busy sessions ${(total / Math.max(samples, 1)).toFixed(1)} on average: ${top.map(([what, n]) => `${what} ${((100 * n) / total).toFixed(0)} %`).join(', ')}`;
    };
  };
}

// ---- main --------------------------------------------------------------------------------------

function table(runs: Run[]): string {
  const head = ['', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'seconds', 'not 2xx/3xx', 'errors', 'peak RSS MB', 'CPU ms/req server + db', '303 = stored'];
  const rows = runs.map((r) => [
    r.name,
    r.rps.toFixed(0),
    String(r.p50),
    String(r.p99),
    String(r.requests),
    r.seconds.toFixed(1),
    String(r.bad),
    String(r.errors + r.timeouts),
    r.rssMb.toFixed(0),
    `${r.cpuMs.server.toFixed(2)}${r.cpuMs.database === undefined ? '' : ` + ${r.cpuMs.database.toFixed(2)}`}`,
    `${r.see303} = ${r.stored}${r.see303 === r.stored ? '' : ' ✗'}`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [line(head), rule, ...rows.map(line)].join('\n');
}

/** On a throw-away PostgreSQL server, restarted durable (fsync, synchronous_commit, full_page_writes on). */
async function benchPostgres(work: string): Promise<Run[]> {
  const postgres = await startPostgres();
  try {
    // the test server runs with fsync=off; here it restarts without that set of options
    const root = dirname(postgres.dataDir);
    postgres.pgCtl('-w', '-t', '60', '-m', 'fast', '-l', join(root, 'server.log'), '-o', `-p ${postgres.port} -k ${root} -c listen_addresses=127.0.0.1 -c max_connections=200${PROFILE_DIR ? ' -c shared_preload_libraries=pg_stat_statements' : ''}`, 'restart');
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    try {
      const show = async (name: string) => String((await admin.query(`show ${name}`)).rows[0][name]);
      const settings = { version: await show('server_version'), fsync: await show('fsync'), synchronous_commit: await show('synchronous_commit'), full_page_writes: await show('full_page_writes') };
      console.log(`PostgreSQL ${settings.version}: fsync=${settings.fsync} synchronous_commit=${settings.synchronous_commit} full_page_writes=${settings.full_page_writes}`);
      check(settings.fsync === 'on' && settings.synchronous_commit === 'on' && settings.full_page_writes === 'on', 'PostgreSQL must run durable (fsync, synchronous_commit, full_page_writes on)');
      await admin.query('create database bench_survei');
      await admin.query('create database bench_baseline');
      if (PROFILE_DIR) await admin.query('create extension pg_stat_statements');
      const checkpoint = async () => void (await admin.query('checkpoint'));
      const target = (name: string): Target => {
        const url = Object.assign(new URL(postgres.url), { pathname: `/${name}` }).toString();
        const statements = PROFILE_DIR
          ? {
              reset: async () => void (await admin.query('select pg_stat_statements_reset()')),
              top: async () => {
                const { rows } = await admin.query<{ calls: string; total: number; mean: number; query: string }>(
                  `select s.calls, s.total_exec_time as total, s.mean_exec_time as mean, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 140) as query
                     from pg_stat_statements s join pg_database d on d.oid = s.dbid where d.datname = $1 order by s.total_exec_time desc limit 12`,
                  [name],
                );
                return rows.map((r) => `  ${r.total.toFixed(0).padStart(7)} ms ${String(r.calls).padStart(7)} calls ${r.mean.toFixed(3).padStart(8)} ms  ${r.query}`).join('\n');
              },
            }
          : undefined;
        return { env: { DATABASE_URL: url }, open: () => createDatabase({ url, poolSize: 1 }), beforeRun: checkpoint, sample: waitSampler(postgres.url, name), databasePids: () => postgresPids(postgres.dataDir), statements };
      };
      return await bench('postgres', target('bench_survei'), target('bench_baseline'), work);
    } finally {
      await admin.end();
    }
  } finally {
    await postgres.stop();
  }
}

/** On PGlite: each server its own DATA_DIR. */
function benchPglite(work: string): Promise<Run[]> {
  const surveiDir = join(work, 'survei-data');
  const baselineDir = join(work, 'baseline-data');
  return bench(
    'pglite',
    { env: { DATA_DIR: surveiDir }, open: () => createDatabase({ dataDir: join(surveiDir, 'pglite') }) },
    { env: { DATA_DIR: baselineDir }, open: () => createDatabase({ dataDir: baselineDir }) },
    work,
  );
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'survei-bench-submit-'));
  console.log(`bench:submit: POST /s/:code, ${CONNECTIONS} connections, a warm-up of ${WARMUP_REQUESTS} requests then about ${DURATION_S} s measured per run, distinct valid submissions`);
  console.log('the questionnaire server runs with RATE_LIMIT_PER_ADDRESS=0 (all the load comes from 127.0.0.1)');
  const all: Run[] = [];
  try {
    if (KINDS.includes('postgres')) all.push(...(await benchPostgres(work)));
    if (KINDS.includes('pglite')) all.push(...(await benchPglite(work)));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  console.log('');
  console.log(table(all));
  for (const run of all) if (run.sampled) console.log(`${run.name}: ${run.sampled}`);
  for (const run of all) {
    if (run.stopSeconds !== undefined) console.log(`${run.name}: on SIGTERM after the run, the server folded what was still pending (the fold yields during a burst) and exited in ${run.stopSeconds.toFixed(1)} s`);
  }
  for (const run of all) if (run.statements) console.log(`\n${run.name}, busiest statements (total execution time, calls, mean):\n${run.statements}`);
  const ratio = (kind: Kind) => {
    const q = all.find((r) => r.name === `questionnaire (${kind})`);
    const b = all.find((r) => r.name === `baseline (${kind})`);
    return q && b ? q.rps / b.rps : undefined;
  };
  const pgRatio = ratio('postgres');
  const pgliteRatio = ratio('pglite');
  console.log('');
  console.log(`questionnaire / baseline throughput: PostgreSQL ${pgRatio?.toFixed(2) ?? '-'} (target ≥ ${MIN_RATIO}), PGlite ${pgliteRatio?.toFixed(2) ?? '-'}`);
  if (pgRatio !== undefined) check(pgRatio >= MIN_RATIO, `PostgreSQL ratio ${pgRatio.toFixed(2)} is below ${MIN_RATIO}`);
  if (failures.length > 0) {
    console.log(`\nFAILED:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exit(1);
  }
  console.log('all checks passed');
}

main().catch((error: unknown) => {
  console.error(`bench:submit: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
