// The server's one log format: a JSON object per line, so a log shipper (journald, Loki, CloudWatch)
// reads fields instead of parsing text. `time`, `level` and `msg` come first; a request's lines
// carry its `request_id` (the X-Request-Id the client saw). Nothing here may carry a query string,
// a cookie, a password or a token: paths go through `loggedPath`, URLs through `withoutPassword`.
export type LogLevel = 'info' | 'warn' | 'error';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** One log line (without its newline). Fields left undefined are left out. */
export function logLine(level: LogLevel, msg: string, fields: LogFields = {}): string {
  // the fixed keys first in the line, and never overwritten by a field of the same name
  const line: Record<string, unknown> = { time: new Date().toISOString(), level, msg };
  for (const [key, value] of Object.entries(fields)) if (!(key in line)) line[key] = value;
  return JSON.stringify(line);
}

/** Writes one line now: info to stdout, warnings and errors to stderr (console: Workers too). */
export function writeLog(level: LogLevel, msg: string, fields?: LogFields): void {
  const line = logLine(level, msg, fields);
  if (level === 'info') console.log(line);
  else console.error(line);
}

/**
 * The path as logged: no query string (it can carry kiosk keys and setup tokens) and no invitation
 * token (`/i/<token>` is a single-use credential in the path itself).
 */
export function loggedPath(target: string): string {
  const query = target.search(/[?#]/);
  const path = query < 0 ? target : target.slice(0, query);
  return path.replace(/^\/i\/[^/]+/, '/i/-');
}

/** An error's message (and its stack, for a bug) as log fields. */
export function errorFields(error: unknown, { stack = false } = {}): LogFields {
  if (!(error instanceof Error)) return { error: String(error) };
  const code = (error as { code?: unknown }).code;
  return { error: error.message, code: typeof code === 'string' ? code : undefined, stack: stack ? error.stack : undefined };
}
