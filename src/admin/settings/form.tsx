// What the settings pages share: reading a posted form, the first problem of a zod parse as
// "field: message" in the user's language, dates in the instansi's zone, and the box that shows a
// secret (a password, an API key) the one time it exists in clear.
import type { Context } from 'hono';
import type { z } from 'zod';
import { fill } from '../../i18n/index.ts';
import type { Lang } from '../../i18n/index.ts';
import type { AdminEnv } from '../web/env.ts';

export type Form = Record<string, string | File | (string | File)[]>;

/** The posted fields, every value of a repeated one kept (checkboxes). */
export function readForm(c: Context<AdminEnv>): Promise<Form> {
  return c.req.parseBody({ all: true });
}

/** The field's (first) text value; '' when absent or a file. */
export function textOf(form: Form, name: string): string {
  const value = form[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : '';
}

/** Every text value of a repeated field. */
export function listOf(form: Form, name: string): string[] {
  const value = form[name];
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter((v): v is string => typeof v === 'string');
}

/** The first problem of a failed parse, worded "<field label>: <message>". */
export function firstProblem(error: z.ZodError, labels: Record<string, string>, at: { fieldInvalid: string }): string {
  const issue = error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  return fill(at.fieldInvalid, { field: labels[key] ?? key, message: issue.message });
}

export function formatWhen(when: Date, lang: Lang, timeZone: string): string {
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(when);
}

/** A secret shown once: selectable text with its label, never put in a URL or a cookie. */
export function OnceSecret({ label, value, help }: { label: string; value: string; help: string }) {
  return (
    <div class="once">
      <p>{label}</p>
      <p>
        <code class="secret">{value}</code>
      </p>
      <p class="muted">{help}</p>
    </div>
  );
}
