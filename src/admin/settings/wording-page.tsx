// Editing the wording of one of a unit's instruments: saved as a new version of the instansi's
// instrument, which the unit's questionnaire asks from then on (the loket cache is cleared at once).
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { AppError } from '../../http/errors.ts';
import { type SettingsMessages, settingsMessages } from '../../i18n/admin-settings.ts';
import { fill } from '../../i18n/index.ts';
import { InstrumentError, parseInstrument } from '../../instruments/schema.ts';
import { type ReachedUnit, unitInReach } from '../access.ts';
import { listUnitInstruments, rewordUnitInstrument, type UnitInstrument } from '../instruments.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { firstProblem } from './form.tsx';
import { readForm } from '../web/form.ts';
import { instrumentName } from './instruments.tsx';
import { applyWording, fieldLabels, fieldNames, LABEL_MAX, postedValues, TEXT_MAX, VALUES, wordingSchema, wordingValues } from './wording.ts';

type C = Context<AdminEnv>;

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_.-]/g, '-')}`;

function ItemFields({ sm, code, values }: { sm: SettingsMessages; code: string; values: Record<string, string> }) {
  const f = fieldNames(code);
  const english = values[f.enText] !== '' || VALUES.some((v) => values[f.enLabel(v)] !== '');
  return (
    <div class="wording-item">
      <label for={fieldId(f.text)}>{fill(sm.questionLabel, { code })}</label>
      <textarea id={fieldId(f.text)} name={f.text} rows={2} required maxlength={TEXT_MAX}>
        {values[f.text]}
      </textarea>
      <div class="wording-labels">
        {VALUES.map((v) => (
          <div>
            <label for={fieldId(f.label(v))}>{fill(sm.answerLabel, { value: v })}</label>
            <input id={fieldId(f.label(v))} name={f.label(v)} type="text" required maxlength={LABEL_MAX} value={values[f.label(v)]} />
          </div>
        ))}
      </div>
      <details open={english}>
        <summary>{sm.englishSummary}</summary>
        <label for={fieldId(f.enText)}>{fill(sm.englishQuestion, { code })}</label>
        <textarea id={fieldId(f.enText)} name={f.enText} rows={2} maxlength={TEXT_MAX}>
          {values[f.enText]}
        </textarea>
        <div class="wording-labels">
          {VALUES.map((v) => (
            <div>
              <label for={fieldId(f.enLabel(v))}>{fill(sm.englishAnswer, { value: v })}</label>
              <input id={fieldId(f.enLabel(v))} name={f.enLabel(v)} type="text" maxlength={LABEL_MAX} value={values[f.enLabel(v)]} />
            </div>
          ))}
        </div>
      </details>
    </div>
  );
}

export function wordingRoutes({ db, loketContexts }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  /** The unit (its admin or unit_admin only) and the instrument it runs with that code (404 otherwise). */
  async function target(c: C): Promise<{ unit: ReachedUnit; running: UnitInstrument }> {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit')!, { write: true });
    const running = (await listUnitInstruments(db, unit.id)).find((r) => r.code === c.req.param('code'));
    if (!running) throw new AppError(404, 'not_found', 'this unit runs no such instrument');
    return { unit, running };
  }

  function page(c: C, unit: ReachedUnit, running: UnitInstrument, values: Record<string, string>, opts: { error?: string; status?: ContentfulStatusCode } = {}) {
    const lang = c.get('lang');
    const sm = settingsMessages(lang);
    const definition = running.definition;
    const back = `/admin/units/${unit.slug}/instruments`;
    return sendAdminPage(c, {
      title: fill(sm.wordingTitle, { instrument: instrumentName(definition, lang), unit: unit.name }),
      status: opts.status,
      children: (
        <form method="post" action={`${back}/${running.code}/edit`} class="wording">
          <p>{sm.wordingIntro}</p>
          <p class="muted">{fill(sm.wordingVersion, { version: running.version, source: running.builtin ? sm.wordingBuiltin : sm.wordingOwn })}</p>
          <Notice text={opts.error} kind="error" />
          <CsrfField token={c.get('csrf')} />
          {definition.unsur.map((u) => (
            <fieldset>
              <legend>
                {u.code} · {(lang === 'en' && definition.translations?.en?.unsur?.[u.code]) || u.name}
              </legend>
              {u.items.map((item) => (
                <ItemFields sm={sm} code={item.code} values={values} />
              ))}
            </fieldset>
          ))}
          <button type="submit">{sm.saveWording}</button> <a href={back}>{sm.cancel}</a>
        </form>
      ),
    });
  }

  app.get('/admin/units/:unit/instruments/:code/edit', async (c) => {
    const { unit, running } = await target(c);
    return page(c, unit, running, wordingValues(running.definition));
  });

  app.post('/admin/units/:unit/instruments/:code/edit', async (c) => {
    const { unit, running } = await target(c);
    const sm = settingsMessages(c.get('lang'));
    const values = postedValues(running.definition, await readForm(c));
    const parsed = wordingSchema(running.definition, sm).safeParse(values);
    if (!parsed.success) return page(c, unit, running, values, { status: 400, error: firstProblem(parsed.error, fieldLabels(running.definition, sm), c.get('at')) });
    let definition;
    try {
      // the same checks as an instrument file: what the questionnaire runs is always a valid instrument
      definition = parseInstrument(applyWording(running.definition, parsed.data as Record<string, string>), running.code);
    } catch (error) {
      if (error instanceof InstrumentError) return page(c, unit, running, values, { status: 400, error: error.message });
      throw error;
    }
    let saved;
    try {
      saved = await rewordUnitInstrument(db, unit, running.code, definition, { userId: c.get('user').id, address: c.get('address') });
    } catch (error) {
      if (error instanceof AppError && error.code === 'concurrent') return page(c, unit, running, values, { status: 409, error: sm.errConcurrentWording });
      throw error;
    }
    if (!saved.changed) return c.redirect(`/admin/units/${unit.slug}/instruments?done=unchanged`, 303);
    loketContexts?.invalidate();
    return c.redirect(`/admin/units/${unit.slug}/instruments?done=reworded&version=${saved.version}`, 303);
  });

  return app;
}
