// A handler that has not answered within its time gets 503 with Retry-After (the JSON envelope or
// the error page, from error-handler.tsx) instead of holding the client until its own timeout. The
// handler cannot be cancelled: it runs on, bounded by the database's statement_timeout, and what it
// answers late is dropped. A streamed download counts only until its first byte (its Response is
// returned then); a file uploaded to the workspace (the import, 20 MB; a logo or evidence, 2 MB)
// is read inside the handler, so on a slow link it gets UPLOAD_TIMEOUT_MS.
import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from './errors.ts';
import type { AppEnv } from './middleware.ts';

/** An upload's limit: 20 MB at 40 kB/s, a weak mobile link. */
export const UPLOAD_TIMEOUT_MS = 10 * 60_000;

export function requestTimeout(ms: number, { slow, slowMs = UPLOAD_TIMEOUT_MS }: { slow?: (c: Context) => boolean; slowMs?: number } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limit = ms > 0 && slow?.(c) ? Math.max(ms, slowMs) : ms;
    if (limit <= 0) return next();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'expired'>((resolve) => (timer = setTimeout(() => resolve('expired'), limit)));
    const running = next();
    try {
      if ((await Promise.race([running, expired])) !== 'expired') return;
    } finally {
      clearTimeout(timer);
    }
    // its late failure has no one left to answer
    running.catch(() => {});
    throw new AppError(503, 'timeout', 'the request took too long; retry shortly');
  };
}

/** A file sent to the workspace: a multipart POST under /admin (the import, a logo, evidence). */
export const isUpload = (c: Context) => c.req.method === 'POST' && c.req.path.startsWith('/admin/') && (c.req.header('Content-Type') ?? '').startsWith('multipart/form-data');
