// The questionnaire page: plain HTML that works without JavaScript, labelled for screen readers,
// and small enough (with the stylesheet) for a cheap phone on a weak connection.
import type { Instrument } from '../instruments/schema.ts';
import { fill, type Lang, type Messages } from '../i18n/index.ts';
import { DISABILITY, EDUCATION, OCCUPATION, optionLabel } from './profile.ts';
import type { LoketContext } from './load.ts';

/** The name of an answer field: instrument id and item code, e.g. `skm:U1`. */
export const answerField = (instrumentId: string, itemCode: string) => `${instrumentId}:${itemCode}`;
const fieldId = (name: string) => `q-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

export interface FormState {
  /** the citizen's answers and choices so far, by field name */
  values: Record<string, string>;
  /** answer fields left empty that must be answered */
  missing: string[];
}

export interface FormProps {
  context: LoketContext;
  lang: Lang;
  t: Messages;
  action: string;
  token: string;
  /** kiosk forms carry their own submission id, renewed by the page for every citizen */
  sid?: string;
  state?: FormState;
  /** texts the kiosk script shows after a submit */
  kiosk?: boolean;
}

function itemTexts(definition: Instrument, lang: Lang, unsurCode: string, item: Instrument['unsur'][number]['items'][number]) {
  const en = lang === 'en' ? definition.translations?.en : undefined;
  return {
    text: en?.items?.[item.code]?.text ?? item.text,
    labels: en?.items?.[item.code]?.labels ?? item.labels,
    unsur: en?.unsur?.[unsurCode],
  };
}

function Question({ name, number, text, labels, value, missing, t }: { name: string; number: number; text: string; labels: readonly string[]; value?: string; missing: boolean; t: Messages }) {
  const id = fieldId(name);
  return (
    <fieldset id={id} class={missing ? 'q err' : 'q'} aria-describedby={missing ? `${id}-e` : undefined}>
      <legend>
        {number}. {text}
      </legend>
      {missing && (
        <p class="msg" id={`${id}-e`}>
          {t.required}
        </p>
      )}
      <div class="opts">
        {labels.map((label, i) => (
          <label>
            <input type="radio" name={name} value={String(i + 1)} required checked={value === String(i + 1)} />
            {label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Select({ name, label, options, value, lang, t }: { name: string; label: string; options: readonly (readonly [string, string, string])[]; value?: string; lang: Lang; t: Messages }) {
  return (
    <p>
      <label for={name}>{label}</label>
      <select id={name} name={name}>
        <option value="">{t.choose}</option>
        {options.map((o) => (
          <option value={o[0]} selected={value === o[0]}>
            {optionLabel(o, lang)}
          </option>
        ))}
      </select>
    </p>
  );
}

export function SurveyForm({ context, lang, t, action, token, sid, state, kiosk }: FormProps) {
  const values = state?.values ?? {};
  const missing = new Set(state?.missing ?? []);
  let number = 0;
  const questionText = new Map<string, string>();
  const sections = context.instruments.map(({ definition }) => {
    const name = (lang === 'en' && definition.translations?.en?.name) || definition.name;
    return (
      <section>
        <h2>{name}</h2>
        {definition.unsur.flatMap((u) =>
          u.items.map((item) => {
            const field = answerField(definition.id, item.code);
            const texts = itemTexts(definition, lang, u.code, item);
            number += 1;
            questionText.set(field, `${number}. ${texts.text}`);
            return <Question name={field} number={number} text={texts.text} labels={texts.labels} value={values[field]} missing={missing.has(field)} t={t} />;
          }),
        )}
      </section>
    );
  });
  return (
    <form method="post" action={action} class="survey" data-thanks={kiosk ? t.thanksTitle : undefined} data-next={kiosk ? t.kioskNext : undefined} data-offline={kiosk ? t.kioskOffline : undefined}>
      <input type="hidden" name="token" value={token} />
      {sid && <input type="hidden" name="sid" value={sid} />}
      <div class="hp" aria-hidden="true">
        <label>
          {t.honeypot} <input type="text" name="website" tabindex={-1} autocomplete="off" />
        </label>
      </div>
      {missing.size > 0 && (
        <div class="summary" role="alert">
          <p>{fill(t.missingSummary, { n: missing.size })}</p>
          <ul>
            {[...missing].map((field) => (
              <li>
                <a href={`#${fieldId(field)}`}>{questionText.get(field) ?? field}</a>
              </li>
            ))}
          </ul>
        </div>
      )}
      {context.layanan.length === 1 ? (
        <input type="hidden" name="layanan" value={context.layanan[0]!.id} />
      ) : (
        context.layanan.length > 1 && (
          <fieldset id="q-layanan" class={missing.has('layanan') ? 'q err' : 'q'}>
            <legend>{t.layananQuestion}</legend>
            {missing.has('layanan') && <p class="msg">{t.required}</p>}
            <div class="opts">
              {context.layanan.map((l) => (
                <label>
                  <input type="radio" name="layanan" value={l.id} required checked={values.layanan === l.id} />
                  {l.name}
                </label>
              ))}
            </div>
          </fieldset>
        )
      )}
      {sections}
      <details open={Boolean(values.gender || values.age || values.education || values.occupation || values.disability)}>
        <summary>{t.profileTitle}</summary>
        <fieldset class="q">
          <legend>{t.gender}</legend>
          <div class="opts two">
            <label>
              <input type="radio" name="gender" value="L" checked={values.gender === 'L'} />
              {t.genderL}
            </label>
            <label>
              <input type="radio" name="gender" value="P" checked={values.gender === 'P'} />
              {t.genderP}
            </label>
          </div>
        </fieldset>
        <p>
          <label for="age">{t.age}</label>
          <input id="age" name="age" type="number" inputmode="numeric" min="10" max="120" value={values.age ?? ''} />
        </p>
        <Select name="education" label={t.education} options={EDUCATION} value={values.education} lang={lang} t={t} />
        <Select name="occupation" label={t.occupation} options={OCCUPATION} value={values.occupation} lang={lang} t={t} />
        <Select name="disability" label={t.disability} options={DISABILITY} value={values.disability} lang={lang} t={t} />
      </details>
      <p>
        <label for="saran">{t.saran}</label>
        <textarea id="saran" name="saran" maxlength={1000} rows={3} aria-describedby="saran-h">
          {values.saran ?? ''}
        </textarea>
        <small id="saran-h">{t.saranHint}</small>
      </p>
      <button type="submit">{t.submit}</button>
    </form>
  );
}
