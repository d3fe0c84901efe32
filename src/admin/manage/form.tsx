// Reading the management forms and sending a refused one back: the field named in the user's
// language, marked on the form, with what was typed kept.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { type ManageMessages, manageMessages } from '../../i18n/admin-manage.ts';
import { fill } from '../../i18n/index.ts';
import type { ReachedUnit } from '../access.ts';
import { type Actor, FieldError, type UnitRef } from '../org.ts';
import type { AdminEnv } from '../web/env.ts';
import { CsrfField, Notice } from '../web/page.tsx';

export const messagesOf = (c: Context<AdminEnv>) => manageMessages(c.get('lang'));

export const actorOf = (c: Context<AdminEnv>): Actor => ({ userId: c.get('user').id, address: c.get('address') });

export const unitRefOf = (unit: ReachedUnit): UnitRef => ({ id: unit.id, slug: unit.slug, instansiId: unit.instansiId });

/** A form sent back refused: which form, which field, why, and what was typed. */
export interface FormState {
  form: string;
  field: string;
  message: string;
  values: Record<string, string>;
}

/** The text fields of a posted form (the CSRF token left out). */
export async function formFields(c: Context<AdminEnv>): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) if (name !== '_csrf' && typeof value === 'string') fields[name] = value;
  return fields;
}

/** The `active` field of a toggle: absent → unchanged. */
export function activeField(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new FieldError(400, 'active', 'format', 'active must be true or false');
}

/** The refused form as state, or the error thrown on when it is not a refused field. */
export function refusedForm(error: unknown, m: ManageMessages, form: string, values: Record<string, string>): FormState & { status: 400 | 409 } {
  if (!(error instanceof FieldError)) throw error;
  const labelKey = `field_${error.field}`;
  const label = labelKey in m ? m[labelKey as keyof ManageMessages] : error.field;
  const problem = fill(m[`problem_${error.problem}`], { limit: error.limit ?? '' });
  return { form, field: error.field, message: `${label}: ${problem}`, values, status: error.status as 400 | 409 };
}

/** The state of this form, when it is the one sent back. */
export const stateFor = (state: FormState | undefined, form: string) => (state?.form === form ? state : undefined);

/** The refusal, announced at the top of its form. */
export function Problem({ state }: { state?: FormState }) {
  return <Notice text={state?.message} kind="error" />;
}

interface FieldProps {
  id: string;
  name: string;
  label: string;
  value?: string | null;
  state?: FormState;
  hint?: string;
  required?: boolean;
  maxlength?: number;
  type?: 'text' | 'number';
  min?: number;
  max?: number;
  inputmode?: 'numeric';
}

/** A labelled text input, marked invalid when its form came back refused on it. */
export function TextField({ id, name, label, value, state, hint, required, maxlength, type = 'text', min, max, inputmode }: FieldProps) {
  const shown = state ? (state.values[name] ?? '') : (value ?? '');
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        id={id}
        name={name}
        type={type}
        value={shown}
        required={required}
        maxlength={maxlength}
        min={min}
        max={max}
        inputmode={inputmode}
        aria-describedby={hint ? `${id}-hint` : undefined}
        aria-invalid={state?.field === name ? 'true' : undefined}
      />
    </div>
  );
}

/** A labelled select; `options` are [value, label] pairs. */
export function SelectField({ id, name, label, value, state, options }: { id: string; name: string; label: string; value: string; state?: FormState; options: [string, string][] }) {
  const chosen = state ? (state.values[name] ?? '') : value;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name={name} aria-invalid={state?.field === name ? 'true' : undefined}>
        {options.map(([v, text]) => (
          <option value={v} selected={v === chosen}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A one-button form that sets a loket or layanan active or inactive. */
export function ActiveToggle({ action, active, csrf, m, what }: { action: string; active: boolean; csrf: string; m: ManageMessages; what: string }): Child {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={csrf} />
      <input type="hidden" name="active" value={active ? 'false' : 'true'} />
      <button type="submit" class={active ? 'secondary' : undefined}>
        {active ? m.deactivate : m.activate}
        <span class="sr-only"> {what}</span>
      </button>
    </form>
  );
}
