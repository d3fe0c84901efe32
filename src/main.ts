// Node entry: read config, open the database, migrate, serve; close cleanly on SIGINT/SIGTERM.
// Everything this process writes is one JSON object per line (http/log.ts).
import { getRequestListener } from '@hono/node-server';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveStatic } from '@hono/node-server/serve-static';
import { randomBytes } from 'node:crypto';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.ts';
import { recordListening } from './backup/server-info.ts';
import { type Config, loadConfig, withoutPassword } from './config.ts';
import { createDatabase, type DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { type LogFields, writeLog } from './http/log.ts';
import { logBuffer } from './http/log-buffer.ts';
import { UPLOAD_TIMEOUT_MS } from './http/timeout.ts';
import { cachedLogLine, responseCache } from './publish/response-cache.ts';
import { PUBLIC_VIEW_TTL_MS } from './publish/view.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { arrivalMeter, startFolding } from './results/fold.ts';
import { embeddedAppSecret } from './secret.ts';
import { version } from './version.ts';

let database: DatabaseHandle | undefined;
let server: Server | undefined;
let folding: { stop(): Promise<void> } | undefined;
let closing = false;

/**
 * Responses under way. close() waits for every connection to end, and a keep-alive connection
 * would stay open after its last answer (until the 10 s cap): when the server stops, each of them
 * is told to close its connection once it is answered.
 */
const underWay = new Set<ServerResponse>();

function lastOnItsConnection(res: ServerResponse) {
  if (!res.headersSent) return void res.setHeader('Connection', 'close');
  const socket = res.socket;
  res.once('finish', () => socket?.end());
}

/** one line per request, written in batches */
const requestLines = logBuffer();

/** A line of the process's own (not a request's), written at once after the request lines before it. */
function say(level: 'info' | 'warn' | 'error', msg: string, fields?: LogFields) {
  requestLines.flush();
  writeLog(level, withoutPassword(msg), fields);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Requests get 10 s to finish; closing the fold and the database after them gets 5 s more. */
const STOP_DEADLINE_MS = 15_000;
/** set when something fails while the server is already stopping: the exit code says so */
let failedWhileClosing = false;

/** Stops taking connections, lets running requests finish, then closes the database. */
async function shutdown(reason: string, code: number) {
  if (closing) {
    failedWhileClosing ||= code !== 0;
    return;
  }
  closing = true;
  const started = performance.now();
  if (reason) say('info', reason);
  // a stop never hangs: whatever still holds it (a handler past its time, a stuck connection) is cut off
  setTimeout(() => {
    say('error', 'survei: still closing after 15 s: stopping now', { exit_code: 1 });
    process.exit(1);
  }, STOP_DEADLINE_MS).unref();
  try {
    if (server) {
      const open = server;
      // requests still running after 10 s are cut off rather than holding the shutdown forever
      const deadline = setTimeout(() => (open as { closeAllConnections?: () => void }).closeAllConnections?.(), 10_000);
      const closed = new Promise<void>((resolve) => open.close(() => resolve()));
      for (const res of underWay) lastOnItsConnection(res);
      await closed;
      clearTimeout(deadline);
    }
    await folding?.stop();
    await database?.close();
  } catch (error) {
    say('error', `survei: while closing: ${messageOf(error)}`);
    code = code || 1;
  }
  if (failedWhileClosing) code = code || 1;
  // after a signal; a start that failed has said why in its one line
  if (reason) say(code === 0 ? 'info' : 'error', 'survei stopped', { exit_code: code, ms: Math.round(performance.now() - started) });
  process.exit(code);
}

// Installed before the database opens, so a signal during the first migration still closes it.
// A second signal while closing (an impatient Ctrl-C) stops at once.
function onSignal(signal: NodeJS.Signals) {
  if (!closing) return void shutdown(`${signal} received: closing`, 0);
  say('warn', `${signal} received again: stopping now`, { exit_code: 1 });
  process.exit(1);
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// a bug that escaped every handler: logged as a line like the others, then the same orderly stop
process.on('uncaughtException', (error) => {
  say('error', `survei: uncaught exception: ${error.message}`, { stack: error.stack });
  void shutdown('', 1);
});
process.on('unhandledRejection', (error) => {
  say('error', `survei: unhandled rejection: ${messageOf(error)}`, { stack: error instanceof Error ? error.stack : undefined });
  void shutdown('', 1);
});

/**
 * Migrations may rewrite a large table: on PostgreSQL they run on a connection of their own,
 * without the server's statement_timeout.
 */
async function migrate(config: Config, database: DatabaseHandle): Promise<string[]> {
  if (!config.databaseUrl || config.statementTimeoutMs === 0) return migrateToLatest(database.db);
  const own = await createDatabase({ url: config.databaseUrl, poolSize: 1 });
  try {
    return await migrateToLatest(own.db);
  } finally {
    await own.close();
  }
}

async function main() {
  const loaded = loadConfig();
  database = await openConfiguredDatabase(loaded, { timeouts: true });
  // generated only once the DATA_DIR lock is held
  const config = loaded.appSecret ? loaded : Object.freeze({ ...loaded, appSecret: embeddedAppSecret(loaded.dataDir) });
  const applied = await migrate(config, database);
  if (applied.length > 0) say('info', `migrations applied: ${applied.join(', ')}`);
  if (closing) return;
  // fresh submissions are counted into the tallies about once a second (less often in a burst)
  const arrivals = arrivalMeter();
  folding = startFolding(database.db, { intervalMs: 1_000, log: (line) => say('warn', line), arrivals });

  // a first start with no users: a one-time link to create the first account
  let setupToken: string | undefined;
  if (!(await database.db.selectFrom('app_user').select('id').limit(1).executeTakeFirst())) {
    setupToken = randomBytes(24).toString('base64url');
    // the one token this log shows, on purpose: it is the operator's way in, and dies with its first use
    say('info', `no users yet: create the first account at ${config.publicBaseUrl}/admin/setup?token=${setupToken} (or run: survei user add --role admin)`);
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
    if (closing) res.setHeader('Connection', 'close');
    underWay.add(res);
    res.once('close', () => underWay.delete(res));
    const started = performance.now();
    const found = responses.lookup(req.method ?? '', req.url ?? '/', req.headers.cookie, req.headers['if-none-match']);
    if (!found) return void adapter(req, res);
    res.writeHead(found.status, found.headers);
    res.end(found.body);
    requestLines.log(cachedLogLine(req.method!, req.url!, found, started));
  });
  // a client gets 20 s to send its headers (slow-loris), the whole request as long as the import
  // upload may take; an idle keep-alive connection is kept longer than a proxy keeps its own (nginx: 60 s)
  server.headersTimeout = 20_000;
  server.requestTimeout = UPLOAD_TIMEOUT_MS + 30_000;
  server.keepAliveTimeout = 65_000;
  server.listen(config.port, () => {
    const { port } = server!.address() as AddressInfo;
    // where `survei backup` finds this server (embedded database only): DATA_DIR/server.json, removed on exit
    recordListening(database!.kind, config.dataDir, port);
    say('info', `survei listening on port ${port} (${where}); public URL ${config.publicBaseUrl}`, {
      port,
      database: database!.kind,
      version,
      request_timeout_ms: config.requestTimeoutMs,
      statement_timeout_ms: database!.kind === 'postgres' ? config.statementTimeoutMs : undefined,
    });
  });
  server.on('error', (error) => {
    say('error', `survei: cannot listen on port ${config.port}: ${error.message}`);
    server = undefined;
    void shutdown('', 1);
  });
}

main().catch((error: unknown) => {
  say('error', `survei: ${messageOf(error)}`);
  void shutdown('', 1);
});
