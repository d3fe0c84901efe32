import type { Context } from 'hono';
import type { Config } from '../config.ts';

/**
 * The client's address: behind a trusted reverse proxy the last X-Forwarded-For hop (the one the
 * proxy added), else what the runtime saw. Never trusted from the header without TRUST_PROXY.
 */
export function clientAddressOf(c: Context, config: Pick<Config, 'trustProxy'>, runtime?: (c: Context) => string | undefined): string | undefined {
  return (config.trustProxy ? c.req.header('X-Forwarded-For')?.split(',').at(-1)?.trim() : undefined) || runtime?.(c);
}
