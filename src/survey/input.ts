// Reads a posted questionnaire against the loket's instruments: every field must be known and
// every value valid (400 otherwise); unanswered questions send the form back with what was given.
import { z } from 'zod';
import type { NewAnswer } from './store.ts';
import type { LoketContext } from './load.ts';
import { answerField, type FormState } from './form.tsx';
import { DISABILITY, EDUCATION, OCCUPATION, codes } from './profile.ts';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const profileSchema = z.object({
  gender: z.preprocess(blankToUndefined, z.enum(['L', 'P']).optional()),
  age: z.preprocess(blankToUndefined, z.coerce.number().int().min(10).max(120).optional()),
  education: z.preprocess(blankToUndefined, z.enum(codes(EDUCATION)).optional()),
  occupation: z.preprocess(blankToUndefined, z.enum(codes(OCCUPATION)).optional()),
  disability: z.preprocess(blankToUndefined, z.enum(codes(DISABILITY)).optional()),
  saran: z.preprocess(
    (v) => (typeof v === 'string' ? v.replace(/\r\n/g, '\n').trim() || undefined : v),
    // no NUL: PostgreSQL cannot store it in text (it was a 500)
    z.string().max(1000).regex(/^[^\u0000]*$/).optional(),
  ),
});

export type Profile = z.infer<typeof profileSchema>;

const FORM_FIELDS = new Set(['token', 'sid', 'website', 'layanan', 'lang', ...Object.keys(profileSchema.shape)]);

export type ReadResult =
  | { kind: 'invalid'; field: string; reason: 'unknown' | 'value' }
  | { kind: 'incomplete'; state: FormState }
  | { kind: 'complete'; answers: NewAnswer[]; layananId: string | null; profile: Profile };

// answer field → item, made once per loket context (contexts are cached)
const itemsByContext = new WeakMap<LoketContext, Map<string, { versionId: string; itemCode: string }>>();

function answerItems(context: LoketContext) {
  let items = itemsByContext.get(context);
  if (!items) {
    items = new Map();
    for (const { versionId, definition } of context.instruments) {
      for (const u of definition.unsur) for (const item of u.items) items.set(answerField(definition.id, item.code), { versionId, itemCode: item.code });
    }
    itemsByContext.set(context, items);
  }
  return items;
}

export function readSubmission(context: LoketContext, body: Record<string, string>): ReadResult {
  const items = answerItems(context);
  for (const field of Object.keys(body)) {
    if (!FORM_FIELDS.has(field) && !items.has(field)) return { kind: 'invalid', field, reason: 'unknown' };
  }
  const answers: NewAnswer[] = [];
  const missing: string[] = [];
  for (const [field, item] of items) {
    const raw = body[field]?.trim();
    if (!raw) {
      missing.push(field);
      continue;
    }
    if (!/^[1-4]$/.test(raw)) return { kind: 'invalid', field, reason: 'value' };
    // spelled out: an object spread here cost more than the rest of the function
    answers.push({ versionId: item.versionId, itemCode: item.itemCode, value: Number(raw) as 1 | 2 | 3 | 4 });
  }
  let layananId: string | null = context.loket.layananId;
  if (context.layanan.length === 1) {
    // a loket serving one layanan does not ask: that one, whatever a stale form says
    layananId = context.layanan[0]!.id;
    if (body.layanan && body.layanan !== layananId) return { kind: 'invalid', field: 'layanan', reason: 'value' };
  } else if (context.layanan.length > 1) {
    const chosen = body.layanan?.trim();
    if (!chosen) missing.unshift('layanan');
    else if (!context.layanan.some((l) => l.id === chosen)) return { kind: 'invalid', field: 'layanan', reason: 'value' };
    else layananId = chosen;
  }
  const profile = profileSchema.safeParse(body);
  if (!profile.success) return { kind: 'invalid', field: String(profile.error.issues[0]!.path[0]), reason: 'value' };
  if (missing.length > 0) return { kind: 'incomplete', state: { values: body, missing } };
  return { kind: 'complete', answers, layananId, profile: profile.data };
}
