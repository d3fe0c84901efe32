// Reading the follow-up form. Creating needs the unsur and the action; editing changes only the
// fields sent (the plan's quick status form sends the status alone). The first bad field is
// named and nothing is stored.
import { z } from 'zod';
import type { FollowUpMessages } from '../../i18n/admin-followup.ts';
import { EVIDENCE_MAX_BYTES, evidenceName, sniffEvidence } from './evidence.ts';
import { FOLLOW_UP_STATUSES, type FollowUpValues } from './store.ts';

export interface FieldError {
  /** the form field, e.g. `action` */
  field: string;
  message: keyof FollowUpMessages;
  status: 400 | 413;
}

type Body = Record<string, string | File | (string | File)[]>;

function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const emptyToNull = (v: string) => (v === '' ? null : v);

const FIELDS = {
  unsur_code: { key: 'unsurCode', message: 'errUnsur', schema: z.string().trim().min(1) },
  action: { key: 'action', message: 'errAction', schema: z.string().trim().min(1).max(2000) },
  due: { key: 'due', message: 'errDue', schema: z.string().trim().refine((v) => v === '' || isCalendarDay(v)).transform(emptyToNull) },
  owner: { key: 'owner', message: 'errOwner', schema: z.string().trim().max(200).transform(emptyToNull) },
  status: { key: 'status', message: 'errStatus', schema: z.enum(FOLLOW_UP_STATUSES as ['planned', 'in_progress', 'done']) },
  evidence: { key: 'evidence', message: 'errEvidence', schema: z.string().trim().max(2000).refine((v) => v === '' || isHttpUrl(v)).transform(emptyToNull) },
  published: { key: 'published', message: 'errPublished', schema: z.enum(['0', '1']).transform((v) => v === '1') },
} as const;

const REQUIRED_TO_CREATE = new Set(['unsur_code', 'action']);
const CREATE_DEFAULTS = { owner: null, due: null, status: 'planned', evidence: null, published: false } as const;

export type FormResult<T> = { values: T; error?: undefined } | { error: FieldError; values?: undefined };

/**
 * The form's values. `unsurCodes` are the unsur that may be chosen (the unit's IKM instrument's,
 * and when editing also the action's own, should the instrument have changed since).
 */
export async function readFollowUpForm(body: Body, mode: 'create', unsurCodes: ReadonlySet<string>): Promise<FormResult<FollowUpValues>>;
export async function readFollowUpForm(body: Body, mode: 'update', unsurCodes: ReadonlySet<string>): Promise<FormResult<Partial<FollowUpValues>>>;
export async function readFollowUpForm(body: Body, mode: 'create' | 'update', unsurCodes: ReadonlySet<string>): Promise<FormResult<Partial<FollowUpValues>>> {
  const values: Record<string, unknown> = mode === 'create' ? { ...CREATE_DEFAULTS } : {};
  for (const [field, spec] of Object.entries(FIELDS)) {
    const raw = body[field];
    if (raw === undefined) {
      if (mode === 'create' && REQUIRED_TO_CREATE.has(field)) return { error: { field, message: spec.message, status: 400 } };
      continue;
    }
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) return { error: { field, message: spec.message, status: 400 } };
    if (field === 'unsur_code' && !unsurCodes.has(parsed.data as string)) return { error: { field, message: spec.message, status: 400 } };
    values[spec.key] = parsed.data;
  }
  const file = body.evidence_file;
  if (file instanceof File && (file.size > 0 || file.name !== '')) {
    if (file.size > EVIDENCE_MAX_BYTES) return { error: { field: 'evidence_file', message: 'errFileSize', status: 413 } };
    const bytes = new Uint8Array(await file.arrayBuffer());
    const kind = sniffEvidence(bytes);
    if (!kind) return { error: { field: 'evidence_file', message: 'errFileType', status: 400 } };
    values.file = { bytes, name: evidenceName(file.name, kind.extension), type: kind.type };
  } else if (file !== undefined && !(file instanceof File) && file !== '') {
    return { error: { field: 'evidence_file', message: 'errFileType', status: 400 } };
  }
  return { values: values as Partial<FollowUpValues> };
}
