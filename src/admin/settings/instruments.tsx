// Which instruments a unit's questionnaire asks, in which order and at which version: anyone who
// reaches the unit reads it; its admin or unit_admin turns instruments on or off and reorders them.
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type SettingsMessages, settingsMessages } from '../../i18n/admin-settings.ts';
import { fill } from '../../i18n/index.ts';
import type { Instrument } from '../../instruments/schema.ts';
import { canWrite, type ReachedUnit, unitInReach } from '../access.ts';
import { changeUnitInstrument, listUnitInstruments } from '../instruments.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { firstProblem } from './form.tsx';
import { readForm, textOf } from '../web/form.ts';

type C = Context<AdminEnv>;

const KIND_NAMES: Record<string, string> = { ikm: 'IKM', ipak: 'IPAK (IPK)', ipkp: 'IPKP' };

export const instrumentName = (definition: Instrument, lang: string) => (lang === 'en' && definition.translations?.en?.name) || definition.name;

/** The links between a unit's settings pages. */
export function UnitSettingsLinks({ unit, lang, show }: { unit: ReachedUnit; lang: 'id' | 'en'; show: ('instruments' | 'api-keys')[] }) {
  const sm = settingsMessages(lang);
  return (
    <ul class="links">
      {show.includes('instruments') && (
        <li>
          <a href={`/admin/units/${unit.slug}/instruments`}>{sm.instrumentsLink}</a>
        </li>
      )}
      {show.includes('api-keys') && (
        <li>
          <a href={`/admin/units/${unit.slug}/api-keys`}>{sm.apiKeysLink}</a>
        </li>
      )}
    </ul>
  );
}

const changeInput = (sm: SettingsMessages) =>
  z.object({
    instrument: z.string().min(1, sm.errRequired),
    action: z.enum(['up', 'down', 'enable', 'disable'], { error: sm.errAction }),
  });

export function unitInstrumentRoutes({ db, loketContexts }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  async function page(c: C, unit: ReachedUnit, opts: { notice?: string; error?: string; status?: ContentfulStatusCode } = {}) {
    const lang = c.get('lang');
    const sm = settingsMessages(lang);
    const user = c.get('user');
    const writer = canWrite(user);
    const rows = await listUnitInstruments(db, unit.id);
    return sendAdminPage(c, {
      title: fill(sm.instrumentsTitle, { unit: unit.name }),
      status: opts.status,
      children: (
        <>
          <p>{sm.instrumentsIntro}</p>
          <Notice text={opts.notice} />
          <Notice text={opts.error} kind="error" />
          <div class="tablewrap" tabindex={0}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col" class="num">
                    {sm.colOrder}
                  </th>
                  <th scope="col">{sm.colInstrument}</th>
                  <th scope="col">{sm.colKind}</th>
                  <th scope="col">{sm.colVersion}</th>
                  <th scope="col">{sm.colWording}</th>
                  <th scope="col">{sm.colAsked}</th>
                  {writer && <th scope="col">{sm.colActions}</th>}
                </tr>
              </thead>
              <tbody>
                {rows.map((r, i) => {
                  const name = instrumentName(r.definition, lang);
                  return (
                    <tr>
                      <td class="num">{i + 1}</td>
                      <th scope="row">
                        {name} <span class="muted">({r.code})</span>
                      </th>
                      <td>{KIND_NAMES[r.kind] ?? r.kind}</td>
                      <td>v{r.version}</td>
                      <td>{r.builtin ? sm.wordingBuiltin : sm.wordingOwn}</td>
                      <td>{r.enabled ? <span class="badge ok">{sm.asked}</span> : <span class="badge">{sm.notAsked}</span>}</td>
                      {writer && (
                        <td>
                          <form method="post" action={`/admin/units/${unit.slug}/instruments`} class="inline">
                            <CsrfField token={c.get('csrf')} />
                            <input type="hidden" name="instrument" value={r.code} />
                            <button type="submit" name="action" value="up" class="secondary" disabled={i === 0}>
                              {sm.moveUp}
                              <span class="sr-only"> {name}</span>
                            </button>{' '}
                            <button type="submit" name="action" value="down" class="secondary" disabled={i === rows.length - 1}>
                              {sm.moveDown}
                              <span class="sr-only"> {name}</span>
                            </button>{' '}
                            <button type="submit" name="action" value={r.enabled ? 'disable' : 'enable'} class="secondary">
                              {r.enabled ? sm.disable : sm.enable}
                              <span class="sr-only"> {name}</span>
                            </button>
                          </form>{' '}
                          <a href={`/admin/units/${unit.slug}/instruments/${r.code}/edit`}>
                            {sm.editWording}
                            <span class="sr-only"> {name}</span>
                          </a>
                        </td>
                      )}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {writer && <UnitSettingsLinks unit={unit} lang={lang} show={['api-keys']} />}
        </>
      ),
    });
  }

  app.get('/admin/units/:unit/instruments', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const sm = settingsMessages(c.get('lang'));
    const done = c.req.query('done');
    const saved = Number(c.req.query('version'));
    const notice =
      done === 'saved' ? sm.instrumentsSaved : done === 'reworded' && Number.isInteger(saved) && saved > 0 ? fill(sm.reworded, { version: saved }) : done === 'unchanged' ? sm.wordingUnchanged : undefined;
    return page(c, unit, { notice });
  });

  app.post('/admin/units/:unit/instruments', async (c) => {
    const user = c.get('user');
    const unit = await unitInReach(db, user, c.req.param('unit'), { write: true });
    const sm = settingsMessages(c.get('lang'));
    const form = await readForm(c);
    const parsed = changeInput(sm).safeParse({ instrument: textOf(form, 'instrument'), action: textOf(form, 'action') });
    if (!parsed.success) return page(c, unit, { status: 400, error: firstProblem(parsed.error, { instrument: sm.colInstrument, action: sm.fieldAction }, c.get('at')) });
    try {
      await changeUnitInstrument(db, unit, parsed.data.instrument, parsed.data.action, { userId: user.id, address: c.get('address') });
    } catch (error) {
      if (error instanceof AppError && error.code === 'last_ikm') return page(c, unit, { status: 400, error: sm.errLastIkm });
      throw error;
    }
    loketContexts?.invalidate();
    return c.redirect(`/admin/units/${unit.slug}/instruments?done=saved`, 303);
  });

  return app;
}
