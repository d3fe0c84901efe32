// The reports workspace (issue 6 §8): the pages, the downloads and the import of paper forms.
import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { downloadRoutes } from './download-routes.ts';
import { importRoutes } from './import-routes.tsx';
import { reportPages } from './pages.tsx';

export function reportsRoutes(deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  app.route('/', downloadRoutes(deps));
  app.route('/', importRoutes(deps));
  app.route('/', reportPages(deps));
  return app;
}
