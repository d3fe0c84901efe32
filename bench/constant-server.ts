/**
 * The baseline of `npm run bench:public`: the least a GET route can do on the same stack. A minimal
 * Hono app on @hono/node-server that answers `GET /constant/:bytes` with a constant HTML body of
 * that many bytes (made once per size), with no database, no middleware, no logging and no
 * security headers.
 *
 * Environment: PORT. Prints "listening" when ready; exits cleanly on SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const port = Number(process.env.PORT ?? 8789);
const bodies = new Map<number, string>();

const app = new Hono();
app.get('/healthz', (c) => c.text('ok'));
app.get('/constant/:bytes', (c) => {
  const bytes = Number(c.req.param('bytes'));
  if (!Number.isSafeInteger(bytes) || bytes < 1 || bytes > 10_000_000) return c.text('bytes: must be 1–10,000,000', 400);
  let body = bodies.get(bytes);
  if (!body) bodies.set(bytes, (body = 'x'.repeat(bytes)));
  return c.html(body);
});

const server = serve({ fetch: app.fetch, port }, () => console.log(`constant baseline listening on port ${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
