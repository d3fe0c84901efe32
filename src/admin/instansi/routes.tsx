import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';

export function instansiRoutes(_deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  return app;
}
