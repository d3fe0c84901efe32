// Managing the organisation in the workspace: units (with parent units), their layanan and lokets.
import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { layananRoutes } from './layanan.tsx';
import { loketRoutes } from './lokets.tsx';
import { unitsRoutes } from './units.tsx';

export function manageRoutes(deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  app.route('/', unitsRoutes(deps));
  app.route('/', layananRoutes(deps));
  app.route('/', loketRoutes(deps));
  return app;
}
