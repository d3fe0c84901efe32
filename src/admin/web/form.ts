// Reading a posted workspace form: every value of a repeated field kept (checkboxes), text read
// as text (a file where text is expected reads as empty).
import type { Context } from 'hono';
import type { AdminEnv } from './env.ts';

export type Form = Record<string, string | File | (string | File)[]>;

/** The posted fields (the guard has parsed the body already; this reads its cache). */
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
