// The public side of the results: pages, the embed card and its loader script, badges, images for
// social media, and the open-data API. Everything here reads published revisions only.
import { Hono } from 'hono';
import type { AppEnv } from '../http/middleware.ts';
import { openDataRoutes } from './api.ts';
import { badgeRoutes } from './badge.ts';
import { embedRoutes } from './embed.tsx';
import type { PublishDeps } from './env.ts';
import { imageRoutes } from './images.ts';
import { pageRoutes } from './pages.tsx';

export function publishRoutes(deps: PublishDeps) {
  const app = new Hono<AppEnv>();
  app.route('/', openDataRoutes(deps));
  app.route('/', embedRoutes(deps));
  app.route('/', badgeRoutes(deps));
  app.route('/', imageRoutes(deps));
  app.route('/', pageRoutes(deps));
  return app;
}
