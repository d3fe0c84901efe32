// Node entry: read config, open the database, migrate, serve; close cleanly on SIGINT/SIGTERM.
import { serve } from '@hono/node-server';
import { serveStatic } from '@hono/node-server/serve-static';
import { fileURLToPath } from 'node:url';
import { relative } from 'node:path';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openConfiguredDatabase } from './db/open.ts';
import { embeddedAppSecret } from './secret.ts';

async function main() {
  const loaded = loadConfig();
  const config = loaded.appSecret ? loaded : Object.freeze({ ...loaded, appSecret: embeddedAppSecret(loaded.dataDir) });
  const database = await openConfiguredDatabase(config);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`${signal} received: closing`);
    server.close();
    await database.close();
    process.exit(0);
  };
  try {
    const applied = await migrateToLatest(database.db);
    if (applied.length > 0) console.log(`migrations applied: ${applied.join(', ')}`);
  } catch (error) {
    await database.close();
    throw error;
  }

  const webRoot = relative(process.cwd(), fileURLToPath(new URL('../web', import.meta.url))) || '.';
  const app = createApp({
    config,
    database,
    assets: serveStatic({ root: webRoot, rewriteRequestPath: (path) => path.replace(/^\/static/, '') }),
  });
  const server = serve({ fetch: app.fetch, port: config.port }, (info) => {
    const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
    console.log(`survei listening on port ${info.port} (${where}); public URL ${config.publicBaseUrl}`);
  });
  server.on('error', (error) => {
    console.error(`survei: cannot listen on port ${config.port}: ${error.message}`);
    void database.close().finally(() => process.exit(1));
  });
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error(`survei: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
