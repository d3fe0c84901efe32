// A request body size limit that leaves the body unread when Content-Length already tells the size.
// Hono's own bodyLimit touches the body stream, which on Node turns the lightweight request into a
// full web Request with a stream per post; on the submission path that cost more than the insert.
// Only a body of unknown length (chunked) goes through Hono's stream-counting limit.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

export function limitBody(maxSize: number, onError: (c: Context) => never): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize, onError });
  return async (c, next) => {
    const length = c.req.header('Content-Length');
    if (length !== undefined && c.req.header('Transfer-Encoding') === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxSize) onError(c);
      return next();
    }
    return streaming(c, next);
  };
}
