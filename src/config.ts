import { z } from 'zod';

/** The three Indonesian time zones an instansi can be in; periods are cut in the instansi's zone. */
export const TIME_ZONES = {
  'Asia/Jakarta': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
} as const;
export type TimeZone = keyof typeof TIME_ZONES;

const ZONE_BY_ABBREVIATION: Record<string, TimeZone> = { WIB: 'Asia/Jakarta', WITA: 'Asia/Makassar', WIT: 'Asia/Jayapura' };

/** Accepts an IANA name (Asia/Jakarta) or its abbreviation (WIB); returns the IANA name or undefined. */
export function parseTimeZone(value: string): TimeZone | undefined {
  const v = value.trim();
  if (v in TIME_ZONES) return v as TimeZone;
  return ZONE_BY_ABBREVIATION[v.toUpperCase()];
}

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

/** A timeout in milliseconds: 0 turns it off; otherwise at least a second (a value in seconds would cut everything off). */
const milliseconds = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number of milliseconds (0 turns it off)')
      .transform(Number)
      .pipe(z.number().refine((v) => v === 0 || (v >= 1_000 && v <= 86_400_000), 'must be 0 (off) or 1000–86400000 milliseconds'))
      .default(fallback),
  );

const envSchema = z.object({
  PORT: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a number')
      .transform(Number)
      .pipe(z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535'))
      .default(8787),
  ),
  DATABASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v), 'must be a postgres:// or postgresql:// URL')
      .optional(),
  ),
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  PUBLIC_BASE_URL: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .refine((v) => URL.canParse(v) && /^https?:$/.test(new URL(v).protocol), 'must be an absolute http:// or https:// URL')
      .refine((v) => !URL.canParse(v) || (new URL(v).search === '' && new URL(v).hash === ''), 'must not have a query or fragment')
      .optional(),
  ),
  APP_SECRET: z.preprocess(emptyToUndefined, z.string().min(32, 'must be at least 32 characters (use e.g. `openssl rand -hex 32`)').optional()),
  RATE_LIMIT_PER_ADDRESS: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d+$/, 'must be a whole number (0 turns the limit off)')
      .transform(Number)
      .default(120),
  ),
  DATABASE_STATEMENT_TIMEOUT_MS: milliseconds(30_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: milliseconds(60_000),
  REQUEST_TIMEOUT_MS: milliseconds(30_000),
  TRUST_PROXY: z.preprocess(
    emptyToUndefined,
    z
      .enum(['1', 'true', '0', 'false'], { error: 'must be 1, true, 0 or false' })
      .default('false')
      .transform((v) => v === '1' || v === 'true'),
  ),
  DEFAULT_TIME_ZONE: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .default('Asia/Jakarta')
      .transform((v, ctx) => {
        const zone = parseTimeZone(v);
        if (!zone) {
          ctx.addIssue({ code: 'custom', message: 'must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)' });
          return z.NEVER;
        }
        return zone;
      }),
  ),
});

export interface Config {
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** without a trailing slash; every absolute URL (QR targets, share links) is built from it */
  readonly publicBaseUrl: string;
  /** undefined only in embedded mode before main() generated or read the one kept in DATA_DIR */
  readonly appSecret: string | undefined;
  readonly defaultTimeZone: TimeZone;
  /** questionnaire submissions per client address per 10 minutes (0 = no limit) */
  readonly rateLimitPerAddress: number;
  /** behind a reverse proxy: the client address is the last X-Forwarded-For hop */
  readonly trustProxy: boolean;
  /** PostgreSQL: longest statement of the server's pool, in ms (0 = no limit) */
  readonly statementTimeoutMs: number;
  /** PostgreSQL: longest a session of the server's pool may sit idle inside a transaction, in ms (0 = no limit) */
  readonly idleInTransactionTimeoutMs: number;
  /** longest a handler may take to answer, in ms (0 = no limit); the import upload gets longer */
  readonly requestTimeoutMs: number;
}

/** Error messages and logs never show a password that came inside a URL (anywhere in the text). */
export function withoutPassword(value: string): string {
  return value.replace(/([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; a wrong value throws one ConfigError line naming the variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const shown = env[name] === undefined || name === 'APP_SECRET' ? '' : ` (got "${withoutPassword(env[name])}")`;
    throw new ConfigError(`configuration: ${name} ${issue.message}${shown}`);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.APP_SECRET) {
    throw new ConfigError('configuration: APP_SECRET is required when DATABASE_URL is set (at least 32 characters, e.g. `openssl rand -hex 32`)');
  }
  return Object.freeze({
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.DATA_DIR,
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    appSecret: e.APP_SECRET,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    trustProxy: e.TRUST_PROXY,
    rateLimitPerAddress: e.RATE_LIMIT_PER_ADDRESS,
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionTimeoutMs: e.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
  });
}
