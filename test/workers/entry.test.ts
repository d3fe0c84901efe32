// The Workers entry's own checks, run in Node: a Worker deployed without its secret or without a
// rate-limiting binding answers every request with a 500 that says what to fix (and opens no
// database), instead of running unprotected or failing somewhere deeper.
import { describe, expect, it } from 'vitest';
import worker, { type Env } from '../../src/worker.ts';

const ctx = { waitUntil: () => undefined };
const binding = { limit: async () => ({ success: true }) };

function env(changes: Record<string, unknown>): Env {
  return {
    // nothing listens here: a request that got as far as the database would fail differently
    HYPERDRIVE: { connectionString: 'postgres://survei:unused@127.0.0.1:1/survei' },
    ASSETS: { fetch: async () => new Response('not found', { status: 404 }) },
    APP_SECRET: 'entry-test-secret-0123456789abcdef0123456789',
    SUBMIT_PER_ADDRESS: binding,
    SUBMIT_PER_DEVICE: binding,
    INVITATION_API: binding,
    ...changes,
  } as Env;
}

async function answer(e: Env) {
  const res = await worker.fetch(new Request('https://survei.example.go.id/healthz'), e, ctx);
  return { status: res.status, cache: res.headers.get('cache-control'), body: (await res.json()) as { error: { code: string; message: string } } };
}

describe('the Workers entry', () => {
  it('answers 500 naming `wrangler secret put APP_SECRET` when the secret is missing', async () => {
    const res = await answer(env({ APP_SECRET: undefined }));
    expect(res.status).toBe(500);
    expect(res.cache).toBe('no-store');
    expect(res.body.error.code).toBe('misconfigured');
    expect(res.body.error.message).toContain('wrangler secret put APP_SECRET');
  });

  it('answers 500 naming the rate-limiting bindings an environment lacks', async () => {
    const res = await answer(env({ SUBMIT_PER_DEVICE: undefined, INVITATION_API: undefined }));
    expect(res.status).toBe(500);
    expect(res.body.error).toEqual({ code: 'misconfigured', message: expect.stringContaining('SUBMIT_PER_DEVICE, INVITATION_API are missing') });
  });

  it('names a bad var as the Node server does, without its value for a secret', async () => {
    const res = await answer(env({ APP_SECRET: 'short' }));
    expect(res.body.error.message).toMatch(/^configuration: APP_SECRET must be at least 32 characters/);
    expect(res.body.error.message).not.toContain('short');
  });
});
