// The server's PostgreSQL sessions carry statement_timeout and idle_in_transaction_session_timeout
// (config.ts): a runaway statement is cancelled (57014), a transaction left idle is ended, and the
// pool goes on with fresh connections — without an uncaught 'error' taking the process down. The
// CLI's handle has neither (migrations and backups may take long). PGlite has no such settings: one
// embedded connection, no one else to wait on it.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';
import { openConfiguredDatabase } from '../../src/db/open.ts';
import { createTestDatabaseUrl } from '../support/databases.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('PostgreSQL timeouts of the server', () => {
  let url: string;
  let server: DatabaseHandle;
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    url = await createTestDatabaseUrl();
    const config = loadConfig({ DATABASE_URL: url, APP_SECRET: 'x'.repeat(32), DATABASE_STATEMENT_TIMEOUT_MS: '1000', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '1000' });
    server = await openConfiguredDatabase(config, { timeouts: true });
    process.on('uncaughtException', record);
  });
  afterAll(async () => {
    process.off('uncaughtException', record);
    await server?.close();
  });

  const setting = async (db: DatabaseHandle, name: 'statement_timeout' | 'idle_in_transaction_session_timeout') =>
    (await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db.db)).rows[0]!.value;

  it('sets both on every session of the pool, and neither on the CLI handle', async () => {
    expect(await setting(server, 'statement_timeout')).toBe('1s');
    expect(await setting(server, 'idle_in_transaction_session_timeout')).toBe('1s');
    const cli = await openConfiguredDatabase(loadConfig({ DATABASE_URL: url, APP_SECRET: 'x'.repeat(32), DATABASE_STATEMENT_TIMEOUT_MS: '1000' }));
    try {
      expect(await setting(cli, 'statement_timeout')).toBe('0');
      expect(await setting(cli, 'idle_in_transaction_session_timeout')).toBe('0');
    } finally {
      await cli.close();
    }
  });

  it('cancels a statement that runs longer, with 57014', async () => {
    const started = performance.now();
    await expect(sql`select pg_sleep(5)`.execute(server.db)).rejects.toMatchObject({ code: '57014' });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect((await sql<{ one: number }>`select 1 as one`.execute(server.db)).rows).toEqual([{ one: 1 }]);
  });

  it('ends a transaction left idle, and the pool carries on without an uncaught error', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(
      server.db.transaction().execute(async (tx) => {
        await sql`select 1`.execute(tx);
        await sleep(2_000);
        await sql`select 1`.execute(tx);
      }),
    ).rejects.toThrow();
    await sleep(100);
    expect(uncaught).toEqual([]);
    // logged as one JSON line, not thrown
    expect(logged.mock.calls.map(([line]) => JSON.parse(String(line)))).toContainEqual(expect.objectContaining({ level: 'warn', msg: 'database: connection lost' }));
    logged.mockRestore();
    // every connection of the pool is fresh or still good
    const answers = await Promise.all(Array.from({ length: 12 }, () => sql<{ one: number }>`select 1 as one`.execute(server.db)));
    expect(answers.every((a) => a.rows[0]?.one === 1)).toBe(true);
  });
});
