import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { adminRoutes } from './admin/routes.tsx';
import { backupRoutes } from './backup/route.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { errorHandler, notFoundHandler } from './http/error-handler.tsx';
import { healthCheck } from './http/health.ts';
import { type AppEnv, defaultSecurityHeaders, requestLog } from './http/middleware.ts';
import { isUpload, requestTimeout } from './http/timeout.ts';
import { landingRoutes } from './landing/routes.tsx';
import { publishRoutes } from './publish/routes.ts';
import { type ResponseCache, responseCache } from './publish/response-cache.ts';
import { PUBLIC_VIEW_TTL_MS, publicViews } from './publish/view.ts';
import type { ArrivalMeter } from './results/fold.ts';
import { invitationApi } from './survey/api.ts';
import { loketContextCache } from './survey/context-cache.ts';
import type { Limiters } from './survey/rate-limit.ts';
import { surveyRoutes } from './survey/routes.tsx';

export interface AppDeps {
  config: Config;
  database: DatabaseHandle;
  /** serves web/ under /static/ (runtime-specific: node-server's serveStatic, Workers assets) */
  assets?: MiddlewareHandler;
  /** the client's network address as the runtime sees it */
  clientAddress?: (c: Context) => string | undefined;
  log?: (line: string) => void;
  /** told of every stored submission (the background fold yields during a burst) */
  arrivals?: ArrivalMeter;
  /** the one-time first-setup token printed in the server log while there are no users */
  setupToken?: string;
  /** the whole-response cache of public answers (main.ts answers from it before the adapter runs) */
  responses?: ResponseCache;
  /** rate-limit counters shared by every isolate (Workers' bindings); in the process's memory otherwise */
  limiters?: Limiters;
  /** false where no background job can outlive its request (Workers: no process, no temporary disk): the import upload answers 501 */
  backgroundJobs?: boolean;
}

/** The whole HTTP app, free of any runtime: Node (main.ts) and Workers (worker.ts) mount it. */
export function createApp({ config, database, assets, clientAddress, log = console.log, arrivals, setupToken, responses = responseCache(PUBLIC_VIEW_TTL_MS), limiters, backgroundJobs }: AppDeps) {
  const app = new Hono<AppEnv>();
  // public responses already made are kept whole and answered before routing (publish/response-cache.ts)
  app.use(requestLog(log));
  app.use(responses.keep());
  app.use(defaultSecurityHeaders(config.publicBaseUrl.startsWith('https://')));
  // inside the headers: a 503 for a handler too slow to answer carries them too
  app.use(requestTimeout(config.requestTimeoutMs, { slow: isUpload }));
  app.onError(errorHandler(log));
  app.notFound(notFoundHandler);

  if (assets) app.use('/static/*', assets);

  app.get('/healthz', healthCheck(database, log));
  app.route('/', backupRoutes({ database, config, clientAddress }));
  app.route('/', landingRoutes(database.db));
  // one loket cache for the citizens' side and the workspace, which clears it after a change
  const loketContexts = loketContextCache(database.db);
  // one public view cache for the public side and the workspace, which clears it after publishing
  const views = publicViews(database.db, PUBLIC_VIEW_TTL_MS, responses.clear);
  app.route('/', surveyRoutes({ db: database.db, config, clientAddress, arrivals, loketContexts, limiters }));
  app.route('/', invitationApi({ db: database.db, config, limiter: limiters?.invitationApi }));
  app.route('/', adminRoutes({ db: database.db, config, clientAddress, setupToken, loketContexts, publicViews: views, backgroundJobs }));
  app.route('/', publishRoutes({ db: database.db, config, views }));
  // a public response already made is answered before Hono routes anything
  const dispatch = app.fetch;
  app.fetch = (request, env, executionCtx) => responses.answer(request, log) ?? dispatch(request, env, executionCtx);
  return app;
}
