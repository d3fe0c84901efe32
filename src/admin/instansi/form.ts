// Reading the area's web forms and telling the user which field was refused, in their language.
import type { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import type { AdminMessages } from '../../i18n/admin.ts';
import { fill } from '../../i18n/index.ts';
import type { InstansiField, InstansiMessages } from '../../i18n/admin-instansi.ts';

type Body = Record<string, unknown>;

/** A refused field: the route shows the form again with the field named. */
export class FieldError extends AppError {
  declare readonly status: 400 | 409;

  constructor(
    status: 400 | 409,
    readonly field: InstansiField,
    message: string,
  ) {
    super(status, status === 409 ? 'exists' : 'invalid', message);
  }
}

/** The first refused field of a zod result (its schemas are keyed by the form's field names). */
export function fieldError(error: z.ZodError): FieldError {
  const issue = error.issues[0]!;
  return new FieldError(400, issue.path[0] as InstansiField, `${issue.path.join('.')}: ${issue.message}`);
}

export const text = (body: Body, name: string): string => {
  const value = body[name];
  return typeof value === 'string' ? value : Array.isArray(value) && typeof value[0] === 'string' ? value[0] : '';
};

export const list = (body: Body, name: string): string[] => {
  const value = body[name];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
};

function label(m: InstansiMessages, field: InstansiField): string {
  const labels: Record<InstansiField, string> = {
    name: m.name,
    slug: m.slug,
    timeZone: m.timeZone,
    hours: m.serviceHours,
    days: m.days,
    open: m.open,
    close: m.close,
    adminName: m.adminName,
    adminEmail: m.adminEmail,
    period: m.colPeriod,
    users: m.users,
    embedOrigins: m.embedOrigins,
  };
  return labels[field];
}

/** "<label of the field>: <what it must be>". */
export const refusal = (at: AdminMessages, m: InstansiMessages, field: InstansiField) => fill(at.fieldInvalid, { field: label(m, field), message: m.invalid[field] });
