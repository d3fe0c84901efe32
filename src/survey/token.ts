// Signed form tokens. A form carries its submission id, the loket, the render time and the way the
// citizen came in (trust), signed with APP_SECRET: a forged or altered form is refused, and the
// render time gives the "answered implausibly fast" and bot checks something to measure.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Trust } from '../db/types.ts';

const payloadSchema = z.object({
  v: z.literal(1),
  /** submission id; absent on kiosk forms, whose page makes a fresh one for every citizen */
  s: z.uuid().optional(),
  /** loket code */
  l: z.string(),
  /** render time, ms since epoch */
  t: z.number().int(),
  tr: z.enum(['open', 'presence', 'invited']),
  /** invitation id for invited forms */
  i: z.uuid().optional(),
  /** a kiosk form (shared tablet at the counter) */
  k: z.literal(1).optional(),
});

export type FormToken = z.infer<typeof payloadSchema>;

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64url');

function mac(secret: string, data: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/**
 * Compares signatures as their canonical base64url text, in constant time. Comparing decoded bytes
 * would accept a different last character whose spare bits the decoder drops.
 */
function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function signFormToken(secret: string, token: Omit<FormToken, 'v'>): string {
  const body = b64(JSON.stringify({ v: 1, ...token }));
  return `${body}.${mac(secret, `form.${body}`).toString('base64url')}`;
}

/** The token's content when its signature is ours; undefined for anything forged or altered. */
export function verifyFormToken(secret: string, token: string): FormToken | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  if (!sameText(signature, mac(secret, `form.${body}`).toString('base64url'))) return undefined;
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Presence tokens for the rotating QR on a loket's screen: a new one every 60 s, accepted for a
 * few minutes, so only someone standing at the loket (or just was) has a valid one.
 */
export const PRESENCE_WINDOW_MS = 60_000;
const PRESENCE_ACCEPTED_WINDOWS = 5;

export function presenceToken(secret: string, loketCode: string, now = Date.now()): string {
  const window = Math.floor(now / PRESENCE_WINDOW_MS);
  return `${window.toString(36)}.${mac(secret, `presence.${loketCode}.${window}`).subarray(0, 12).toString('base64url')}`;
}

export function verifyPresenceToken(secret: string, loketCode: string, token: string, now = Date.now()): boolean {
  const [windowText, signature] = token.split('.');
  if (!windowText || !signature || !/^[0-9a-z]{1,12}$/.test(windowText)) return false;
  const window = Number.parseInt(windowText, 36);
  const current = Math.floor(now / PRESENCE_WINDOW_MS);
  if (window > current || current - window >= PRESENCE_ACCEPTED_WINDOWS) return false;
  return sameText(signature, mac(secret, `presence.${loketCode}.${window}`).subarray(0, 12).toString('base64url'));
}

/** A keyed hash of a client address or device id: comparable between responses, never readable. */
export function clientHash(secret: string, kind: 'ip' | 'device', value: string): string {
  return mac(secret, `${kind}.${value}`).subarray(0, 16).toString('base64url');
}

/** SHA-256 hex of a loket key (display or kiosk), as stored. */
export function keyHash(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
