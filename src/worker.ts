// Workers entry: one database client per request from the Hyperdrive binding (a module-level
// pool breaks on the second request), closed after the response. Migrations are never run from a
// request: `survei migrate` against the direct URL is a deploy step. The Workers issue completes
// this entry (assets, rate limits) and proves it in the Workers runtime.
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { createDatabase } from './db/database.ts';

interface Env {
  HYPERDRIVE: { connectionString: string };
  [name: string]: unknown;
}

interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const vars = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const config = loadConfig({ ...vars, DATABASE_URL: env.HYPERDRIVE.connectionString });
    const database = await createDatabase({ url: env.HYPERDRIVE.connectionString, poolSize: 1 });
    try {
      return await createApp({ config, database }).fetch(request);
    } finally {
      ctx.waitUntil(database.close());
    }
  },
};
