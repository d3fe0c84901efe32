// A unit's own wording of an instrument, as the form sends it: every question text and the four
// answer labels of each item (and, optionally, their English), applied to the version the unit
// runs. Codes, unsur, order and the meaning of the values 1–4 cannot change here.
import { z } from 'zod';
import type { SettingsMessages } from '../../i18n/admin-settings.ts';
import { fill } from '../../i18n/index.ts';
import type { Instrument } from '../../instruments/schema.ts';
import { type Form, textOf } from '../web/form.ts';

export const TEXT_MAX = 500;
export const LABEL_MAX = 120;
export const VALUES = [1, 2, 3, 4] as const;

/** The form field names of one item. */
export const fieldNames = (code: string) => ({
  text: `text:${code}`,
  label: (value: number) => `label:${code}:${value}`,
  enText: `en-text:${code}`,
  enLabel: (value: number) => `en-label:${code}:${value}`,
});

/** The form's values for a definition: what the unit's version says now. */
export function wordingValues(definition: Instrument): Record<string, string> {
  const values: Record<string, string> = {};
  for (const u of definition.unsur) {
    for (const item of u.items) {
      const f = fieldNames(item.code);
      const en = definition.translations?.en?.items?.[item.code];
      values[f.text] = item.text;
      values[f.enText] = en?.text ?? '';
      for (const v of VALUES) {
        values[f.label(v)] = item.labels[v - 1]!;
        values[f.enLabel(v)] = en?.labels?.[v - 1] ?? '';
      }
    }
  }
  return values;
}

/** The posted values of every field of the definition's items (other fields are ignored). */
export function postedValues(definition: Instrument, form: Form): Record<string, string> {
  return Object.fromEntries(Object.keys(wordingValues(definition)).map((name) => [name, textOf(form, name)]));
}

/** Each field's name for an error message ("Pertanyaan U1", "Jawaban bernilai 2 pada U1 (Inggris)"). */
export function fieldLabels(definition: Instrument, sm: SettingsMessages): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const item of definition.unsur.flatMap((u) => u.items)) {
    const f = fieldNames(item.code);
    labels[f.text] = fill(sm.fieldQuestion, { code: item.code });
    labels[f.enText] = fill(sm.fieldQuestionEn, { code: item.code });
    for (const v of VALUES) {
      labels[f.label(v)] = fill(sm.fieldAnswer, { code: item.code, value: v });
      labels[f.enLabel(v)] = fill(sm.fieldAnswerEn, { code: item.code, value: v });
    }
  }
  return labels;
}

/** Validates the posted wording against the definition's items, in the order the form shows them. */
export function wordingSchema(definition: Instrument, sm: SettingsMessages) {
  const required = (max: number) => z.string().trim().min(1, sm.errRequired).max(max, fill(sm.errTooLong, { max }));
  const optional = (max: number) => z.string().trim().max(max, fill(sm.errTooLong, { max }));
  const shape: Record<string, z.ZodType<string>> = {};
  const items = definition.unsur.flatMap((u) => u.items);
  for (const item of items) {
    const f = fieldNames(item.code);
    shape[f.text] = required(TEXT_MAX);
    for (const v of VALUES) shape[f.label(v)] = required(LABEL_MAX);
    shape[f.enText] = optional(TEXT_MAX);
    for (const v of VALUES) shape[f.enLabel(v)] = optional(LABEL_MAX);
  }
  return z.object(shape).superRefine((values, ctx) => {
    for (const item of items) {
      const f = fieldNames(item.code);
      const given = VALUES.map((v) => values[f.enLabel(v)] !== '');
      const missing = VALUES.find((v, i) => !given[i]);
      if (given.some(Boolean) && missing !== undefined) ctx.addIssue({ code: 'custom', path: [f.enLabel(missing)], message: sm.errEnglishLabels });
    }
  });
}

/** The definition with the validated wording in place: the same codes and unsur, new texts and labels. */
export function applyWording(definition: Instrument, values: Record<string, string>): Instrument {
  const enBefore = definition.translations?.en;
  const enItems: Record<string, { text?: string; labels?: [string, string, string, string] }> = {};
  const unsur = definition.unsur.map((u) => ({
    ...u,
    items: u.items.map((item) => {
      const f = fieldNames(item.code);
      const labels = VALUES.map((v) => values[f.label(v)]!) as [string, string, string, string];
      const enText = values[f.enText]!;
      const enLabels = VALUES.map((v) => values[f.enLabel(v)]!);
      const en = { ...(enText ? { text: enText } : {}), ...(enLabels[0] ? { labels: enLabels as [string, string, string, string] } : {}) };
      if (Object.keys(en).length > 0) enItems[item.code] = en;
      return { ...item, text: values[f.text]!, labels };
    }),
  }));
  const { items: _replaced, ...enRest } = enBefore ?? {};
  const en = { ...enRest, ...(Object.keys(enItems).length > 0 ? { items: enItems } : {}) };
  const { translations: _old, ...rest } = definition;
  return { ...rest, unsur, ...(Object.keys(en).length > 0 ? { translations: { en } } : {}) };
}
