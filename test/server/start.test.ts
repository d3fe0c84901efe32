import { migrations } from '../../migrations/index.ts';
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabaseUrl } from '../support/databases.ts';
import { runCli, startServer } from '../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'survei-start-'));
const logLines = (output: string) =>
  output
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the server on the embedded database', () => {
  it('starts on an empty DATA_DIR, creates and keeps its secret, and refuses a second process', async () => {
    // without PUBLIC_BASE_URL the links name localhost and the port
    const server = await startServer({ DATA_DIR: dataDir, PUBLIC_BASE_URL: undefined });
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok', database: 'up', kind: 'pglite' });
      expect(server.output()).toContain(`migrations applied: ${Object.keys(migrations).join(', ')}`);
      // no users yet: a one-time link to create the first account, which opens the setup form
      const setup = /create the first account at (\S+)/.exec(server.output())?.[1];
      expect(setup).toMatch(/^http:\/\/localhost:\d+\/admin\/setup\?token=[A-Za-z0-9_-]{32}$/);
      const path = new URL(setup!).pathname + new URL(setup!).search;
      expect((await fetch(`${server.url}${path}`)).status).toBe(200);
      expect((await fetch(`${server.url}/admin/setup?token=${'x'.repeat(32)}`)).status).toBe(404);
      const secretFile = join(dataDir, 'app-secret');
      expect(readFileSync(secretFile, 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
      expect(statSync(secretFile).mode & 0o777).toBe(0o600);

      const second = await startServer({ DATA_DIR: dataDir }, { waitReady: false });
      expect(await second.exited).toBe(1);
      expect(logLines(second.output())).toEqual([
        expect.objectContaining({ level: 'error', msg: expect.stringMatching(new RegExp(`^survei: the embedded database in .* is already open by process ${server.child.pid}; stop it first or set another DATA_DIR$`)) }),
      ]);

      const cli = await runCli(['instansi', 'list'], { DATA_DIR: dataDir });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toContain('already open by process');
    } finally {
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    expect(server.output()).toContain('SIGTERM received: closing');
    expect(existsSync(join(dataDir, 'survei.lock'))).toBe(false);
  });

  it('keeps its data across a restart, and recovers the lock after a crash', async () => {
    const secret = readFileSync(join(dataDir, 'app-secret'), 'utf8');
    const added = await runCli(['instansi', 'add', '--name', 'Kabupaten Restart', '--time-zone', 'WIT'], { DATA_DIR: dataDir });
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('instansi added: Kabupaten Restart (kabupaten-restart, WIT)\n');

    const server = await startServer({ DATA_DIR: dataDir });
    expect(server.output()).not.toContain('migrations applied');
    await server.stop('SIGKILL'); // a crash leaves its lock file behind
    expect(existsSync(join(dataDir, 'survei.lock'))).toBe(true);

    const again = await startServer({ DATA_DIR: dataDir });
    expect(readFileSync(join(dataDir, 'app-secret'), 'utf8')).toBe(secret);
    expect(await again.stop('SIGINT')).toBe(0);
    const list = await runCli(['instansi', 'list', '--json'], { DATA_DIR: dataDir });
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ slug: 'kabupaten-restart', time_zone: 'Asia/Jayapura' })]);
  });

  it('keeps the embedded database owner-only', () => {
    expect(statSync(join(dataDir, 'pglite')).mode & 0o077).toBe(0);
  });
});

describe('the server on PostgreSQL', () => {
  it('starts against DATABASE_URL and migrates it', async () => {
    const url = await createTestDatabaseUrl();
    const server = await startServer({ DATABASE_URL: url, APP_SECRET: 'a'.repeat(40) });
    try {
      expect(await (await fetch(`${server.url}/healthz`)).json()).toMatchObject({ status: 'ok', database: 'up', kind: 'postgres' });
      expect(server.output()).toContain('(PostgreSQL)');
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

describe('a wrong configuration', () => {
  it.each([
    [{ PORT: 'abc' }, 'survei: configuration: PORT must be a number (got "abc")'],
    [{ DATABASE_URL: 'postgres://localhost/x' }, 'survei: configuration: APP_SECRET is required when DATABASE_URL is set (at least 32 characters, e.g. `openssl rand -hex 32`)'],
    [{ DEFAULT_TIME_ZONE: 'UTC' }, 'survei: configuration: DEFAULT_TIME_ZONE must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT) (got "UTC")'],
  ])('%o stops the start with one clear line', async (env, line) => {
    const server = await startServer({ DATA_DIR: dataDir, ...env }, { waitReady: false });
    expect(await server.exited).toBe(1);
    // one JSON line, like everything the server writes
    expect(server.output().endsWith('\n')).toBe(true);
    expect(logLines(server.output())).toEqual([{ time: expect.any(String), level: 'error', msg: line }]);
  });
});
