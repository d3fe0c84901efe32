// Reviewing responses (flags, exclusion and restore) and the saran (masked, categorized, followed up).
import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { responseRoutes } from './responses-routes.tsx';
import { saranRoutes } from './saran-routes.tsx';

export function reviewRoutes(deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  app.route('/', responseRoutes(deps));
  app.route('/', saranRoutes(deps));
  return app;
}
