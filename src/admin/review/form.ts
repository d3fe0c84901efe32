// Reading the review forms (with web/form.ts): the reason an exclusion or restore needs, and the
// ids of a bulk action. Each refusal names its field.
import { AppError } from '../../http/errors.ts';
import type { AdminReviewMessages } from '../../i18n/admin-review.ts';
import { fill } from '../../i18n/index.ts';
import { type Form, textOf } from '../web/form.ts';

export const MAX_REASON = 500;
/** A bulk action changes at most this many responses (a few pages' worth) in one transaction. */
export const MAX_BULK = 500;

/** The reason of an exclusion or restore: required, trimmed, at most MAX_REASON characters. */
export function reasonOf(body: Form, r: AdminReviewMessages): string {
  const reason = textOf(body, 'reason').trim();
  if (reason.length === 0) throw new AppError(400, 'invalid', r.reasonRequired);
  if (reason.length > MAX_REASON) throw new AppError(400, 'invalid', fill(r.reasonTooLong, { max: MAX_REASON }));
  return reason;
}

/** The chosen responses of a bulk action (`ids` or `ids[]`, repeated). */
export function idsOf(body: Form, r: AdminReviewMessages): string[] {
  const values = [body.ids, body['ids[]']].flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
  const ids = [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
  if (ids.length === 0 || ids.length > MAX_BULK) throw new AppError(400, 'invalid', fill(r.idsRequired, { max: MAX_BULK }));
  return ids;
}
