// Sending a rendered public body: its ETag, its caching, and 304 when the client already has it.
import type { Context } from 'hono';
import type { Rendered } from './view.ts';

/** Public pages change when the team republishes: short, shared caching, always revalidated by ETag. */
export const PAGE_CACHE = 'public, max-age=60';
/** Embeds, badges and images: cached longer by browsers and CDNs, revalidated by ETag. */
export const SHARED_CACHE = 'public, max-age=600, stale-while-revalidate=86400';

export function sendRendered(c: Context, rendered: Rendered, type: string, cacheControl: string, status: 200 | 404 = 200): Response {
  c.header('ETag', rendered.etag);
  c.header('Cache-Control', cacheControl);
  const match = c.req.header('If-None-Match');
  if (match && match.split(',').some((tag) => tag.trim() === rendered.etag || tag.trim() === `W/${rendered.etag}`)) return c.body(null, 304);
  c.header('Content-Type', type);
  return c.body(typeof rendered.body === 'string' ? rendered.body : (rendered.body as Uint8Array<ArrayBuffer>), status);
}
