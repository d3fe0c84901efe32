// The one large body the workspace takes: a file of paper questionnaires for the import (a
// 100,000-row XLSX is about 12 MB). Every other workspace body keeps the small limit.
import type { Context, MiddlewareHandler } from 'hono';
import { limitBody } from '../../http/body-limit.ts';
import { AppError } from '../../http/errors.ts';
import { reportsMessages } from '../../i18n/admin-reports.ts';
import { fill, resolveLang } from '../../i18n/index.ts';

export const IMPORT_FILE_MB = 20;
/** the file and the form around it */
const IMPORT_BODY_LIMIT = IMPORT_FILE_MB * 1024 * 1024 + 64 * 1024;

const IMPORT_UPLOAD = /^\/admin\/reports\/[^/]+\/import$/;

export const isImportUpload = (c: Context) => c.req.method === 'POST' && IMPORT_UPLOAD.test(c.req.path);

/** The import upload's limit (413 naming the size, in the page's language). */
export function importUploadLimit(): MiddlewareHandler {
  return limitBody(IMPORT_BODY_LIMIT, (c) => {
    throw new AppError(413, 'too_large', fill(reportsMessages(resolveLang(c)).errTooLarge, { size: IMPORT_FILE_MB }));
  });
}
