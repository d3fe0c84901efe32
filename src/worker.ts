// Workers entry. Every request gets its own database client from the Hyperdrive binding (a
// module-level pool breaks on the second request: its sockets belong to the request that opened
// them), closed once the response's body has been sent; Hyperdrive keeps the real connections warm near the
// database. Migrations are never run from here: `survei migrate` against the direct URL is a
// deploy step. What Node keeps in its process is taken from bindings instead: the static files
// (ASSETS), the rate-limit counters, and the background fold (a cron trigger); the public answers
// are kept in the isolate's memory between requests.
import type { MiddlewareHandler } from 'hono';
import { createApp } from './app.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import { createDatabase, type DatabaseHandle } from './db/database.ts';
import { errorFields, writeLog } from './http/log.ts';
import { responseCache } from './publish/response-cache.ts';
import { PUBLIC_VIEW_TTL_MS } from './publish/view.ts';
import { foldPending } from './results/fold.ts';
import type { Limiter, Limiters } from './survey/rate-limit.ts';

/** A Workers rate-limiting binding ([[ratelimits]] in wrangler.toml). */
interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

export interface Env {
  HYPERDRIVE: { connectionString: string };
  ASSETS: { fetch(request: Request): Promise<Response> };
  SUBMIT_PER_ADDRESS?: RateLimitBinding;
  SUBMIT_PER_DEVICE?: RateLimitBinding;
  INVITATION_API?: RateLimitBinding;
  [name: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** The period of every [[ratelimits]] binding in wrangler.toml: what a refused client is told to wait. */
const RATE_LIMIT_PERIOD_S = 60;

const configs = new WeakMap<object, Config>();

/** The vars and secrets as the Node server reads them from its environment; checked once per isolate. */
function configOf(env: Env): Config {
  let config = configs.get(env);
  if (!config) {
    const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    config = loadConfig({ ...vars, DATABASE_URL: env.HYPERDRIVE.connectionString });
    if (!config.appSecret) throw new ConfigError('configuration: APP_SECRET is not set: run `wrangler secret put APP_SECRET` (at least 32 characters, e.g. `openssl rand -hex 32`)');
    configs.set(env, config);
  }
  return config;
}

/** One statement per request at most is cut short by these; Hyperdrive takes no startup options (README). */
const openDatabase = (env: Env): Promise<DatabaseHandle> => createDatabase({ url: env.HYPERDRIVE.connectionString, poolSize: 1 });

function limiter(binding: RateLimitBinding | undefined): Limiter | undefined {
  return binding && { hit: async (key) => ((await binding.limit({ key })).success ? 0 : RATE_LIMIT_PERIOD_S) };
}

/** web/ is served by Workers assets; the app asks for it under /static/ as on Node. */
function assetsOf(env: Env): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/^\/static/, '');
    const found = await env.ASSETS.fetch(new Request(url, { method: c.req.method, headers: c.req.raw.headers }));
    if (found.status === 404) return next();
    // a fetched response's headers are immutable: the security headers are added to a copy
    return new Response(found.body, found);
  };
}

function failure(error: unknown): Response {
  const message = error instanceof ConfigError ? error.message : 'internal error';
  writeLog('error', 'worker: cannot serve', errorFields(error, { stack: !(error instanceof ConfigError) }));
  return Response.json({ error: { code: 'misconfigured', message } }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Public answers kept whole in this isolate's memory, as the Node server keeps them: a page, embed,
 * badge or open-data document asked for again within the public views' TTL is answered without a
 * database connection. A publication made through another isolate shows here once its entry
 * expires (PUBLIC_VIEW_TTL_MS), as on several Node servers.
 */
const responses = responseCache(PUBLIC_VIEW_TTL_MS);

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    let config: Config;
    let database: DatabaseHandle;
    try {
      config = configOf(env);
      const kept = responses.answer(request, console.log);
      if (kept) return kept;
      database = await openDatabase(env);
    } catch (error) {
      return failure(error);
    }
    try {
      const limiters: Limiters = {
        submitPerAddress: limiter(env.SUBMIT_PER_ADDRESS),
        submitPerDevice: limiter(env.SUBMIT_PER_DEVICE),
        invitationApi: limiter(env.INVITATION_API),
      };
      const app = createApp({
        config,
        database,
        assets: assetsOf(env),
        // set by Cloudflare's edge for every request; a client cannot forge it
        clientAddress: (c) => c.req.header('CF-Connecting-IP'),
        limiters,
        backgroundJobs: false,
        responses,
      });
      const response = await app.fetch(request);
      if (!response.body) {
        ctx.waitUntil(database.close());
        return response;
      }
      // a streamed download (CSV, XLSX, ZIP) reads the database page by page after its headers are
      // sent: the client is closed once the body has been written out, or the reader went away
      const { readable, writable } = new TransformStream();
      ctx.waitUntil(
        response.body
          .pipeTo(writable)
          .catch(() => undefined)
          .finally(() => database.close()),
      );
      return new Response(readable, response);
    } catch (error) {
      ctx.waitUntil(database.close());
      throw error;
    }
  },

  /**
   * Cron trigger (wrangler.toml [triggers]): folds fresh submissions into the tallies, as the Node
   * server does every second. Results fold what is pending before they read anyway; this keeps the
   * backlog (and so the first dashboard's wait) small.
   */
  async scheduled(_event: unknown, env: Env, ctx: ExecutionContext): Promise<void> {
    const database = await openDatabase(env);
    ctx.waitUntil(
      foldPending(database.db)
        .then((folded) => folded > 0 && writeLog('info', 'fold: folded fresh submissions', { folded }))
        .catch((error: unknown) => writeLog('error', 'fold: failed (the next run retries)', errorFields(error)))
        .finally(() => database.close()),
    );
  },
};
