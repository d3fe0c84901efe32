import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { DatabaseHandle } from '../../src/db/database.ts';

/** The real app on a test database, with its request log kept for assertions. */
export function testApp(database: DatabaseHandle, env: Record<string, string> = {}) {
  const logs: string[] = [];
  const config = loadConfig({ APP_SECRET: 'test-secret-'.padEnd(40, 'x'), PUBLIC_BASE_URL: 'https://survei.test', ...env });
  const app = createApp({ config, database, log: (line) => logs.push(line) });
  return { app, logs, config };
}
