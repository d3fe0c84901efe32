import { describe, expect, it } from 'vitest';
import { loadConfig, withoutPassword } from '../../src/config.ts';

describe('configuration from the environment', () => {
  it('has sensible defaults for the embedded database', () => {
    expect(loadConfig({})).toEqual({
      port: 8787,
      databaseUrl: undefined,
      dataDir: './data',
      publicBaseUrl: 'http://localhost:8787',
      appSecret: undefined,
      defaultTimeZone: 'Asia/Jakarta',
      trustProxy: false,
      rateLimitPerAddress: 120,
      statementTimeoutMs: 30_000,
      idleInTransactionTimeoutMs: 60_000,
      requestTimeoutMs: 30_000,
    });
  });

  it('reads the timeouts in milliseconds, 0 turning one off', () => {
    expect(loadConfig({ DATABASE_STATEMENT_TIMEOUT_MS: '5000', DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '0', REQUEST_TIMEOUT_MS: '1000' })).toMatchObject({
      statementTimeoutMs: 5_000,
      idleInTransactionTimeoutMs: 0,
      requestTimeoutMs: 1_000,
    });
    expect(loadConfig({ REQUEST_TIMEOUT_MS: ' ' }).requestTimeoutMs).toBe(30_000);
  });

  it('reads every variable and normalises the base URL and the zone', () => {
    const config = loadConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://u:p@db.internal:5432/survei',
      DATA_DIR: '/var/lib/survei',
      PUBLIC_BASE_URL: 'https://survei.example.go.id/',
      APP_SECRET: 'x'.repeat(32),
      DEFAULT_TIME_ZONE: 'WITA',
    });
    expect(config).toMatchObject({ port: 9000, publicBaseUrl: 'https://survei.example.go.id', defaultTimeZone: 'Asia/Makassar' });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('never shows a secret or a password in its error', () => {
    expect(() => loadConfig({ APP_SECRET: 'hunter2-short' })).toThrow(/^configuration: APP_SECRET must be at least 32 characters \(use e\.g\. `openssl rand -hex 32`\)$/);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://survei:s3cret@db.internal:5432', APP_SECRET: 'x'.repeat(32) })).not.toThrow();
    expect(() => loadConfig({ DATABASE_URL: 'postgresql://survei:s3cret@[bad', APP_SECRET: 'x'.repeat(32) })).toThrow(
      'configuration: DATABASE_URL must be a postgres:// or postgresql:// URL (got "postgresql://survei:***@[bad")',
    );
  });

  it('hides a URL password anywhere in a text, for the logs', () => {
    expect(withoutPassword('connect to postgres://survei:s3cret@db:5432/x failed; also postgresql://a:b@c/d')).toBe('connect to postgres://survei:***@db:5432/x failed; also postgresql://a:***@c/d');
    expect(withoutPassword('postgres://survei@db/x')).toBe('postgres://survei@db/x');
  });

  it.each([
    [{ PORT: 'eighty' }, /^configuration: PORT must be a number \(got "eighty"\)$/],
    [{ PORT: '70000' }, /^configuration: PORT must be 1–65535/],
    [{ PORT: '0x1F90' }, /^configuration: PORT must be a number \(got "0x1F90"\)$/],
    [{ DATABASE_URL: 'mysql://x' }, /^configuration: DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/],
    [{ PUBLIC_BASE_URL: 'survei.example.go.id' }, /^configuration: PUBLIC_BASE_URL must be an absolute http/],
    [{ PUBLIC_BASE_URL: 'https://x.go.id/?a=1' }, /^configuration: PUBLIC_BASE_URL must not have a query/],
    [{ APP_SECRET: 'short' }, /^configuration: APP_SECRET must be at least 32 characters/],
    [{ DEFAULT_TIME_ZONE: 'Asia/Singapore' }, /^configuration: DEFAULT_TIME_ZONE must be Asia\/Jakarta \(WIB\)/],
    [{ DATABASE_URL: 'postgres://localhost/x' }, /^configuration: APP_SECRET is required when DATABASE_URL is set/],
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '30s' }, /^configuration: DATABASE_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds \(0 turns it off\) \(got "30s"\)$/],
    // seconds by mistake would cut every statement off
    [{ DATABASE_STATEMENT_TIMEOUT_MS: '30' }, /^configuration: DATABASE_STATEMENT_TIMEOUT_MS must be 0 \(off\) or 1000–86400000 milliseconds \(got "30"\)$/],
    [{ DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: '-1' }, /^configuration: DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS must be a whole number of milliseconds/],
    [{ REQUEST_TIMEOUT_MS: '999' }, /^configuration: REQUEST_TIMEOUT_MS must be 0 \(off\) or 1000–86400000 milliseconds/],
    [{ REQUEST_TIMEOUT_MS: '86400001' }, /^configuration: REQUEST_TIMEOUT_MS must be 0 \(off\) or 1000–86400000 milliseconds/],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
