import { Hono } from 'hono';
import type { AppEnv } from '../http/middleware.ts';
import type { PublishDeps } from './env.ts';

export function embedRoutes(_deps: PublishDeps) {
  return new Hono<AppEnv>();
}
