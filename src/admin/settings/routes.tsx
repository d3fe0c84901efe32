import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';

export function settingsRoutes(_deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  return app;
}
