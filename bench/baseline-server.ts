/**
 * The baseline of `npm run bench:submit`: the least a form-post endpoint can do on the same stack.
 * A minimal Hono app on @hono/node-server with one table, that inserts one row per form post through
 * Kysely (the platform's own database layer: the same pg pool size or the same PGlite) and answers
 * 303, with no validation, no signature, no flags, no tallies, no logging, no security headers.
 *
 * Environment: PORT, and DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite in DATA_DIR). Prints
 * "listening" when ready; exits cleanly on SIGTERM.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { sql } from 'kysely';
import { createDatabase } from '../src/db/database.ts';

type BaselineTable = {
  baseline: { id: string; body: string };
};

const port = Number(process.env.PORT ?? 8788);
const url = process.env.DATABASE_URL;
const dataDir = process.env.DATA_DIR;
if (!url && !dataDir) throw new Error('baseline: set DATABASE_URL or DATA_DIR');

const handle = await createDatabase(url ? { url } : { dataDir: dataDir! });
const db = handle.db.withTables<BaselineTable>();
await sql`create table if not exists baseline (id uuid primary key, body text, at timestamptz default now())`.execute(handle.db);

const app = new Hono();
app.get('/healthz', (c) => c.text('ok'));
app.post('/s/:code', async (c) => {
  const body = await c.req.text();
  await db.insertInto('baseline').values({ id: crypto.randomUUID(), body }).execute();
  return c.redirect(`/s/${c.req.param('code')}/terima-kasih`, 303);
});

const server = serve({ fetch: app.fetch, port }, () => console.log(`baseline listening on port ${port} (${handle.kind})`));
process.on('SIGTERM', () => {
  server.close(() => {
    void handle.close().then(() => process.exit(0));
  });
});
