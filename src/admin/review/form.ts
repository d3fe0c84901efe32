// Reading the review forms: fields of a parsed body (`parseBody({ all: true })`), the reason an
// exclusion or restore needs, and the ids of a bulk action. Each refusal names its field.
import { AppError } from '../../http/errors.ts';
import type { AdminReviewMessages } from '../../i18n/admin-review.ts';
import { fill } from '../../i18n/index.ts';

export type Body = Record<string, string | File | (string | File)[]>;

export const MAX_REASON = 500;
/** A bulk action changes at most this many responses (a few pages' worth) in one transaction. */
export const MAX_BULK = 500;

/** A single-valued text field ('' when absent). */
export function field(body: Body, name: string): string {
  const value = body[name];
  const one = Array.isArray(value) ? value[0] : value;
  return typeof one === 'string' ? one : '';
}

/** The reason of an exclusion or restore: required, trimmed, at most MAX_REASON characters. */
export function reasonOf(body: Body, r: AdminReviewMessages): string {
  const reason = field(body, 'reason').trim();
  if (reason.length === 0) throw new AppError(400, 'invalid', r.reasonRequired);
  if (reason.length > MAX_REASON) throw new AppError(400, 'invalid', fill(r.reasonTooLong, { max: MAX_REASON }));
  return reason;
}

/** The chosen responses of a bulk action (`ids` or `ids[]`, repeated). */
export function idsOf(body: Body, r: AdminReviewMessages): string[] {
  const values = [body.ids, body['ids[]']].flatMap((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));
  const ids = [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
  if (ids.length === 0 || ids.length > MAX_BULK) throw new AppError(400, 'invalid', fill(r.idsRequired, { max: MAX_BULK }));
  return ids;
}
