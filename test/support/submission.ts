// Valid questionnaire submissions made without a browser (the load of bench:submit and of the
// resilience suite): the form's questions are read from the page a citizen gets, and each
// submission carries a form token signed with APP_SECRET, as the page would have rendered it.
import { signFormToken } from '../../src/survey/token.ts';

export interface FormShape {
  /** loket code */
  code: string;
  /** radio groups: name → the values offered */
  radios: Map<string, string[]>;
}

/** What the questionnaire asks, read from the page a citizen gets. */
export async function formShape(serverUrl: string, code: string): Promise<FormShape> {
  return { code, radios: radiosOf(await (await fetch(`${serverUrl}/s/${code}`)).text()) };
}

/** The radio groups of a questionnaire page: name → the values offered. */
export function radiosOf(html: string): Map<string, string[]> {
  const radios = new Map<string, string[]>();
  for (const m of html.matchAll(/<input type="radio" name="([^"]+)" value="([^"]+)"/g)) {
    const [, name, value] = m as unknown as [string, string, string];
    radios.set(name, [...(radios.get(name) ?? []), value]);
  }
  return radios;
}

/**
 * A valid form post for submission `id`: its own token, "rendered" 10 s ago (past the 3 s bot
 * check), trust "open"; an answer to every radio question, an age and the empty honeypot. The
 * same id and body sent again is a retry of the same submission.
 */
export function submissionBody(form: FormShape, secret: string, id: string = crypto.randomUUID()): string {
  const token = signFormToken(secret, { s: id, l: form.code, t: Date.now() - 10_000, tr: 'open' });
  const body = new URLSearchParams({ token, website: '' });
  for (const [name, values] of form.radios) body.append(name, values[Math.floor(Math.random() * values.length)]!);
  body.append('age', String(18 + Math.floor(Math.random() * 50)));
  return body.toString();
}
