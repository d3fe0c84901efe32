// How `survei backup` proves to a running server that it may have the embedded database's backup:
// an HMAC under the app secret (which only the DATA_DIR's owner can read) of a time and a random
// nonce. The server takes it only within 60 s of its time and only once; anything else is answered
// exactly like a route that does not exist.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const BACKUP_PATH = '/internal/backup';
export const MAX_AGE_MS = 60_000;

export const SIGNATURE_HEADERS = { time: 'X-Survei-Time', nonce: 'X-Survei-Nonce', signature: 'X-Survei-Signature' } as const;

const mac = (secret: string, time: string, nonce: string) => createHmac('sha256', secret).update(`survei-backup.${time}.${nonce}`).digest('base64url');

/** The headers of one backup request, signed now. */
export function signBackupRequest(secret: string, now = Date.now()): Record<string, string> {
  const time = String(now);
  const nonce = randomBytes(18).toString('base64url');
  return { [SIGNATURE_HEADERS.time]: time, [SIGNATURE_HEADERS.nonce]: nonce, [SIGNATURE_HEADERS.signature]: mac(secret, time, nonce) };
}

/** Checks requests' signatures, each nonce accepted once (kept as long as its time is acceptable). */
export function backupRequestVerifier(secret: string) {
  const used = new Map<string, number>();
  return (header: (name: string) => string | undefined, now = Date.now()): boolean => {
    for (const [nonce, expires] of used) if (expires < now) used.delete(nonce);
    const time = header(SIGNATURE_HEADERS.time) ?? '';
    const nonce = header(SIGNATURE_HEADERS.nonce) ?? '';
    const given = Buffer.from(header(SIGNATURE_HEADERS.signature) ?? '');
    if (!/^\d{1,15}$/.test(time) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce)) return false;
    if (Math.abs(now - Number(time)) > MAX_AGE_MS) return false;
    const expected = Buffer.from(mac(secret, time, nonce));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return false;
    if (used.has(nonce)) return false;
    used.set(nonce, Number(time) + MAX_AGE_MS);
    return true;
  };
}
