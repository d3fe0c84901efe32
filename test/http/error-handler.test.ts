// The central error handler's mapping of database errors no route handled itself.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';

function appThrowing(error: unknown) {
  const logs: string[] = [];
  const app = new Hono<AppEnv>();
  app.use((c, next) => (c.set('requestId', 'req-1'), next()));
  app.onError(errorHandler((line) => logs.push(line)));
  app.get('/', () => {
    throw error;
  });
  return { app, logs };
}

const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('the error handler', () => {
  it('answers 400 for text PostgreSQL cannot store (NUL), naming why', async () => {
    for (const code of ['22021', '22P05']) {
      const res = await appThrowing(pgError(code, 'invalid byte sequence for encoding "UTF8": 0x00')).app.request('/');
      expect(res.status).toBe(400);
      expect(await res.json()).toEqual({ error: { code: 'invalid', message: expect.stringContaining('NUL') } });
    }
  });

  it('answers 503 with Retry-After while the database is away, whatever the way it went', async () => {
    for (const code of ['57P01', '57P02', '57P03', '08006', '08001', 'ECONNREFUSED', '57014']) {
      const { app, logs } = appThrowing(pgError(code, 'gone'));
      const res = await app.request('/');
      expect(res.status, code).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(JSON.parse(logs[0]!)).toMatchObject({ level: 'error', msg: 'database unavailable', request_id: 'req-1', code });
    }
  });

  it('answers anything else 500 and logs its stack', async () => {
    const { app, logs } = appThrowing(new Error('bug'));
    const res = await app.request('/');
    expect(res.status).toBe(500);
    expect(JSON.parse(logs[0]!)).toMatchObject({ level: 'error', msg: 'unhandled error', error: 'bug', stack: expect.stringContaining('Error: bug') });
  });
});
