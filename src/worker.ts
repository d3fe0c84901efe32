// Workers entry. Every request gets its own database client from the Hyperdrive binding (a
// module-level pool breaks on the second request: its sockets belong to the request that opened
// them), closed once the response is out — a download's once its body has been written. Hyperdrive
// keeps the real connections warm near the database. Migrations are never run from here:
// `survei migrate` against the direct URL is a deploy step. What the Node server keeps in its one
// process comes from Cloudflare instead, since isolates and locations share no memory: the static
// files (ASSETS), the rate-limit counters ([[ratelimits]]) and the background fold (a cron
// trigger); public answers are kept in each isolate's own memory between requests.
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

const RATE_LIMITS = ['SUBMIT_PER_ADDRESS', 'SUBMIT_PER_DEVICE', 'INVITATION_API'] as const;

export type Env = {
  HYPERDRIVE: { connectionString: string };
  ASSETS: { fetch(request: Request): Promise<Response> };
  APP_SECRET?: string;
} & Record<(typeof RATE_LIMITS)[number], RateLimitBinding> & { [name: string]: unknown };

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** The period of every [[ratelimits]] binding in wrangler.toml (it must stay 60): what a refused client is told to wait. */
const RATE_LIMIT_PERIOD_S = 60;

const configs = new WeakMap<object, Config>();

/** The vars and secrets, read as the Node server reads its environment; checked once per isolate. */
function configOf(env: Env): Config {
  let config = configs.get(env);
  if (!config) {
    // before loadConfig, whose own message speaks of DATABASE_URL, which a Worker never sets
    if (typeof env.APP_SECRET !== 'string' || env.APP_SECRET === '') {
      throw new ConfigError('configuration: APP_SECRET is not set: run `wrangler secret put APP_SECRET` (at least 32 characters, e.g. `openssl rand -hex 32`)');
    }
    const missing = RATE_LIMITS.filter((name) => typeof (env[name] as Partial<RateLimitBinding> | undefined)?.limit !== 'function');
    // without them every request would count in a memory that dies with it: no limit at all
    if (missing.length > 0) throw new ConfigError(`configuration: the rate-limiting bindings ${missing.join(', ')} are missing from this environment of wrangler.toml ([[env.<name>.ratelimits]])`);
    const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    config = loadConfig({ ...vars, DATABASE_URL: env.HYPERDRIVE.connectionString });
    configs.set(env, config);
  }
  return config;
}

// No statement or idle-in-transaction timeouts here: Hyperdrive passes no startup options, so they
// are set on the Worker's database role (README, "Deploying on Cloudflare Workers", step 2).
const openDatabase = (env: Env): Promise<DatabaseHandle> => createDatabase({ url: env.HYPERDRIVE.connectionString, poolSize: 1 });

/** A binding as the app's Limiter; a binding that fails lets the request through (a citizen's answer is worth more than a count). */
function limiter(binding: RateLimitBinding, name: string): Limiter {
  return {
    async hit(key) {
      try {
        return (await binding.limit({ key })).success ? 0 : RATE_LIMIT_PERIOD_S;
      } catch (error) {
        writeLog('warn', `rate limit ${name} unavailable: request let through`, errorFields(error));
        return 0;
      }
    },
  };
}

/** web/ is served by Workers assets; the app asks for it under /static/ as on Node. */
function assetsOf(env: Env): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = new URL(c.req.url);
    url.pathname = url.pathname.replace(/^\/static/, '');
    const found = await env.ASSETS.fetch(new Request(url, { method: c.req.method, headers: c.req.raw.headers }));
    if (found.status === 404) return next();
    // a fetched response's headers are immutable: the security headers are added to a copy
    return new Response(found.body, found);
  };
}

function failure(error: unknown): Response {
  const misconfigured = error instanceof ConfigError;
  writeLog('error', misconfigured ? 'worker: misconfigured' : 'worker: unhandled error', errorFields(error, { stack: !misconfigured }));
  const body = misconfigured ? { code: 'misconfigured', message: error.message } : { code: 'internal', message: 'internal server error' };
  return Response.json({ error: body }, { status: 500, headers: { 'Cache-Control': 'no-store' } });
}

/**
 * Public answers kept whole in this isolate's memory, as the Node server keeps them: a page, embed,
 * badge or open-data document asked for again within the public views' TTL is answered without a
 * database connection. A publication made through another isolate shows here once its entry
 * expires (PUBLIC_VIEW_TTL_MS), as on several Node servers. 16 MB of bodies at most: an isolate
 * has 128 MB in all.
 */
const responses = responseCache(PUBLIC_VIEW_TTL_MS, { maxTotalBytes: 16_000_000 });

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
        submitPerAddress: limiter(env.SUBMIT_PER_ADDRESS, 'SUBMIT_PER_ADDRESS'),
        submitPerDevice: limiter(env.SUBMIT_PER_DEVICE, 'SUBMIT_PER_DEVICE'),
        invitationApi: limiter(env.INVITATION_API, 'INVITATION_API'),
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
      // A download (CSV, XLSX, ZIP) may read the database page by page after its headers have gone:
      // its client is closed once the body has been written out, or the reader went away. Pages
      // and images are complete when returned and go out as they are.
      if (!response.body || !/^attachment/i.test(response.headers.get('Content-Disposition') ?? '')) {
        ctx.waitUntil(database.close());
        return response;
      }
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
      return failure(error);
    }
  },

  /**
   * Cron trigger (wrangler.toml [triggers]): folds fresh submissions into the tallies, as the Node
   * server does every second. Results fold what is pending before they read anyway; this keeps the
   * backlog (and so the first dashboard's wait) small. A failure fails the run, as Cloudflare's
   * cron history shows; each batch is its own transaction, so the next run goes on from there.
   */
  async scheduled(_event: unknown, env: Env): Promise<void> {
    const database = await openDatabase(env);
    try {
      const folded = await foldPending(database.db);
      if (folded > 0) writeLog('info', 'fold: folded fresh submissions', { folded });
    } catch (error) {
      writeLog('error', 'fold: failed (the next run goes on)', errorFields(error));
      throw error;
    } finally {
      await database.close();
    }
  },
};
