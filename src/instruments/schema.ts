/**
 * Instrument definitions: the built-in SKM / IPAK / IPKP questionnaires and custom instrument JSON files
 * share this one shape. Answers are stored and scored by item code, so codes are identity and must be
 * unique; texts and labels are presentation.
 *
 * Custom instrument file (JSON):
 *
 *   {
 *     "id": "ipkp-dinkes",                     // ^[a-z0-9][a-z0-9_-]{0,62}$
 *     "name": "IPKP Dinas Kesehatan",
 *     "kind": "ipkp",                          // "ikm" | "ipak" | "ipkp"
 *     "scale": 4,
 *     "unsur": [
 *       { "code": "P8", "name": "Respon petugas", "items": [
 *         { "code": "P8a", "text": "…", "labels": ["Sangat tidak setuju", "Tidak setuju", "Setuju", "Sangat setuju"] },
 *         { "code": "P8b", "text": "…", "labels": ["…", "…", "…", "…"] } ] }
 *     ],
 *     "translations": { "en": { "name": "…", "unsur": { "P8": "…" }, "items": { "P8a": { "text": "…", "labels": ["…", "…", "…", "…"] } } } }
 *   }
 *
 * labels[0] is the answer worth 1, labels[3] the answer worth 4.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { describeFsError } from '../fs-error.ts';

export const INSTRUMENT_KINDS = ['ikm', 'ipak', 'ipkp'] as const;
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number];

const ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const CODE_PATTERN = /^[A-Za-z][A-Za-z0-9_.-]*$/;
const CODE_MAX = 32;

const text = () => z.string().trim().min(1);

// Codes go into CSV headers and database keys: a letter first, then a small safe alphabet.
const code = () =>
  z
    .string()
    .max(CODE_MAX, { error: (iss) => `${quote(iss.input)} is longer than ${CODE_MAX} characters` })
    .regex(CODE_PATTERN, {
      error: (iss) => `${quote(iss.input)} must start with a letter and use only letters, digits, _ . -`,
    });

const labels = () =>
  z.tuple([text(), text(), text(), text()], {
    error: (iss) =>
      Array.isArray(iss.input)
        ? `must have exactly 4 labels, for the values 1 to 4 (got ${iss.input.length})`
        : undefined,
  });

const itemSchema = z.strictObject({
  code: code(),
  text: text(),
  labels: labels(),
});

const unsurSchema = z.strictObject({
  code: code(),
  name: text(),
  items: z.array(itemSchema).min(1, { error: 'must list at least one item' }),
});

const translationSchema = z.strictObject({
  name: text().optional(),
  unsur: z.record(z.string(), text()).optional(),
  items: z
    .record(
      z.string(),
      z.strictObject({
        text: text().optional(),
        labels: labels().optional(),
      }),
    )
    .optional(),
});

export const instrumentSchema = z
  .strictObject({
    id: z.string().regex(ID_PATTERN, {
      error: (iss) =>
        `${quote(iss.input)} must be 1–63 characters of lowercase letters, digits, _ or -, starting with a letter or digit`,
    }),
    name: text(),
    kind: z.enum(INSTRUMENT_KINDS),
    scale: z.literal(4),
    unsur: z.array(unsurSchema).min(1, { error: 'must list at least one unsur' }),
    translations: z.strictObject({ en: translationSchema.optional() }).optional(),
  })
  .superRefine((inst, ctx) => {
    const unsurAt = new Map<string, number>();
    const itemAt = new Map<string, [number, number]>();
    inst.unsur.forEach((u, ui) => {
      const seen = unsurAt.get(u.code);
      if (seen !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['unsur', ui, 'code'],
          message: `${quote(u.code)} is already used by unsur[${seen}]`,
        });
      } else unsurAt.set(u.code, ui);
      u.items.forEach((item, ii) => {
        const first = itemAt.get(item.code);
        if (first !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['unsur', ui, 'items', ii, 'code'],
            message: `${quote(item.code)} is already used by unsur[${first[0]}].items[${first[1]}] (item codes must be unique in the whole instrument)`,
          });
        } else itemAt.set(item.code, [ui, ii]);
      });
    });
    const en = inst.translations?.en;
    for (const key of Object.keys(en?.unsur ?? {})) {
      if (!unsurAt.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['translations', 'en', 'unsur', key],
          message: 'refers to no unsur code of this instrument',
        });
      }
    }
    for (const key of Object.keys(en?.items ?? {})) {
      if (!itemAt.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['translations', 'en', 'items', key],
          message: 'refers to no item code of this instrument',
        });
      }
    }
  });

export type Instrument = z.infer<typeof instrumentSchema>;
export type InstrumentUnsur = Instrument['unsur'][number];
export type InstrumentItem = InstrumentUnsur['items'][number];

/** A definition that is not a valid instrument; `message` starts with the source and names the JSON path. */
export class InstrumentError extends Error {
  constructor(
    message: string,
    readonly source: string,
    /** JSON path of the problem, e.g. `unsur[2].items[0].code`; null for file-level problems */
    readonly path: string | null,
  ) {
    super(message);
    this.name = 'InstrumentError';
  }
}

/** Validates an instrument definition; throws InstrumentError describing the first problem found. */
export function parseInstrument(input: unknown, source = 'instrument'): Instrument {
  const result = instrumentSchema.safeParse(input, { error: describeIssue });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  if (issue === undefined) throw new InstrumentError(`${source}: is not a valid instrument`, source, null);
  const path = formatPath(issue.path);
  const where = path === '' ? '' : `${path} `;
  throw new InstrumentError(`${source}: ${where}${issue.message}`, source, path);
}

/** Reads and validates a custom instrument JSON file. */
export async function loadInstrumentFile(path: string): Promise<Instrument> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (err) {
    throw new InstrumentError(`${path}: cannot read the instrument file (${describeFsError(err)})`, path, null);
  }
  if (raw.charCodeAt(0) === 0xfeff) raw = raw.slice(1);
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch (err) {
    const found = locateJsonError(raw);
    const { line, column } = lineAndColumn(raw, found?.offset ?? raw.length);
    const problem = found?.problem ?? (err instanceof Error ? err.message : String(err));
    throw new InstrumentError(`${path}: invalid JSON at line ${line}, column ${column}: ${problem}`, path, null);
  }
  return parseInstrument(data, path);
}


// ---------------------------------------------------------------------------------------------
// Issue wording: plain words after the JSON path, e.g. `unsur[0].name must not be empty`.

type RawIssue = Parameters<z.core.$ZodErrorMap>[0];

function describeIssue(iss: RawIssue): string {
  switch (iss.code) {
    case 'invalid_type': {
      if (iss.input === undefined) return 'is missing';
      const noun = iss.expected === 'tuple' ? 'array' : iss.expected === 'object' ? 'JSON object' : iss.expected;
      return `must be ${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun} (got ${typeName(iss.input)})`;
    }
    case 'invalid_value':
      return iss.values.length === 1
        ? `must be ${JSON.stringify(iss.values[0])} (got ${preview(iss.input)})`
        : `must be one of ${iss.values.map((v) => JSON.stringify(v)).join(', ')} (got ${preview(iss.input)})`;
    case 'too_small':
      return iss.origin === 'string' ? 'must not be empty' : `must have at least ${String(iss.minimum)} entries`;
    case 'too_big':
      return iss.origin === 'string'
        ? `must be at most ${String(iss.maximum)} characters`
        : `must have at most ${String(iss.maximum)} entries`;
    case 'unrecognized_keys':
      return `has unknown ${iss.keys.length === 1 ? 'key' : 'keys'} ${iss.keys.map(quote).join(', ')}`;
    case 'invalid_format':
      return `${preview(iss.input)} has the wrong format`;
    default:
      return 'is not valid';
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${preview(v)}`;
}

function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

/** A value named in a message: whole when short, cut at 80 characters (a file may hold megabytes in one string). */
function quote(v: unknown): string {
  const s = typeof v === 'string' ? JSON.stringify(v) : preview(v);
  return s.length > 80 ? `${s.slice(0, 77)}…` : s;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,39}$/.test(key)) out += out === '' ? key : `.${key}`;
    else out += `[${quote(String(key))}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// JSON syntax error location. V8's messages only sometimes carry a position ("Unexpected end of JSON
// input" does not), so a small iterative scanner finds the first offending character itself.

type Expect = 'value' | 'valueOrClose' | 'key' | 'keyOrClose' | 'colon' | 'afterValue';

function locateJsonError(s: string): { offset: number; problem: string } | null {
  const stack: number[] = []; // char codes of open containers: { or [
  let i = 0;
  let expect: Expect = 'value';
  const n = s.length;
  for (;;) {
    while (i < n && (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r')) i++;
    const top = stack[stack.length - 1];
    if (i >= n) {
      if (expect === 'afterValue' && top === undefined) return null;
      return { offset: n, problem: 'the file ends too early (unclosed object, array or missing value)' };
    }
    const c = s[i];
    if (expect === 'afterValue') {
      if (top === undefined) return { offset: i, problem: `unexpected ${show(c)} after the end of the JSON value` };
      const close = top === 0x7b ? '}' : ']';
      if (c === ',') {
        expect = top === 0x7b ? 'key' : 'value';
        i++;
      } else if (c === close) {
        stack.pop();
        i++;
      } else {
        return { offset: i, problem: `expected ',' or '${close}' but found ${show(c)}` };
      }
      continue;
    }
    if (expect === 'colon') {
      if (c !== ':') return { offset: i, problem: `expected ':' after the property name but found ${show(c)}` };
      expect = 'value';
      i++;
      continue;
    }
    if (expect === 'key' || expect === 'keyOrClose') {
      if (c === '}' && expect === 'keyOrClose') {
        stack.pop();
        expect = 'afterValue';
        i++;
        continue;
      }
      if (c !== '"') {
        const why = c === '}' ? 'a trailing comma is not allowed' : `expected a double-quoted property name but found ${show(c)}`;
        return { offset: i, problem: why };
      }
      const end = scanString(s, i);
      if (typeof end !== 'number') return end;
      i = end;
      expect = 'colon';
      continue;
    }
    // a value is expected
    if (c === ']' && expect === 'valueOrClose') {
      stack.pop();
      expect = 'afterValue';
      i++;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c.charCodeAt(0));
      expect = c === '{' ? 'keyOrClose' : 'valueOrClose';
      i++;
      continue;
    }
    if (c === '"') {
      const end = scanString(s, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) {
      const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(s.slice(i, i + 400));
      if (m === null) return { offset: i, problem: 'invalid number' };
      i += m[0].length;
    } else {
      const word = /^(?:true|false|null)/.exec(s.slice(i, i + 5));
      if (word === null) {
        const why = c === ']' || c === '}' ? `a value is missing before ${show(c)}` : `unexpected ${show(c)} where a value was expected`;
        return { offset: i, problem: why };
      }
      i += word[0].length;
    }
    expect = 'afterValue';
  }
}

/** Returns the offset just past the closing quote, or the problem. */
function scanString(s: string, start: number): number | { offset: number; problem: string } {
  let i = start + 1;
  for (;;) {
    const ch = s.charCodeAt(i);
    if (Number.isNaN(ch)) return { offset: start, problem: 'this string is never closed' };
    if (ch === 0x22) return i + 1;
    if (ch < 0x20) return { offset: i, problem: 'a string may not contain a raw line break or control character' };
    if (ch === 0x5c) {
      const e = s[i + 1];
      if (e === 'u') {
        if (!/^[0-9A-Fa-f]{4}$/.test(s.slice(i + 2, i + 6))) return { offset: i, problem: 'invalid \\u escape' };
        i += 6;
        continue;
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return { offset: i, problem: 'invalid escape in a string' };
      i += 2;
      continue;
    }
    i++;
  }
}

function show(c: string | undefined): string {
  return c === undefined ? 'the end of the file' : JSON.stringify(c);
}

function lineAndColumn(s: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = s.indexOf('\n'); i !== -1 && i < offset; i = s.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
