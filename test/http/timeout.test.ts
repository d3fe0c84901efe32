// The handler timeout: 503 with Retry-After when a handler is too slow, a longer limit for the import
// upload, none when turned off, and a handler that fails after its 503 is logged, not an unhandled rejection.
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isImportUpload } from '../../src/admin/reports/upload-limit.ts';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import { requestLog } from '../../src/http/middleware.ts';
import { requestTimeout } from '../../src/http/timeout.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function appWith(ms: number, slowMs: number) {
  const logs: string[] = [];
  const app = new Hono<AppEnv>();
  app.use(requestLog((line) => logs.push(line)));
  app.use(requestTimeout(ms, { slow: isImportUpload, slowMs }));
  app.onError(errorHandler((line) => logs.push(line)));
  app.get('/slow', async (c) => {
    await sleep(300);
    return c.text('late');
  });
  app.get('/failing', async () => {
    await sleep(300);
    throw new Error('too late to tell anyone');
  });
  app.post('/admin/reports/:unit/import', async (c) => {
    await sleep(300);
    return c.text('stored');
  });
  return { app, logs };
}

describe('the handler timeout', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers 503 with Retry-After when the handler takes longer, and the handler in time', async () => {
    const { app } = appWith(100, 1_000);
    const started = performance.now();
    const res = await app.request('/slow');
    expect(performance.now() - started).toBeLessThan(280);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ error: { code: 'timeout', message: 'the request took too long; retry shortly' } });
    expect(await (await appWith(1_000, 1_000).app.request('/slow')).text()).toBe('late');
  });

  it('gives the import upload its longer limit, and only the upload', async () => {
    const { app } = appWith(100, 1_000);
    const upload = await app.request('/admin/reports/dinkes/import', { method: 'POST' });
    expect(upload.status).toBe(200);
    expect(await upload.text()).toBe('stored');
    expect((await appWith(100, 150).app.request('/admin/reports/dinkes/import', { method: 'POST' })).status).toBe(503);
  });

  it('sets no limit at 0, for the upload neither', async () => {
    const { app } = appWith(0, 100);
    expect((await app.request('/slow')).status).toBe(200);
    expect((await app.request('/admin/reports/dinkes/import', { method: 'POST' })).status).toBe(200);
  });

  it('logs a handler that fails after the 503, with no unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const record = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', record);
    try {
      const { app, logs } = appWith(100, 1_000);
      expect((await app.request('/failing')).status).toBe(503);
      await sleep(400);
      expect(rejections).toEqual([]);
      // the late failure is still logged, under the request's id
      const [answered, failed] = logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(answered).toMatchObject({ msg: 'request', status: 503 });
      expect(failed).toMatchObject({ level: 'error', msg: 'unhandled error', error: 'too late to tell anyone', request_id: answered!.request_id });
    } finally {
      process.off('unhandledRejection', record);
    }
  });
});
