// `survei backup`, `survei restore` and `survei migrate-to-postgres` as an operator runs them, against
// the real server process: a backup of the embedded database taken by the running server while
// citizens submit restores consistently into PostgreSQL; a bad file, a newer version or a target
// holding data is exit 2 with nothing stored; the move to PostgreSQL keeps every row, the
// publications and the ScoreCards; PostgreSQL backs up directly and restores into PGlite.
// The cases share one world and run in order (each spawned command and server costs seconds).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { createDatabase } from '../../src/db/database.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import type { Database } from '../../src/db/types.ts';
import { contentOf, linesOf, publicationsOf, scoreCardsOf, tallyDisagreements, writeLines } from '../backup/helpers.ts';
import { createTestDatabaseUrl, openEnvDatabase } from '../support/databases.ts';
import { runCli, type ServerProcess, startServer } from '../support/process.ts';
import { type PublishedWorld, seedPublishedWorld } from '../support/published.ts';
import { formShape, submissionBody } from '../support/submission.ts';

const dirs: string[] = [];
const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
};
const dataDir = tempDir('survei-backup-cli-');
const files = tempDir('survei-backup-files-');
const embedded = { DATA_DIR: dataDir, RATE_LIMIT_PER_ADDRESS: '0' };
const PG_SECRET = 'p'.repeat(40);
let world: PublishedWorld;
let server: ServerProcess | undefined;
let restoredUrl: string;
const backupFile = join(files, 'kantor.survei.gz');

beforeAll(async () => {
  const database = await openEnvDatabase(embedded);
  try {
    await migrateToLatest(database.db);
    world = await seedPublishedWorld(database.db);
  } finally {
    await database.close();
  }
  server = await startServer(embedded);
});
afterAll(async () => {
  await server?.stop();
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function withPostgres<T>(url: string, work: (db: Kysely<Database>) => Promise<T>): Promise<T> {
  const database = await createDatabase({ url, poolSize: 2 });
  try {
    return await work(database.db);
  } finally {
    await database.close();
  }
}

describe('survei backup and restore', () => {
  it('backs up the embedded database from the running server while citizens submit; restored into PostgreSQL it is consistent', async () => {
    expect(JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8'))).toEqual({ pid: server!.child.pid, port: Number(new URL(server!.url).port) });
    const secret = readFileSync(join(dataDir, 'app-secret'), 'utf8').trim();
    const form = await formShape(server!.url, world.dinkes.loketCode);
    const sent = new Set<string>();
    const acknowledged = new Set<string>();
    let stop = false;
    const client = async () => {
      while (!stop) {
        const id = crypto.randomUUID();
        sent.add(id);
        const res = await fetch(`${server!.url}/s/${form.code}`, {
          method: 'POST',
          body: submissionBody(form, secret, id),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          redirect: 'manual',
        });
        await res.arrayBuffer();
        expect(res.status).toBe(303);
        acknowledged.add(id);
      }
    };
    const clients = Promise.all([client(), client(), client()]);
    while (acknowledged.size < 10) await new Promise((r) => setTimeout(r, 50));
    const before = new Set(acknowledged);
    const backup = await runCli(['backup', '--out', backupFile], embedded);
    const during = acknowledged.size - before.size;
    stop = true;
    await clients;

    expect(backup.stderr).toContain(`taken by the running server (process ${server!.child.pid})`);
    expect(backup.stdout).toMatch(/^backup written: .*kantor\.survei\.gz \(\d+ rows in 23 tables, [\d.]+ kB; embedded database at migration 0007_response_import\)\n$/);
    expect(backup.code).toBe(0);
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    expect(readdirSync(files)).toEqual(['kantor.survei.gz']);
    expect(readdirSync(dataDir).filter((f) => f.includes('backup'))).toEqual([]);
    // citizens were being answered while the backup was taken
    expect(during).toBeGreaterThan(0);

    restoredUrl = await createTestDatabaseUrl();
    const restore = await runCli(['restore', backupFile], { DATABASE_URL: restoredUrl, APP_SECRET: PG_SECRET });
    // progress on stderr, and no warning: no server is connected to this database
    expect(restore.stderr).toMatch(/restoring rows: 100% \((\d+)\/\1\)\n$/);
    expect(restore.stderr).not.toContain('warning');
    expect(restore.stdout).toMatch(/^restored .*kantor\.survei\.gz into PostgreSQL: \d+ rows in 23 tables \(backup of .*, survei 0\.1\.0, embedded database\)\n$/);
    expect(restore.code).toBe(0);

    await withPostgres(restoredUrl, async (db) => {
      const ids = new Set((await db.selectFrom('response').select('id').execute()).map((r) => r.id));
      const seeded = 20;
      // everything answered before the command started is in it; nothing that was never sent
      expect([...before].filter((id) => !ids.has(id))).toEqual([]);
      expect([...ids].filter((id) => !sent.has(id)).length).toBe(seeded);
      expect(ids.size).toBeLessThanOrEqual(seeded + acknowledged.size);
      expect(await tallyDisagreements(db)).toEqual([]);
      // and once the pending ones are folded, still
      const cards = await scoreCardsOf(db, world);
      expect(cards.dinkes.length).toBe(3);
      expect(await tallyDisagreements(db)).toEqual([]);
    });
  });

  it('refuses to restore into the embedded database while the server holds it', async () => {
    const refused = await runCli(['restore', backupFile], embedded);
    expect(refused.stderr).toMatch(new RegExp(`^survei: the embedded database in .* is already open by process ${server!.child.pid}: stop the server first, then restore\n$`));
    expect(refused.code).toBe(1);
  });

  it('refuses a truncated file, a damaged line, a newer version, a target holding data and bad usage with exit 2, storing nothing', async () => {
    const emptyUrl = await createTestDatabaseUrl();
    const pg = (url: string) => ({ DATABASE_URL: url, APP_SECRET: PG_SECRET });
    const truncated = join(files, 'truncated.survei.gz');
    const whole = readFileSync(backupFile);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length * 0.7)));
    const damaged = join(files, 'damaged.survei.gz');
    writeLines(damaged, linesOf(backupFile).map((l) => l.replace('"name":"Dinas Kesehatan"', '"name":"Dinas Kesehatan Hewan"')));
    const newer = join(files, 'newer.survei.gz');
    const lines = linesOf(backupFile);
    const header = JSON.parse(lines[0]!);
    writeLines(newer, [JSON.stringify({ ...header, app_version: '2.0.0', migrations: [...header.migrations, '0042_future'] }), ...lines.slice(1)], { reseal: true });
    const responses = () => withPostgres(restoredUrl, async (db) => (await db.selectFrom('response').select('id').execute()).length);
    const held = await responses();

    const [cut, altered, future, occupied, noFile, noOut] = await Promise.all([
      runCli(['restore', truncated], pg(emptyUrl)),
      runCli(['restore', damaged], pg(emptyUrl)),
      runCli(['restore', newer], pg(emptyUrl)),
      runCli(['restore', backupFile], pg(restoredUrl)),
      runCli(['restore'], pg(emptyUrl)),
      runCli(['backup'], pg(emptyUrl)),
    ]);
    expect(cut).toEqual({ code: 2, stdout: '', stderr: `survei: ${truncated}: the backup is incomplete: the file ends early (truncated); nothing restored\n` });
    expect(altered).toEqual({ code: 2, stdout: '', stderr: `survei: ${damaged}: the backup is damaged: its checksum does not match its content; nothing restored\n` });
    expect(future).toEqual({
      code: 2,
      stdout: '',
      stderr: `survei: ${newer}: the backup was made by a newer version of survei (2.0.0): its migration 0042_future is unknown to this version (0.1.0); restore it with survei 2.0.0 or newer; nothing restored\n`,
    });
    expect(occupied).toEqual({ code: 2, stdout: '', stderr: 'survei: the target database already holds data (instansi, users or responses); add --replace to replace all of it with the backup; nothing restored\n' });
    expect(noFile).toEqual({ code: 2, stdout: '', stderr: 'survei: missing the backup file; usage: survei restore <file> [--replace]\n' });
    expect(noOut).toEqual({ code: 2, stdout: '', stderr: 'survei: missing --out; usage: survei backup --out <file>\n' });

    expect(await withPostgres(emptyUrl, async (db) => (await sql<{ n: number }>`select count(*)::int as n from pg_class where relnamespace = 'public'::regnamespace`.execute(db)).rows[0]!.n)).toBe(0);
    expect(await responses()).toBe(held);
  });

  it('moves the stopped office to PostgreSQL: every row, the publications and the ScoreCards identical', async () => {
    await server!.stop();
    server = undefined;
    expect(existsSync(join(dataDir, 'server.json'))).toBe(false);
    // into a database holding data: refused, and its copy of the embedded database is not left behind
    const refused = await runCli(['migrate-to-postgres', '--from', dataDir], { DATABASE_URL: restoredUrl });
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('the target database already holds data') });
    expect(readdirSync(dataDir).filter((f) => f.startsWith('moved-to-postgres-'))).toEqual([]);

    const url = await createTestDatabaseUrl();
    const moved = await runCli(['migrate-to-postgres', '--from', dataDir], { DATABASE_URL: url });
    expect(moved.code).toBe(0);
    expect(moved.stdout).toMatch(/^moved \d+ rows in 23 tables from the embedded database in .* to PostgreSQL \(postgres:\/\/.*\)\n/);
    expect(moved.stdout).toMatch(/\npublication +3 +3\n/);
    expect(moved.stdout).toContain(`APP_SECRET="$(cat ${join(dataDir, 'app-secret')})"`);
    const kept = readdirSync(dataDir).filter((f) => /^moved-to-postgres-.*\.survei\.gz$/.test(f));
    expect(kept).toHaveLength(1);

    const office = await openEnvDatabase({ DATA_DIR: dataDir });
    try {
      await withPostgres(url, async (db) => {
        expect(await contentOf(db)).toEqual(await contentOf(office.db));
        expect(await publicationsOf(db)).toEqual(await publicationsOf(office.db));
        expect(await scoreCardsOf(db, world)).toEqual(await scoreCardsOf(office.db, world));
      });
      const migrated = (await sql<{ name: string }>`select name from kysely_migration order by name`.execute(office.db)).rows.map((r) => r.name);
      expect(migrated).toEqual(Object.keys(migrations));
    } finally {
      await office.close();
    }

    // and back: PostgreSQL's backup, taken directly, restores into an empty DATA_DIR
    const pgBackup = join(files, 'postgres.survei.gz');
    const backup = await runCli(['backup', '--out', pgBackup], { DATABASE_URL: url, APP_SECRET: PG_SECRET });
    expect(backup.stdout).toContain('PostgreSQL at migration 0007_response_import');
    expect(backup.code).toBe(0);
    const elsewhere = tempDir('survei-backup-restored-');
    const restore = await runCli(['restore', pgBackup], { DATA_DIR: elsewhere });
    expect(restore.code).toBe(0);
    const back = await openEnvDatabase({ DATA_DIR: elsewhere });
    try {
      await withPostgres(url, async (db) => expect(await contentOf(back.db)).toEqual(await contentOf(db)));
    } finally {
      await back.close();
    }
  });
});

describe('survei backup interrupted', () => {
  it('removes its half-written <file>.part on Ctrl-C and exits 130', async () => {
    // a "server" that holds the DATA_DIR, sends the start of a backup and then nothing
    const dir = tempDir('survei-backup-stalled-');
    mkdirSync(join(dir, 'pglite'));
    writeFileSync(join(dir, 'survei.lock'), String(process.pid));
    writeFileSync(join(dir, 'app-secret'), 's'.repeat(40));
    const started = createServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/gzip' });
      res.write(Buffer.alloc(4096, 1));
    });
    await new Promise<void>((r) => started.listen(0, '127.0.0.1', r));
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: process.pid, port: (started.address() as AddressInfo).port }));
    const out = join(files, 'interrupted.survei.gz');
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'backup', '--out', out], {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !['DATABASE_URL', 'APP_SECRET', 'PORT'].includes(k))), DATA_DIR: dir },
        stdio: 'ignore',
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const deadline = Date.now() + 30_000;
      while (!(existsSync(`${out}.part`) && statSync(`${out}.part`).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(`${out}.part`)).toBe(true);
      child.kill('SIGINT');
      expect(await exited).toBe(130);
      expect(existsSync(`${out}.part`)).toBe(false);
      expect(existsSync(out)).toBe(false);
    } finally {
      started.closeAllConnections();
      started.close();
    }
  });
});

