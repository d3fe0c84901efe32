// The handler timeout: 503 with Retry-After when a handler is too slow, a longer limit for a workspace
// upload, none when turned off, and a handler that fails after its 503 is logged, not an unhandled rejection.
import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { errorHandler } from '../../src/http/error-handler.tsx';
import type { AppEnv } from '../../src/http/middleware.ts';
import { requestLog } from '../../src/http/middleware.ts';
import { isUpload, requestTimeout } from '../../src/http/timeout.ts';

const MULTIPART = { 'Content-Type': 'multipart/form-data; boundary=x' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function appWith(ms: number, slowMs: number) {
  const logs: string[] = [];
  const slow = { done: false };
  const app = new Hono<AppEnv>();
  app.use(requestLog((line) => logs.push(line)));
  app.use(requestTimeout(ms, { slow: isUpload, slowMs }));
  app.onError(errorHandler((line) => logs.push(line)));
  app.get('/slow', async (c) => {
    await sleep(300);
    slow.done = true;
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
  return { app, logs, slow };
}

describe('the handler timeout', () => {
  afterEach(() => vi.restoreAllMocks());

  it('answers 503 with Retry-After when the handler takes longer, and the handler in time', async () => {
    const { app, slow } = appWith(100, 1_000);
    const res = await app.request('/slow');
    // answered while the handler was still at work
    expect(slow.done).toBe(false);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(await res.json()).toEqual({ error: { code: 'timeout', message: 'the request took too long; retry shortly' } });
    expect(await (await appWith(1_000, 1_000).app.request('/slow')).text()).toBe('late');
  });

  it('gives a workspace upload its longer limit, and only an upload', async () => {
    const { app } = appWith(100, 1_000);
    const upload = await app.request('/admin/reports/dinkes/import', { method: 'POST', headers: MULTIPART });
    expect(upload.status).toBe(200);
    expect(await upload.text()).toBe('stored');
    expect((await appWith(100, 150).app.request('/admin/reports/dinkes/import', { method: 'POST', headers: MULTIPART })).status).toBe(503);
    // a form without a file is no upload
    expect((await app.request('/admin/reports/dinkes/import', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(503);
  });

  it('sets no limit at 0, for the upload neither', async () => {
    const { app } = appWith(0, 100);
    expect((await app.request('/slow')).status).toBe(200);
    expect((await app.request('/admin/reports/dinkes/import', { method: 'POST', headers: MULTIPART })).status).toBe(200);
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
