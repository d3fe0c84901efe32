// Follow-up (Rencana Tindak Lanjut): for a unit and period the three weakest IKM unsur are proposed,
// the team records actions with their status and evidence, and the plan of the period before is
// shown with its realisation. The audit log viewer is mounted here too.
import { type Context, Hono } from 'hono';
import type { Kysely } from 'kysely';
import { parseTimeZone, type TimeZone } from '../../config.ts';
import type { Database } from '../../db/types.ts';
import { AppError } from '../../http/errors.ts';
import { followUpMessages } from '../../i18n/admin-followup.ts';
import { fill } from '../../i18n/index.ts';
import { currentPeriod, localDate, type Period, parsePeriod, periodBefore } from '../../results/period.ts';
import { loadScoreCards } from '../../results/scorecard.ts';
import { canWrite, type ReachedUnit, reachableUnits, unitInReach } from '../access.ts';
import { auditLogRoutes } from '../audit-log/routes.tsx';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { Notice, sendAdminPage } from '../web/page.tsx';
import { attachmentHeader } from './evidence.ts';
import { type FieldError, readFollowUpForm } from './input.ts';
import { recentPeriods } from './periods.ts';
import {
  countFollowUps,
  createFollowUp,
  findEvidenceFile,
  findFollowUp,
  type FollowUpAction,
  ikmCardOf,
  listFollowUps,
  unitIkmInstrument,
  updateFollowUp,
  weakestUnsur,
} from './store.ts';
import { ActionForm, ActionTable, type FormState, PeriodPicker, ProposalTable, statusName } from './views.tsx';

type Ctx = Context<AdminEnv>;

const FORM_FIELDS = ['unsur_code', 'action', 'due', 'owner', 'status', 'evidence', 'published'] as const;

/** The text fields of a posted form, to show a refused form as it was typed. */
function stateOf(body: Record<string, unknown>): FormState {
  const state: FormState = {};
  for (const f of FORM_FIELDS) if (typeof body[f] === 'string') state[f] = body[f] as string;
  return state;
}

async function zoneOf(db: Kysely<Database>, instansiId: string | null | undefined, fallback: TimeZone): Promise<TimeZone> {
  if (!instansiId) return fallback;
  const row = await db.selectFrom('instansi').where('id', '=', instansiId).select('time_zone').executeTakeFirst();
  return (row && parseTimeZone(row.time_zone)) || fallback;
}

export function followUpRoutes(deps: AdminDeps) {
  const { db, config } = deps;
  const app = new Hono<AdminEnv>();
  app.route('/', auditLogRoutes(deps));

  /** A period code as sent; 400 names the field when it is missing or malformed. */
  function periodSent(c: Ctx, sent: unknown): Period {
    const period = typeof sent === 'string' ? parsePeriod(sent.trim()) : undefined;
    if (!period) throw new AppError(400, 'invalid', `period: ${followUpMessages(c.get('lang')).errPeriod}`);
    return period;
  }

  /** The period of `?period=`, else the current triwulan in the instansi's zone. */
  function periodAsked(c: Ctx, zone: TimeZone): Period {
    const asked = c.req.query('period');
    return asked ? periodSent(c, asked) : currentPeriod(zone);
  }

  // ---- the unit picker ------------------------------------------------------------------------

  app.get('/admin/follow-up', async (c) => {
    const ft = followUpMessages(c.get('lang'));
    const user = c.get('user');
    const units = await reachableUnits(db, user);
    const zone = await zoneOf(db, user.instansiId ?? units[0]?.instansiId, config.defaultTimeZone);
    const period = periodAsked(c, zone);
    const counts = await countFollowUps(
      db,
      units.map((u) => u.id),
      period.code,
    );
    return sendAdminPage(c, {
      title: ft.followUpTitle,
      children: (
        <>
          <p>{ft.followUpIntro}</p>
          <PeriodPicker ft={ft} action="/admin/follow-up" period={period.code} periods={recentPeriods(localDate(new Date(), zone))} />
          {units.length === 0 ? (
            <p class="muted">{ft.noUnits}</p>
          ) : (
            <div class="tablewrap" tabindex={0}>
              <table class="data">
                <caption class="sr-only">{fill(ft.planTitle, { period: period.code })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{ft.colUnit}</th>
                    <th scope="col">{ft.colActions}</th>
                  </tr>
                </thead>
                <tbody>
                  {units.map((u) => {
                    const n = counts.get(u.id);
                    return (
                      <tr>
                        <th scope="row">
                          <a href={`/admin/follow-up/${u.slug}?period=${period.code}`}>{u.name}</a>
                        </th>
                        <td>{n ? (['planned', 'in_progress', 'done'] as const).map((s) => `${statusName(ft, s)} ${n[s]}`).join(' · ') : '–'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      ),
    });
  });

  // ---- one unit and period --------------------------------------------------------------------

  async function unitPage(c: Ctx, unit: ReachedUnit, period: Period, refused?: { state: FormState; error: FieldError }) {
    const lang = c.get('lang');
    const ft = followUpMessages(lang);
    const user = c.get('user');
    const zone = await zoneOf(db, unit.instansiId, config.defaultTimeZone);
    const previous = periodBefore(period);
    const [instrument, cards, actions, previousActions] = await Promise.all([
      unitIkmInstrument(db, unit.id, lang),
      loadScoreCards(db, { unitIds: [unit.id] }, period),
      listFollowUps(db, unit.id, period.code),
      listFollowUps(db, unit.id, previous.code),
    ]);
    const unsur = instrument?.unsur ?? [];
    const unsurNames = new Map(unsur.map((u) => [u.code, u.name]));
    const card = ikmCardOf(cards, instrument);
    const proposals = weakestUnsur(card).map((u) => ({ ...u, label: unsurNames.get(u.code) ?? u.name }));
    const editable = canWrite(user);
    const done = c.req.query('done');
    return sendAdminPage(c, {
      title: fill(ft.unitTitle, { unit: unit.name, period: period.code }),
      status: refused?.error.status ?? 200,
      children: (
        <>
          <Notice text={done === 'created' ? ft.created : done === 'updated' ? ft.updated : undefined} />
          <PeriodPicker ft={ft} action={`/admin/follow-up/${unit.slug}`} period={period.code} periods={recentPeriods(localDate(new Date(), zone))} />
          <section class="card" aria-labelledby="weakest">
            <h2 id="weakest">{ft.weakestTitle}</h2>
            {card && proposals.length > 0 ? (
              <>
                <p>{fill(ft.weakestIntro, { period: period.code, respondents: card.respondents })}</p>
                <ProposalTable ft={ft} lang={lang} proposals={proposals} />
              </>
            ) : (
              <p class="muted">{ft.noAnswers}</p>
            )}
          </section>
          <section class="card" aria-labelledby="plan">
            <h2 id="plan">{fill(ft.planTitle, { period: period.code })}</h2>
            {actions.length === 0 ? (
              <p class="muted">{ft.noActions}</p>
            ) : (
              <ActionTable ft={ft} caption={fill(ft.planTitle, { period: period.code })} unitSlug={unit.slug} actions={actions} unsurNames={unsurNames} editable={editable} csrf={c.get('csrf')} />
            )}
          </section>
          {editable ? (
            <section class="card narrow" aria-labelledby="add">
              <h2 id="add">{ft.addTitle}</h2>
              <ActionForm
                ft={ft}
                action={`/admin/follow-up/${unit.slug}`}
                csrf={c.get('csrf')}
                period={period.code}
                unsur={unsur}
                proposed={new Set(proposals.map((p) => p.code))}
                state={refused?.state ?? { unsur_code: proposals[0]?.code }}
                error={refused?.error}
                submit={ft.add}
              />
            </section>
          ) : (
            <p class="muted">{ft.readOnlyNote}</p>
          )}
          <section class="card" aria-labelledby="previous">
            <h2 id="previous">{fill(ft.previousTitle, { period: previous.code })}</h2>
            {previousActions.length === 0 ? (
              <p class="muted">{fill(ft.noPrevious, { period: previous.code })}</p>
            ) : (
              <ActionTable ft={ft} caption={fill(ft.previousTitle, { period: previous.code })} unitSlug={unit.slug} actions={previousActions} unsurNames={unsurNames} editable={editable} csrf={c.get('csrf')} />
            )}
          </section>
        </>
      ),
    });
  }

  app.get('/admin/follow-up/:unit', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const period = periodAsked(c, await zoneOf(db, unit.instansiId, config.defaultTimeZone));
    return unitPage(c, unit, period);
  });

  app.post('/admin/follow-up/:unit', async (c) => {
    const user = c.get('user');
    const unit = await unitInReach(db, user, c.req.param('unit'), { write: true });
    const body = await c.req.parseBody();
    const period = periodSent(c, body.period);
    const instrument = await unitIkmInstrument(db, unit.id, c.get('lang'));
    const form = await readFollowUpForm(body, 'create', new Set(instrument?.unsur.map((u) => u.code)));
    if (form.error) return unitPage(c, unit, period, { state: stateOf(body), error: form.error });
    await createFollowUp(db, unit, period.code, form.values, { userId: user.id, address: c.get('address') });
    // published actions show on the public pages, which read a cached view
    deps.publicViews?.invalidate();
    return c.redirect(`/admin/follow-up/${unit.slug}?period=${period.code}&done=created`, 303);
  });

  // ---- one action -----------------------------------------------------------------------------

  async function editPage(c: Ctx, unit: ReachedUnit, action: FollowUpAction, refused?: { state: FormState; error: FieldError }) {
    const lang = c.get('lang');
    const ft = followUpMessages(lang);
    const instrument = await unitIkmInstrument(db, unit.id, lang);
    const unsur = instrument?.unsur ?? [];
    // an action keeps its unsur even if the unit's instrument no longer has it
    if (!unsur.some((u) => u.code === action.unsurCode)) unsur.push({ code: action.unsurCode, name: '' });
    // a refused form shows what was sent over what is stored (the quick status form sends the status alone)
    const state: FormState = {
      unsur_code: action.unsurCode,
      action: action.action,
      due: action.due ?? '',
      owner: action.owner ?? '',
      status: action.status,
      evidence: action.evidence ?? '',
      published: action.published ? '1' : '0',
      ...refused?.state,
    };
    return sendAdminPage(c, {
      title: fill(ft.editTitle, { unit: unit.name, period: action.period }),
      status: refused?.error.status ?? 200,
      children: (
        <>
          <p>
            <a href={`/admin/follow-up/${unit.slug}?period=${action.period}`}>{fill(ft.back, { period: action.period })}</a>
          </p>
          {canWrite(c.get('user')) ? (
            <section class="card narrow">
              <ActionForm
                ft={ft}
                action={`/admin/follow-up/${unit.slug}/${action.id}`}
                csrf={c.get('csrf')}
                period={action.period}
                unsur={unsur}
                proposed={new Set()}
                state={state}
                error={refused?.error}
                currentFile={action.evidenceFileName}
                submit={ft.save}
              />
            </section>
          ) : (
            <p class="muted">{ft.readOnlyNote}</p>
          )}
        </>
      ),
    });
  }

  app.get('/admin/follow-up/:unit/:id', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    return editPage(c, unit, await findFollowUp(db, unit.id, c.req.param('id')));
  });

  app.post('/admin/follow-up/:unit/:id', async (c) => {
    const user = c.get('user');
    const unit = await unitInReach(db, user, c.req.param('unit'), { write: true });
    const action = await findFollowUp(db, unit.id, c.req.param('id'));
    const body = await c.req.parseBody();
    const instrument = await unitIkmInstrument(db, unit.id, c.get('lang'));
    const allowed = new Set([...(instrument?.unsur.map((u) => u.code) ?? []), action.unsurCode]);
    const form = await readFollowUpForm(body, 'update', allowed);
    if (form.error) return editPage(c, unit, action, { state: stateOf(body), error: form.error });
    await updateFollowUp(db, unit, action, form.values, { userId: user.id, address: c.get('address') });
    deps.publicViews?.invalidate();
    return c.redirect(`/admin/follow-up/${unit.slug}?period=${action.period}&done=updated`, 303);
  });

  app.get('/admin/follow-up/:unit/:id/evidence', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const file = await findEvidenceFile(db, unit.id, c.req.param('id'));
    return c.body(file.bytes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      'Content-Disposition': attachmentHeader(file.name),
      'Content-Length': String(file.bytes.byteLength),
    });
  });

  return app;
}
