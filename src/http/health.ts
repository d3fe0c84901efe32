// GET /healthz for load balancers and monitoring: 200 while the database answers `select 1`, 503
// (with Retry-After) while it does not — refused, failing, or silent. A hung database must not hang
// the probe too: the answer comes within HEALTH_TIMEOUT_MS whatever the database does.
import type { Handler } from 'hono';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../db/database.ts';
import { version } from '../version.ts';
import { errorFields, logLine } from './log.ts';
import type { AppEnv } from './middleware.ts';

export const HEALTH_TIMEOUT_MS = 2_000;

export function healthCheck(database: DatabaseHandle, log: (line: string) => void, timeoutMs = HEALTH_TIMEOUT_MS): Handler<AppEnv> {
  return async (c) => {
    c.header('Cache-Control', 'no-store');
    const problem = await databaseProblem(database, timeoutMs);
    if (problem === undefined) return c.json({ status: 'ok', database: 'up', kind: database.kind, version });
    log(logLine('warn', 'healthz: database unreachable', { request_id: c.get('requestId'), ...errorFields(problem) }));
    c.header('Retry-After', '5');
    return c.json({ status: 'unavailable', database: 'unreachable', kind: database.kind, version }, 503);
  };
}

/** undefined when the database answered in time; else why not. */
async function databaseProblem(database: DatabaseHandle, timeoutMs: number): Promise<unknown> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const silent = new Promise<Error>((resolve) => (timer = setTimeout(() => resolve(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)));
  try {
    return await Promise.race([
      sql`select 1`.execute(database.db).then(
        () => undefined,
        (error: unknown) => error ?? new Error('select 1 failed'),
      ),
      silent,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
