import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';

export function resultsPosterRoutes(_deps: AdminDeps) {
  return new Hono<AdminEnv>();
}
