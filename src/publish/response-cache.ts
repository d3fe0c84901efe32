// Whole public responses kept in memory, in front of the app: a second request for the same unit
// page, embed card, badge, image or open-data document is answered from here, with the headers the
// app gave the first one (security policy included), without routing, middleware or rendering.
// Public pages are read far more often than they change, and this is what lets them keep pace with
// a route that returns a constant body (bench:public). An entry lives as long as the public view it
// was made from: it expires with the view's TTL and goes when the workspace calls `invalidate()`.
// Memory is bounded by a count and a total of body bytes; expired and then the oldest entries make room.
import type { MiddlewareHandler } from 'hono';
import { requestLogLine } from '../http/middleware.ts';

/** the responses worth keeping: public, read-only, the same for everyone who asks the same URL */
const CACHEABLE = /^\/(?:p\/|embed\/|badge\/|widget\.js$|api\/v1\/public\/|api\/v1\/openapi\.json$)/;
const MAX_ENTRIES = 5_000;
const MAX_BODY_BYTES = 1_000_000;
/** all bodies together: a Worker's isolate has 128 MB in all, so it asks for less */
const DEFAULT_MAX_TOTAL_BYTES = 64_000_000;

interface Entry {
  at: number;
  status: number;
  etag: string | null;
  headers: Record<string, string>;
  /** bytes and plain headers: the Node adapter writes them straight out */
  body: Uint8Array<ArrayBuffer>;
}

/** A kept answer, ready to send: the status, the headers with a fresh request id, the body (null for 304 and HEAD). */
export interface CachedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array<ArrayBuffer> | null;
  requestId: string;
}

export interface ResponseCache {
  /**
   * The kept answer to a request, or undefined (the app answers it, and `keep()` keeps the answer).
   * `target` is the path with its query, as in the request line.
   */
  lookup(method: string, target: string, cookie: string | null | undefined, ifNoneMatch: string | null | undefined): CachedAnswer | undefined;
  /** `lookup` for a fetch Request, as a Response */
  answer(request: Request, log: (line: string) => void): Response | undefined;
  /** middleware that keeps the app's cacheable answers */
  keep(): MiddlewareHandler;
  clear(): void;
}

/** The path and query of a URL, without its origin. */
function targetOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('//') + 2);
  return start < 0 ? '/' : url.slice(start);
}

/**
 * The key holds everything a cacheable response may depend on: the path and query (never the Host:
 * public responses name PUBLIC_BASE_URL) and the language cookie (public pages fall back to it; the
 * others ignore it, so at worst they are kept twice).
 */
function keyOf(target: string, cookie: string | null | undefined): string {
  const lang = cookie ? /(?:^|;\s*)lang=(\w+)/.exec(cookie)?.[1] : undefined;
  return `${target}\u0000${lang ?? ''}`;
}

/** The request-log line of an answer from the cache (as http/middleware.ts writes the others). */
export function cachedLogLine(method: string, target: string, answer: CachedAnswer, started: number): string {
  return requestLogLine(answer.requestId, method, target, answer.status, started, true);
}

export function responseCache(ttlMs: number, { maxTotalBytes = DEFAULT_MAX_TOTAL_BYTES }: { maxTotalBytes?: number } = {}): ResponseCache {
  // oldest first (an entry kept again moves to the end), so eviction takes from the front
  const entries = new Map<string, Entry>();
  let totalBytes = 0;
  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    totalBytes -= entry.body.byteLength;
    entries.delete(key);
  };
  /** room for `bytes` more: expired entries go first, then the oldest, until it fits */
  const makeRoom = (bytes: number, now: number) => {
    for (const [key, entry] of entries) {
      const expired = now - entry.at >= ttlMs;
      if (!expired && entries.size < MAX_ENTRIES && totalBytes + bytes <= maxTotalBytes) return;
      remove(key);
    }
  };
  const lookup: ResponseCache['lookup'] = (method, target, cookie, ifNoneMatch) => {
    if (method !== 'GET' && method !== 'HEAD') return undefined;
    const entry = entries.get(keyOf(target, cookie));
    if (!entry || Date.now() - entry.at >= ttlMs) return undefined;
    const requestId = crypto.randomUUID();
    const match = entry.etag !== null && !!ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === entry.etag || t.trim() === `W/${entry.etag}`);
    if (match) return { status: 304, headers: { ...entry.headers, 'x-request-id': requestId }, body: null, requestId };
    // the length, so Node sends the body whole rather than in chunks (HEAD: the length it would have)
    const headers = { ...entry.headers, 'content-length': String(entry.body.byteLength), 'x-request-id': requestId };
    return { status: entry.status, headers, body: method === 'HEAD' ? null : entry.body, requestId };
  };
  return {
    lookup,
    clear: () => {
      entries.clear();
      totalBytes = 0;
    },
    answer(request, log) {
      const started = performance.now();
      const target = targetOf(request.url);
      const found = lookup(request.method, target, request.headers.get('cookie'), request.headers.get('if-none-match'));
      if (!found) return undefined;
      log(cachedLogLine(request.method, target, found, started));
      return new Response(found.body, { status: found.status, headers: found.headers });
    },
    keep() {
      return async (c, next) => {
        await next();
        const res = c.res;
        // only a complete, shared-cacheable 200 to a GET that sets nothing for this visitor alone
        if (c.req.method !== 'GET' || res.status !== 200 || !CACHEABLE.test(c.req.path)) return;
        if (!/\bpublic\b/.test(res.headers.get('cache-control') ?? '') || res.headers.has('set-cookie')) return;
        if (Number(res.headers.get('content-length') ?? 0) > MAX_BODY_BYTES) return;
        const body = new Uint8Array(await res.clone().arrayBuffer());
        if (body.byteLength > MAX_BODY_BYTES) return;
        const headers: Record<string, string> = {};
        res.headers.forEach((value, name) => {
          if (name !== 'x-request-id' && name !== 'content-length') headers[name] = value;
        });
        if (body.byteLength > maxTotalBytes) return;
        const key = keyOf(targetOf(c.req.url), c.req.header('cookie'));
        const now = Date.now();
        remove(key);
        makeRoom(body.byteLength, now);
        entries.set(key, { at: now, status: res.status, etag: res.headers.get('etag'), headers, body });
        totalBytes += body.byteLength;
      };
    },
  };
}
