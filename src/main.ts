// Node entry: read config, open the database, migrate, serve; close cleanly on SIGINT/SIGTERM.
import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { logBuffer } from './http/log-buffer.ts';
import { cachedLogLine, responseCache } from './publish/response-cache.ts';
import { PUBLIC_VIEW_TTL_MS } from './publish/view.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { arrivalMeter, startFolding } from './results/fold.ts';
import { embeddedAppSecret } from './secret.ts';

let database: DatabaseHandle | undefined;
let server: Server | undefined;
let folding: { stop(): Promise<void> } | undefined;
let closing = false;

/** Stops taking connections, lets running requests finish, then closes the database. */
/** one line per request, written in batches */
const requestLines = logBuffer();

async function shutdown(reason: string, code: number) {
  if (closing) return;
  closing = true;
  requestLines.flush();
  if (reason) console.log(reason);
  try {
    if (server) {
      const open = server;
      // requests still running after 10 s are cut off rather than holding the shutdown forever
      const deadline = setTimeout(() => (open as { closeAllConnections?: () => void }).closeAllConnections?.(), 10_000);
      await new Promise<void>((resolve) => open.close(() => resolve()));
      clearTimeout(deadline);
    }
    await folding?.stop();
    await database?.close();
    requestLines.flush();
  } catch (error) {
    console.error(`survei: while closing: ${error instanceof Error ? error.message : String(error)}`);
    code = code || 1;
  }
  process.exit(code);
}

// Installed before the database opens, so a signal during the first migration still closes it.
process.on('SIGINT', () => void shutdown('SIGINT received: closing', 0));
process.on('SIGTERM', () => void shutdown('SIGTERM received: closing', 0));

async function main() {
  const loaded = loadConfig();
  database = await openConfiguredDatabase(loaded);
  // generated only once the DATA_DIR lock is held
  const config = loaded.appSecret ? loaded : Object.freeze({ ...loaded, appSecret: embeddedAppSecret(loaded.dataDir) });
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) console.log(`migrations applied: ${applied.join(', ')}`);
  if (closing) return;
  // fresh submissions are counted into the tallies about once a second (less often in a burst)
  const arrivals = arrivalMeter();
  folding = startFolding(database.db, { intervalMs: 1_000, log: (line) => console.error(line), arrivals });

  // a first start with no users: a one-time link to create the first account
  let setupToken: string | undefined;
  if (!(await database.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst())) {
    setupToken = randomBytes(24).toString('base64url');
    console.log(`no users yet: create the first account at ${config.publicBaseUrl}/admin/setup?token=${setupToken} (or run: survei user add --role admin)`);
  }

  const responses = responseCache(PUBLIC_VIEW_TTL_MS);
  const webRoot = relative(process.cwd(), fileURLToPath(new URL('../web', import.meta.url))) || '.';
  const app = createApp({
    config,
    database,
    assets: serveStatic({ root: webRoot, rewriteRequestPath: (path) => path.replace(/^\/static/, '') }),
    clientAddress: (c) => getConnInfo(c).remote.address,
    arrivals,
    setupToken,
    log: requestLines.log,
    responses,
  });
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  // a kept public answer goes straight out of Node's HTTP server, before the adapter builds a
  // Request and a Response for it (publish/response-cache.ts)
  const adapter = getRequestListener(app.fetch);
  server = createServer((req, res) => {
    const started = performance.now();
    const found = responses.lookup(req.method ?? '', req.url ?? '/', req.headers.cookie, req.headers['if-none-match']);
    if (!found) return void adapter(req, res);
    res.writeHead(found.status, found.headers);
    res.end(found.body);
    requestLines.log(cachedLogLine(req.method!, req.url!, found, started));
  });
  server.listen(config.port, () => {
    const { port } = server!.address() as AddressInfo;
    console.log(`survei listening on port ${port} (${where}); public URL ${config.publicBaseUrl}`);
  });
  server.on('error', (error) => {
    console.error(`survei: cannot listen on port ${config.port}: ${error.message}`);
    server = undefined;
    void shutdown('', 1);
  });
}

main().catch((error: unknown) => {
  console.error(`survei: ${error instanceof Error ? error.message : String(error)}`);
  void shutdown('', 1);
});
