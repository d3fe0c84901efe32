// What the settings pages share (forms are read with web/form.ts): the first problem of a zod parse as
// "field: message" in the user's language, dates in the instansi's zone, and the box that shows a
// secret (a password, an API key) the one time it exists in clear.
import type { z } from 'zod';
import { fill } from '../../i18n/index.ts';
import type { Lang } from '../../i18n/index.ts';

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
