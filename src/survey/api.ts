// POST /api/v1/invitations: a queue-ticket system asks for single-use survey links with a unit
// API key. Checks in this order, each refusal storing nothing: the key (401), the key's rate
// (429), the content type (415), the body size (413), the JSON and its fields (400), the loket
// being one of the key's unit (404, worded like an unknown loket).
import { Hono, type Context } from 'hono';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { authenticateApiKey } from '../admin/api-keys.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/types.ts';
import { limitBody } from '../http/body-limit.ts';
import { AppError } from '../http/errors.ts';
import type { AppEnv } from '../http/middleware.ts';
import { createInvitations, MAX_INVITATION_TTL_HOURS } from './invitations.ts';
import { type Limiter, RateLimiter } from './rate-limit.ts';

export const API_BODY_LIMIT = 16 * 1024;
export const MAX_INVITATIONS_PER_REQUEST = 100;

export const invitationRequest = z.strictObject(
  {
    loket: z.string({ error: 'must be a string' }).regex(/^[a-z0-9]{4,16}$/, 'must be a loket code (4–16 lowercase letters and digits)'),
    count: z
      .number({ error: 'must be a number' })
      .int('must be a whole number')
      .min(1, `must be 1–${MAX_INVITATIONS_PER_REQUEST}`)
      .max(MAX_INVITATIONS_PER_REQUEST, `must be 1–${MAX_INVITATIONS_PER_REQUEST}`)
      .default(1),
    ttlHours: z
      .number({ error: 'must be a number' })
      .int('must be a whole number of hours')
      .min(1, `must be 1–${MAX_INVITATION_TTL_HOURS}`)
      .max(MAX_INVITATION_TTL_HOURS, `must be 1–${MAX_INVITATION_TTL_HOURS}`)
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}` : 'must be a JSON object') },
);

export interface RateLimit {
  /** requests allowed per window (and the burst) */
  limit: number;
  windowMs: number;
}

export interface InvitationApiDeps {
  db: Kysely<Database>;
  config: Pick<Config, 'publicBaseUrl'>;
  /** default 60 requests per minute per key */
  rateLimit?: RateLimit;
  /** counts the requests where every isolate sees them (Workers) instead of `rateLimit` in memory */
  limiter?: Limiter;
  now?: () => number;
}

function unauthorized(c: Context, message: string): AppError {
  c.header('WWW-Authenticate', 'Bearer realm="survei"');
  return new AppError(401, 'unauthorized', message);
}

/** The invitations API; mount it at the root: `app.route('/', invitationApi({ db, config }))`. */
export function invitationApi({ db, config, rateLimit = { limit: 60, windowMs: 60_000 }, limiter = new RateLimiter(rateLimit.limit, rateLimit.windowMs), now }: InvitationApiDeps) {
  const clock = now ?? Date.now;
  const app = new Hono<AppEnv & { Variables: { apiKey: { keyId: string; unitId: string } } }>();

  app.post(
    '/api/v1/invitations',
    async (c, next) => {
      c.header('Cache-Control', 'no-store');
      const header = c.req.header('Authorization');
      if (!header) throw unauthorized(c, 'an API key is required: Authorization: Bearer <key>');
      const match = /^Bearer +(\S+)\s*$/i.exec(header);
      const key = match ? await authenticateApiKey(db, match[1]!) : undefined;
      if (!key) throw unauthorized(c, 'the API key is unknown or revoked');
      const wait = await limiter.hit(key.keyId, clock());
      if (wait > 0) {
        c.header('Retry-After', String(wait));
        throw new AppError(429, 'rate_limited', `too many requests for this API key; retry in ${wait} s`);
      }
      c.set('apiKey', key);
      const type = (c.req.header('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
      if (type !== 'application/json') throw new AppError(415, 'unsupported_media_type', 'the body must be JSON (Content-Type: application/json)');
      await next();
    },
    limitBody(API_BODY_LIMIT, () => {
      throw new AppError(413, 'payload_too_large', `the body must be at most ${API_BODY_LIMIT / 1024} KB`);
    }),
    async (c) => {
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        throw new AppError(400, 'invalid', 'the body is not valid JSON');
      }
      const parsed = invitationRequest.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        throw new AppError(400, 'invalid', `${issue.path.length ? issue.path.join('.') : 'body'} ${issue.message}`);
      }
      const key = c.get('apiKey');
      const created = await createInvitations(db, {
        loketCode: parsed.data.loket,
        count: parsed.data.count,
        ttlHours: parsed.data.ttlHours,
        unitId: key.unitId,
        apiKeyId: key.keyId,
        publicBaseUrl: config.publicBaseUrl,
      });
      return c.json({ invitations: created.invitations.map((i) => ({ url: i.url!, expiresAt: i.expiresAt.toISOString() })) }, 201);
    },
  );
  return app;
}
