import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';

export function publishAdminRoutes(_deps: AdminDeps) {
  return new Hono<AdminEnv>();
}
