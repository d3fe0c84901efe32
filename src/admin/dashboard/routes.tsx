// The dashboard (issue §4): `/admin/dashboard` is the whole instansi for an admin and for a viewer
// without units, and the list of their units for everyone else; `/admin/dashboard/:unit` is one
// unit in the user's reach. Any period: `?period=2026-Q3|2026-S1|2026` or `?from=…&to=…`,
// by default the current triwulan in the instansi's time zone.
import type { Context } from 'hono';
import { Hono } from 'hono';
import type { TimeZone } from '../../config.ts';
import { dashboardMessages } from '../../i18n/admin-dashboard.ts';
import { reportsMessages } from '../../i18n/admin-reports.ts';
import { fill } from '../../i18n/index.ts';
import { localDate } from '../../results/period.ts';
import { ownInstansi, type ReachedUnit, reachableUnits, unitInReach, unitReach } from '../access.ts';
import { loadPublicationNote, PublicationNoteView } from '../publish/dashboard-note.tsx';
import { INSTANSI_SCOPE } from '../publish/scope.ts';
import type { PublicationScope } from '../../results/publication.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { Notice, sendAdminPage } from '../web/page.tsx';
import { periodName, rangeName } from '../../i18n/format.ts';
import { loadDashboard } from './load.ts';
import { pickablePeriods, readPeriodQuery, type Selection } from './period.ts';
import { RespondentSections, SampleSection, ScoreSection, SliceSection, TrendSection, type View } from './sections.tsx';

type Ctx = Context<AdminEnv>;

/** The period fields of the query, to carry into links (only those given). */
function periodQuery(c: Ctx): string {
  const params = new URLSearchParams();
  for (const name of ['period', 'from', 'to']) {
    const value = c.req.query(name);
    if (value) params.set(name, value);
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function PeriodPicker({ view, today, selection, action }: { view: View; today: string; selection?: Selection; action: string }) {
  const { dm, lang } = view;
  const periods = pickablePeriods(today);
  const chosen = selection?.period;
  if (chosen && !periods.some((p) => p.code === chosen.code)) periods.unshift(chosen);
  const range = selection && !selection.period ? selection.range : undefined;
  return (
    <div class="card filters">
      <form method="get" action={action} class="filters">
        <div>
          <label for="period">{dm.periodLabel}</label>
          <select id="period" name="period">
            {periods.map((p) => (
              <option value={p.code} selected={p.code === chosen?.code}>
                {periodName(p, dm, lang)} ({p.code})
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{dm.show}</button>
      </form>
      <form method="get" action={action} class="filters">
        <fieldset>
          <legend>{dm.rangeLegend}</legend>
          <label for="from">{dm.from}</label>
          <input id="from" name="from" type="date" required value={range?.from ?? ''} />
          <label for="to">{dm.to}</label>
          <input id="to" name="to" type="date" required value={range?.to ?? ''} />
        </fieldset>
        <button type="submit" class="secondary">
          {dm.show}
        </button>
      </form>
    </div>
  );
}

export function dashboardRoutes({ db }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  /** `publication`: the scope whose publication of the chosen period the page mentions, and its key in /admin/publish */
  async function show(c: Ctx, opts: { title: string; subtitle?: string; units: ReachedUnit[]; instansiWide: boolean; timeZone: string; publication: { scope: PublicationScope; key: string } }) {
    const lang = c.get('lang');
    const dm = dashboardMessages(lang);
    const view: View = { lang, dm };
    const today = localDate(new Date(), opts.timeZone as TimeZone);
    const read = readPeriodQuery({ period: c.req.query('period'), from: c.req.query('from'), to: c.req.query('to') }, today, dm);
    if (!read.ok) {
      return sendAdminPage(c, {
        title: opts.title,
        status: 400,
        children: (
          <>
            <Notice kind="error" text={read.message} />
            <PeriodPicker view={view} today={today} action={c.req.path} />
          </>
        ),
      });
    }
    const { selection } = read;
    const data = await loadDashboard(db, opts.units, opts.instansiWide, selection);
    // after the dashboard's read: the drift is measured against the same folded responses
    const note = selection.period && (await loadPublicationNote(db, opts.publication.scope, selection.period.code));
    const label = selection.period ? `${periodName(selection.period, dm, lang)} (${rangeName(selection.range, dm)})` : rangeName(selection.range, dm);
    const respondents = data.respondents.respondents;
    const query = periodQuery(c);
    return sendAdminPage(c, {
      title: opts.title,
      children: (
        <>
          {opts.subtitle && <p class="lead">{opts.subtitle}</p>}
          <p class="lead">{fill(dm.showing, { period: label })}</p>
          {note && selection.period && (
            <PublicationNoteView note={note} lang={lang} zone={opts.timeZone as TimeZone} href={`/admin/publish/${encodeURIComponent(opts.publication.key)}?period=${selection.period.code}`} />
          )}
          <PeriodPicker view={view} today={today} selection={selection} action={c.req.path} />
          {selection.period && (
            <p>
              <a href={`/admin/reports/${encodeURIComponent(opts.publication.key)}?period=${selection.period.code}`}>{fill(reportsMessages(lang).dashboardLink, { period: periodName(selection.period, dm, lang) })}</a>
            </p>
          )}
          {data.cards.length === 0 && <Notice text={dm.noResponses} />}
          <SampleSection view={view} data={data} respondents={respondents} periodLabel={selection.period ? periodName(selection.period, dm, lang) : label} />
          {data.cards.map((scored, i) => (
            <ScoreSection view={view} scored={scored} id={`card-${i}`} />
          ))}
          {data.cards.length > 0 && <p class="muted">{dm.decimals}</p>}
          <TrendSection view={view} trend={data.trend} byRange={!selection.period} />
          {data.perUnit && (
            <SliceSection
              view={view}
              id="per-unit"
              title={dm.perUnit}
              nameHeader={dm.unit}
              columns={data.cards}
              rows={opts.units.map((u) => ({ id: u.id, name: u.name, unitName: u.name, active: u.active, href: `/admin/dashboard/${encodeURIComponent(u.slug)}${query}` }))}
              slices={data.perUnit}
              withUnit={false}
            />
          )}
          <SliceSection view={view} id="per-loket" title={dm.perLoket} nameHeader={dm.loket} columns={data.cards} rows={data.lokets} slices={data.perLoket} blankLabel={dm.noLoket} withUnit={opts.instansiWide} />
          <SliceSection view={view} id="per-layanan" title={dm.perLayanan} nameHeader={dm.layanan} columns={data.cards} rows={data.layanan} slices={data.perLayanan} blankLabel={dm.noLayanan} withUnit={opts.instansiWide} />
          <RespondentSections view={view} data={data} />
        </>
      ),
    });
  }

  app.get('/admin/dashboard', async (c) => {
    const user = c.get('user');
    const dm = dashboardMessages(c.get('lang'));
    const units = await reachableUnits(db, user);
    if (unitReach(user).all) {
      const instansi = await ownInstansi(db, user);
      return show(c, { title: fill(dm.titleOf, { name: instansi.name }), subtitle: fill(dm.instansiWide, { name: instansi.name }), units, instansiWide: true, timeZone: instansi.time_zone, publication: { scope: { instansiId: instansi.id, unitId: null }, key: INSTANSI_SCOPE } });
    }
    const query = periodQuery(c);
    return sendAdminPage(c, {
      title: dm.title,
      children: (
        <section class="card" aria-labelledby="units-h">
          <h2 id="units-h">{dm.yourUnits}</h2>
          {units.length === 0 ? (
            <p class="muted">{dm.noUnits}</p>
          ) : (
            <>
              <p>{dm.yourUnitsIntro}</p>
              <ul class="links">
                {units.map((u) => (
                  <li>
                    <a href={`/admin/dashboard/${encodeURIComponent(u.slug)}${query}`}>{u.name}</a>
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ),
    });
  });

  app.get('/admin/dashboard/:unit', async (c) => {
    const dm = dashboardMessages(c.get('lang'));
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const instansi = await db.selectFrom('instansi').where('id', '=', unit.instansiId).select(['time_zone']).executeTakeFirstOrThrow();
    return show(c, { title: fill(dm.titleOf, { name: unit.name }), units: [unit], instansiWide: false, timeZone: instansi.time_zone, publication: { scope: { instansiId: unit.instansiId, unitId: unit.id }, key: unit.slug } });
  });

  return app;
}
