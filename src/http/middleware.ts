import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { logLine, loggedPath } from './log.ts';

export type AppEnv = { Variables: { requestId: string } };

/**
 * Gives every request an id (echoed as X-Request-Id and on every log line) and logs one JSON line
 * per request (http/log.ts). The query string is never logged: it can carry tokens.
 */
export function requestLog(log: (line: string) => void): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const requestId = crypto.randomUUID();
    c.set('requestId', requestId);
    // set before the handler runs: headers set on a finished response make Hono copy it
    c.header('X-Request-Id', requestId);
    const started = performance.now();
    await next();
    log(requestLogLine(requestId, c.req.method, c.req.path, c.res.status, started));
  };
}

/** The line of one answered request; `cached` for an answer from the public response cache. */
export function requestLogLine(requestId: string, method: string, target: string, status: number, started: number, cached?: true): string {
  const ms = Math.round((performance.now() - started) * 10) / 10;
  return logLine(status >= 500 ? 'error' : 'info', 'request', { request_id: requestId, method, path: loggedPath(target), status, ms, cached });
}

/**
 * Resources other sites may use: the embed card (framed by the OPD's website), the widget loader,
 * badges and images (loaded cross-origin), and the open-data API. They get no X-Frame-Options and
 * `Cross-Origin-Resource-Policy: cross-origin`; the embed route sets its own `frame-ancestors`.
 */
export const SHAREABLE_PATH = /^\/(?:embed|badge)\/|^\/widget\.js$|^\/api\/v1\/public\/|^\/api\/v1\/openapi\.json$|^\/p\/[^?]+\.(?:png|svg)$/;

/** Default headers for pages and API: strict CSP, no framing; a route may set its own instead. */
export function defaultSecurityHeaders(https: boolean): MiddlewareHandler {
  const strict = securityHeaders(https, false);
  const shareable = securityHeaders(https, true);
  return (c, next) => (SHAREABLE_PATH.test(c.req.path) ? shareable(c, next) : strict(c, next));
}

function securityHeaders(https: boolean, shareable: boolean): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      // a shareable route that may be framed (the embed) sends its own policy with its allow-list
      frameAncestors: ["'none'"],
    },
    xFrameOptions: shareable ? false : 'DENY',
    crossOriginResourcePolicy: shareable ? 'cross-origin' : 'same-origin',
    referrerPolicy: 'strict-origin-when-cross-origin',
    strictTransportSecurity: https ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginEmbedderPolicy: false,
    // headers for browsers long gone (IE's download prompt and XSS filter, Flash's cross-domain
    // policies) or with no effect here: every response is smaller without them
    originAgentCluster: false,
    xDnsPrefetchControl: false,
    xDownloadOptions: false,
    xPermittedCrossDomainPolicies: false,
    xXssProtection: false,
    // a route that sets its own header (an SVG logo's policy, embeds later) keeps it
    overwrite: false,
  });
}
