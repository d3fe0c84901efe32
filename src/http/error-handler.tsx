import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Lang, messages, resolveLang } from '../i18n/index.ts';
import { pgErrorCode } from '../db/errors.ts';
import { AppError } from './errors.ts';
import { errorFields, logLine, loggedPath } from './log.ts';
import type { AppEnv } from './middleware.ts';
import { Page, sendPage } from './page.tsx';

/** Browsers get a page; API clients, scripts and tests get the JSON envelope. */
function wantsHtml(c: Context): boolean {
  return (c.req.header('Accept') ?? '').includes('text/html');
}

/** Database outages (connection refused, pool timeout, a statement timed out) answer 503 so clients retry. */
function isDatabaseUnavailable(error: unknown): boolean {
  const code = pgErrorCode(error);
  const message = error instanceof Error ? error.message : '';
  return (
    code === 'ECONNREFUSED' ||
    code === 'ECONNRESET' ||
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    code?.startsWith('08') || // connection_exception and its kinds
    code === '57014' || // query_canceled: statement_timeout (config.ts), the server is overloaded
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  );
}

/** 22021 character_not_in_repertoire (NUL in text), 22P05 untranslatable_character (\u0000 in jsonb). */
function isUnstorableText(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '22021' || code === '22P05';
}

function render(c: Context<AppEnv>, status: ContentfulStatusCode, code: string, message: string) {
  if (status === 503) c.header('Retry-After', '5');
  if (!wantsHtml(c)) return c.json({ error: { code, message } }, status);
  const lang: Lang = resolveLang(c);
  const t = messages(lang);
  const title = status === 404 ? t.notFoundTitle : t.errorTitle;
  // a 501 says what this deployment cannot do and what to do instead: its message is for the reader
  const text = status === 404 ? t.notFoundText : status === 503 ? t.unavailableText : status >= 500 && status !== 501 ? t.serverErrorText : message;
  return sendPage(
    c,
    <Page lang={lang} t={t} title={title} path={c.req.path}>
      <section class="card error">
        <h1>{title}</h1>
        <p>{text}</p>
        <p class="muted">
          {t.requestId}: <code>{c.get('requestId')}</code>
        </p>
        <p>
          <a href="/">{t.backHome}</a>
        </p>
      </section>
    </Page>,
    status,
  );
}

export function errorHandler(log: (line: string) => void): ErrorHandler<AppEnv> {
  return (error, c) => {
    if (error instanceof AppError) return render(c, error.status, error.code, error.message);
    // Hono's own HTTPException (e.g. from bodyLimit) carries a status we keep.
    const status = (error as { status?: unknown }).status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return render(c, status as ContentfulStatusCode, 'bad_request', error.message || 'bad request');
    }
    // text PostgreSQL cannot store (a NUL character, \u0000 in JSON) that no route's own check caught
    if (isUnstorableText(error)) return render(c, 400, 'invalid', 'the request holds a character that cannot be stored (NUL)');
    if (isDatabaseUnavailable(error)) {
      log(logLine('error', 'database unavailable', { request_id: c.get('requestId'), path: loggedPath(c.req.path), ...errorFields(error) }));
      return render(c, 503, 'unavailable', 'the service is temporarily unavailable; retry shortly');
    }
    log(logLine('error', 'unhandled error', { request_id: c.get('requestId'), method: c.req.method, path: loggedPath(c.req.path), ...errorFields(error, { stack: true }) }));
    return render(c, 500, 'internal', 'internal server error');
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) => render(c, 404, 'not_found', 'not found');
