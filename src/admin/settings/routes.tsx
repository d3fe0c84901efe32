// Settings of the workspace: the instansi's users and roles (admins), and per unit the instruments
// its questionnaire asks (order, wording) and its API keys for the invitations API.
import { Hono } from 'hono';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { apiKeyRoutes } from './api-keys.tsx';
import { unitInstrumentRoutes } from './instruments.tsx';
import { userRoutes } from './users.tsx';
import { wordingRoutes } from './wording-page.tsx';

export function settingsRoutes(deps: AdminDeps) {
  const app = new Hono<AdminEnv>();
  app.route('/', userRoutes(deps));
  app.route('/', unitInstrumentRoutes(deps));
  app.route('/', wordingRoutes(deps));
  app.route('/', apiKeyRoutes(deps));
  return app;
}
