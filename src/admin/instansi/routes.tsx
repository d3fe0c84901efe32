// The instansi area: the profile of the signed-in user's instansi (an admin edits it, everyone else
// reads it), its logo, the operator's list of instansi with the creation of a new one and its first
// admin, and the population of service users per unit and period.
import { type Context, Hono } from 'hono';
import type { TimeZone } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import { type InstansiMessages, instansiMessages } from '../../i18n/admin-instansi.ts';
import { fill } from '../../i18n/index.ts';
import { currentPeriod } from '../../results/period.ts';
import { type ReachedUnit, canWrite, unitInReach } from '../access.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { sendAdminPage } from '../web/page.tsx';
import { createInstansiWithAdmin, listDeployment, parseNewInstansiForm } from './deployment.ts';
import { CreatedPage, DeploymentPage, type NewInstansiValues } from './deployment-view.tsx';
import { FieldError, refusal, text } from './form.ts';
import { MAX_LOGO_BYTES, judgeLogo, readLogo, storeLogo } from './logo.ts';
import { listPopulation, parsePopulationForm, savePopulation } from './population.ts';
import { PopulationPage } from './population-view.tsx';
import { EmbedOriginsError, loadProfile, MAX_EMBED_ORIGINS, parseProfileForm, postedProfile, updateProfile } from './profile.ts';
import { ProfilePage, type ProfileValues, profileValues } from './profile-view.tsx';

type C = Context<AdminEnv>;

// an SVG opened on its own is a document: it may draw, never run or fetch anything
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

const messagesOf = (c: C): InstansiMessages => instansiMessages(c.get('lang'));

/** 403 unless the signed-in user has the role, said in the user's language. */
function allowOnly(c: C, role: 'admin' | 'operator') {
  if (c.get('user').role !== role) throw new AppError(403, 'forbidden', role === 'admin' ? messagesOf(c).readOnlyNote : messagesOf(c).operatorOnly);
}

const by = (c: C) => ({ userId: c.get('user').id, address: c.get('address') });

export function instansiRoutes({ db, loketContexts, publicViews }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  // ---- the profile ------------------------------------------------------------------------------

  async function profilePage(c: C, opts: { values?: ProfileValues; notice?: string; error?: string; invalid?: 'embedOrigins'; status?: 200 | 400 | 413 } = {}) {
    const user = c.get('user');
    if (!user.instansiId) throw new AppError(404, 'not_found', 'this account belongs to no instansi');
    const instansi = await loadProfile(db, user.instansiId);
    const m = messagesOf(c);
    return sendAdminPage(c, {
      title: m.profileTitle,
      status: opts.status,
      children: (
        <ProfilePage
          m={m}
          csrf={c.get('csrf')}
          instansi={instansi}
          editable={user.role === 'admin'}
          values={opts.values ?? profileValues(instansi)}
          notice={opts.notice}
          error={opts.error}
          invalid={opts.invalid}
        />
      ),
    });
  }

  const profileNotices = (m: InstansiMessages, done: string | undefined) => (done === 'profile' ? m.profileSaved : done === 'unchanged' ? m.profileUnchanged : done === 'logo' ? m.logoSaved : undefined);

  app.get('/admin/instansi', (c) => (c.get('user').role === 'operator' ? deploymentPage(c) : profilePage(c, { notice: profileNotices(messagesOf(c), c.req.query('done')) })));

  app.post('/admin/instansi', async (c) => {
    const user = c.get('user');
    allowOnly(c, 'admin');
    const body = await c.req.parseBody({ all: true });
    let profile;
    try {
      profile = parseProfileForm(body);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const m = messagesOf(c);
      const posted = postedProfile(body);
      const values = { ...posted, embedOrigins: posted.embedOrigins ?? '' };
      if (error instanceof EmbedOriginsError) {
        const message = error.line ? fill(m.originLine, { line: error.line, value: error.value ?? '' }) : fill(m.originsTooMany, { max: MAX_EMBED_ORIGINS });
        return profilePage(c, { values, error: message, invalid: 'embedOrigins', status: 400 });
      }
      return profilePage(c, { values, error: refusal(c.get('at'), m, error.field), status: 400 });
    }
    const changed = await updateProfile(db, user.instansiId!, profile, by(c));
    // the questionnaire's cached lokets carry the zone and the hours (days cut, outside_hours flag)
    if (changed.includes('timeZone') || changed.includes('serviceHours')) loketContexts?.invalidate();
    // the public pages show the name, and the embed card's frame-ancestors come from the origins
    if (changed.length > 0) publicViews?.invalidate();
    return c.redirect(`/admin/instansi?done=${changed.length > 0 ? 'profile' : 'unchanged'}`, 303);
  });

  // ---- the logo ---------------------------------------------------------------------------------

  app.post('/admin/instansi/logo', async (c) => {
    const user = c.get('user');
    allowOnly(c, 'admin');
    const m = messagesOf(c);
    const file = (await c.req.parseBody()).logo;
    if (!(file instanceof File) || file.size === 0) return profilePage(c, { error: m.logoMissing, status: 400 });
    if (file.size > MAX_LOGO_BYTES) return profilePage(c, { error: m.logoTooLarge, status: 413 });
    const bytes = new Uint8Array(await file.arrayBuffer());
    const verdict = judgeLogo(bytes);
    if (!verdict.ok) return profilePage(c, { error: verdict.reason === 'unsafe' ? m.logoUnsafe : m.logoNotImage, status: 400 });
    await storeLogo(db, user.instansiId!, { bytes, type: verdict.type }, by(c));
    publicViews?.invalidate();
    return c.redirect('/admin/instansi?done=logo', 303);
  });

  // only to users of the instansi: another instansi's logo answers 404, as one that does not exist
  async function serveLogo(c: C, slug?: string) {
    const instansiId = c.get('user').instansiId;
    const logo = instansiId ? await readLogo(db, instansiId, slug) : undefined;
    if (!logo) throw new AppError(404, 'not_found', 'no logo');
    if (logo.type === 'image/svg+xml') c.header('Content-Security-Policy', SVG_POLICY);
    c.header('Content-Type', logo.type);
    return c.body(new Uint8Array(logo.bytes));
  }

  app.get('/admin/instansi/logo', (c) => serveLogo(c));
  app.get('/admin/instansi/:instansi/logo', (c) => serveLogo(c, c.req.param('instansi')));

  // ---- the operator: every instansi, and a new one with its first admin ----------------------------

  async function deploymentPage(c: C, opts: { values?: NewInstansiValues; error?: string; status?: 200 | 400 | 409 } = {}) {
    const m = messagesOf(c);
    return sendAdminPage(c, {
      title: m.operatorTitle,
      status: opts.status,
      children: (
        <DeploymentPage
          m={m}
          csrf={c.get('csrf')}
          instansi={await listDeployment(db)}
          values={opts.values ?? { name: '', slug: '', timeZone: 'Asia/Jakarta', adminName: '', adminEmail: '' }}
          error={opts.error}
        />
      ),
    });
  }

  app.post('/admin/instansi/new', async (c) => {
    allowOnly(c, 'operator');
    const m = messagesOf(c);
    const body = await c.req.parseBody();
    try {
      const created = await createInstansiWithAdmin(db, parseNewInstansiForm(body), by(c));
      return sendAdminPage(c, { title: m.createdTitle, children: <CreatedPage m={m} {...created} /> });
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const values = { name: text(body, 'name'), slug: text(body, 'slug'), timeZone: text(body, 'timeZone'), adminName: text(body, 'adminName'), adminEmail: text(body, 'adminEmail') };
      const message = error.status === 409 ? (error.field === 'slug' ? m.slugTaken : m.emailTaken) : refusal(c.get('at'), m, error.field);
      return deploymentPage(c, { values, error: message, status: error.status });
    }
  });

  // ---- population per unit and period ---------------------------------------------------------

  async function populationPage(c: C, unit: ReachedUnit, opts: { values?: { period: string; users: string }; saved?: string; error?: string; status?: 200 | 400 } = {}) {
    const m = messagesOf(c);
    const instansi = await db.selectFrom('instansi').where('id', '=', unit.instansiId).select('time_zone').executeTakeFirstOrThrow();
    const timeZone = instansi.time_zone as TimeZone;
    const rows = await listPopulation(db, unit.id);
    const saved = rows.find((r) => r.period === opts.saved);
    return sendAdminPage(c, {
      title: fill(m.populationTitle, { unit: unit.name }),
      status: opts.status,
      children: (
        <PopulationPage
          lang={c.get('lang')}
          m={m}
          csrf={c.get('csrf')}
          unit={unit}
          timeZone={timeZone}
          rows={rows}
          editable={canWrite(c.get('user'))}
          values={opts.values ?? { period: currentPeriod(timeZone).code, users: '' }}
          notice={saved && fill(m.populationSaved, { period: saved.period, minimum: saved.minimum })}
          error={opts.error}
        />
      ),
    });
  }

  app.get('/admin/units/:unit/population', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    return populationPage(c, unit, { saved: c.req.query('saved') });
  });

  app.post('/admin/units/:unit/population', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'), { write: true });
    const body = await c.req.parseBody();
    let input;
    try {
      input = parsePopulationForm(body);
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      return populationPage(c, unit, { values: { period: text(body, 'period'), users: text(body, 'users') }, error: refusal(c.get('at'), messagesOf(c), error.field), status: 400 });
    }
    await savePopulation(db, unit, input, by(c));
    return c.redirect(`/admin/units/${unit.slug}/population?saved=${encodeURIComponent(input.period)}`, 303);
  });

  return app;
}
