// The workspace's gate, in front of every /admin route:
// - the page language and the workspace strings;
// - the session (a cookie holding a random token) and its user; without one, a page asks to sign
//   in (303 to /admin/login) and anything else answers 401;
// - CSRF: every POST must send back the token of its page (`_csrf` field or X-CSRF-Token header),
//   an HMAC of the session (or, before sign-in, of a random cookie) under APP_SECRET;
// - no caching of any workspace page.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { clientAddressOf } from '../../http/client-address.ts';
import { AppError } from '../../http/errors.ts';
import { adminMessages } from '../../i18n/admin.ts';
import { fill, messages, resolveLang } from '../../i18n/index.ts';
import { MAX_AGE_MS, readSession } from '../auth/session.ts';
import type { AdminDeps, AdminEnv } from './env.ts';

/** Routes reachable without a session. */
const OPEN_PATHS = new Set(['/admin/login', '/admin/setup']);

export function cookieNames(https: boolean) {
  // __Host-: Secure, Path=/, no Domain — a sibling subdomain cannot plant or read it
  return https ? { session: '__Host-survei_session', preSession: '__Host-survei_csrf' } : { session: 'survei_session', preSession: 'survei_csrf' };
}

export function setSessionCookie(c: Context, https: boolean, token: string) {
  // kept by the browser for the session's longest life: the idle limit slides on the server
  setCookie(c, cookieNames(https).session, token, { path: '/', httpOnly: true, secure: https, sameSite: 'Lax', maxAge: MAX_AGE_MS / 1000 });
}

export function clearSessionCookie(c: Context, https: boolean) {
  setCookie(c, cookieNames(https).session, '', { path: '/', httpOnly: true, secure: https, sameSite: 'Lax', maxAge: 0 });
}

const csrfFor = (secret: string, binding: string) => createHmac('sha256', secret).update(`csrf.${binding}`).digest('base64url');

async function sentCsrf(c: Context): Promise<string | undefined> {
  const header = c.req.header('X-CSRF-Token');
  if (header) return header;
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  const body = await c.req.parseBody();
  return typeof body._csrf === 'string' ? body._csrf : undefined;
}

/** The first posted field with a NUL character in its name or text: PostgreSQL cannot store one (it was a 500). */
async function fieldWithNul(c: Context): Promise<string | undefined> {
  const type = c.req.header('Content-Type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/form-data')) return undefined;
  for (const [name, value] of Object.entries(await c.req.parseBody({ all: true }))) {
    if (name.includes('\u0000') || (Array.isArray(value) ? value : [value]).some((v) => typeof v === 'string' && v.includes('\u0000'))) return name.replaceAll('\u0000', '\\0');
  }
  return undefined;
}

export function adminGuard({ db, config, clientAddress }: AdminDeps): MiddlewareHandler<AdminEnv> {
  const https = config.publicBaseUrl.startsWith('https://');
  const names = cookieNames(https);
  const secret = config.appSecret!;
  return async (c, next) => {
    const lang = resolveLang(c);
    c.set('lang', lang);
    c.set('at', adminMessages(lang));
    c.set('address', clientAddressOf(c, config, clientAddress) ?? null);
    c.header('Cache-Control', 'no-store');

    const token = getCookie(c, names.session);
    const session = token ? await readSession(db, token) : undefined;
    let binding: string;
    if (session) {
      c.set('user', session.user);
      c.set('sessionHash', session.hash);
      binding = session.hash;
    } else {
      binding = getCookie(c, names.preSession) ?? '';
      if (!/^[A-Za-z0-9_-]{22}$/.test(binding)) {
        binding = randomBytes(16).toString('base64url');
        setCookie(c, names.preSession, binding, { path: '/', httpOnly: true, secure: https, sameSite: 'Lax' });
      }
    }
    const expected = csrfFor(secret, binding);
    c.set('csrf', expected);

    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const sent = await sentCsrf(c);
      const ok = sent !== undefined && sent.length === expected.length && timingSafeEqual(Buffer.from(sent), Buffer.from(expected));
      if (!ok) throw new AppError(403, 'csrf', c.get('at').csrfFailed);
    }
    if (!session && !OPEN_PATHS.has(c.req.path)) {
      if (c.req.method === 'GET' && (c.req.header('Accept') ?? '').includes('text/html')) {
        return c.redirect(`/admin/login?next=${encodeURIComponent(c.req.path + (new URL(c.req.url).search || ''))}`, 303);
      }
      throw new AppError(401, 'unauthenticated', c.get('at').sessionEnded);
    }
    if (c.req.method === 'POST') {
      const field = await fieldWithNul(c);
      if (field !== undefined) throw new AppError(400, 'invalid', fill(messages(lang).badValue, { field }));
    }
    await next();
  };
}
