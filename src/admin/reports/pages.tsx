// The reports pages:
// - /admin/reports: pick a unit in reach (or the instansi as a whole, for those who read all of it)
//   and a period; `?unit=…&period=…` answers 303 with that scope's page;
// - /admin/reports/:unit?period=…: the unit's downloads for the period, and the way to the import;
// - /admin/reports/_instansi?period=…: the rekapitulasi and the quarterly export.
// Without a period a page opens with the last complete triwulan: a report follows its period.
import { type Context, Hono } from 'hono';
import { parseTimeZone, type TimeZone } from '../../config.ts';
import { dashboardMessages } from '../../i18n/admin-dashboard.ts';
import { reportsMessages } from '../../i18n/admin-reports.ts';
import { rangeName } from '../../i18n/format.ts';
import { fill } from '../../i18n/index.ts';
import { localDate, type Period } from '../../results/period.ts';
import { reachableUnits, unitInReach } from '../access.ts';
import { readsWholeInstansi } from '../publish/scope.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { Notice, sendAdminPage } from '../web/page.tsx';
import { defaultReportPeriod, INSTANSI_SCOPE, instansiInReach, periodFromCode, timeZoneOf } from './scope.ts';
import { DownloadList, type DownloadItem, instansiDownloads, periodLabel, Picker, type ScopeOption, unitDownloads, type Words } from './views.tsx';

type Ctx = Context<AdminEnv>;

export function reportPages(deps: AdminDeps) {
  const { db, config } = deps;
  const app = new Hono<AdminEnv>();

  const words = (c: Ctx): Words => ({ rm: reportsMessages(c.get('lang')), dm: dashboardMessages(c.get('lang')), lang: c.get('lang') });

  async function userZone(c: Ctx): Promise<TimeZone> {
    const instansiId = c.get('user').instansiId;
    if (!instansiId) return config.defaultTimeZone;
    return parseTimeZone(await timeZoneOf(db, instansiId)) ?? config.defaultTimeZone;
  }

  /** What the picker offers: the instansi as a whole first (for those who read it all), then the units. */
  async function scopesOf(c: Ctx): Promise<ScopeOption[]> {
    const user = c.get('user');
    const units = await reachableUnits(db, user);
    const scopes = units.map((u) => ({ key: u.slug, name: u.name }));
    if (readsWholeInstansi(user)) {
      const instansi = await instansiInReach(db, user);
      scopes.unshift({ key: INSTANSI_SCOPE, name: fill(words(c).rm.wholeInstansi, { name: instansi.name }) });
    }
    return scopes;
  }

  /** `?period=`: the default when absent; undefined (a 400 page) when not a period. */
  function askedPeriod(c: Ctx, zone: TimeZone): Period | undefined {
    const code = c.req.query('period')?.trim();
    return code ? periodFromCode(code, c.get('lang')) : defaultReportPeriod(zone);
  }

  app.get('/admin/reports', async (c) => {
    const w = words(c);
    const zone = await userZone(c);
    const scopes = await scopesOf(c);
    const key = c.req.query('unit');
    const period = askedPeriod(c, zone);
    if (key !== undefined && period && scopes.some((s) => s.key === key)) {
      return c.redirect(`/admin/reports/${encodeURIComponent(key)}?period=${period.code}`, 303);
    }
    const error = !period ? w.dm.badPeriod : key !== undefined ? w.rm.errPickUnit : undefined;
    const shown = period ?? defaultReportPeriod(zone);
    return sendAdminPage(c, {
      title: w.rm.title,
      status: error ? 400 : 200,
      children: (
        <>
          <p>{w.rm.intro}</p>
          <Notice kind="error" text={error} />
          {scopes.length === 0 ? (
            <p class="muted">{w.rm.noUnits}</p>
          ) : (
            <>
              <Picker w={w} heading={w.rm.pickHeading} scopes={scopes} today={localDate(new Date(), zone)} chosen={shown} selectedKey={key} />
              <section class="card" aria-labelledby="scopes-h">
                <h2 id="scopes-h">{fill(w.rm.scopesHeading, { period: periodLabel(w, shown) })}</h2>
                <ul class="links">
                  {scopes.map((s) => (
                    <li>
                      <a href={`/admin/reports/${encodeURIComponent(s.key)}?period=${shown.code}`}>{s.name}</a>
                    </li>
                  ))}
                </ul>
              </section>
            </>
          )}
        </>
      ),
    });
  });

  async function scopePage(c: Ctx, scope: { key: string; name: string; zone: TimeZone; items: (period: Period) => DownloadItem[]; perRespondent: boolean }) {
    const w = words(c);
    const period = askedPeriod(c, scope.zone);
    const chosen = period ?? defaultReportPeriod(scope.zone);
    const label = periodLabel(w, chosen);
    return sendAdminPage(c, {
      title: fill(w.rm.unitTitle, { name: scope.name }),
      status: period ? 200 : 400,
      children: (
        <>
          <p>
            <a href={`/admin/reports?period=${chosen.code}`}>{w.rm.back}</a>
          </p>
          <Notice kind="error" text={period ? undefined : w.dm.badPeriod} />
          {period && <p class="lead">{fill(w.rm.showing, { period: label, range: rangeName(period, w.dm) })}</p>}
          {period && (
            <section class="card" aria-labelledby="downloads-h">
              <h2 id="downloads-h">{fill(w.rm.downloadsHeading, { period: label })}</h2>
              <DownloadList items={scope.items(period)} />
              {scope.perRespondent && <p class="muted">{w.rm.auditNote}</p>}
            </section>
          )}
          <Picker w={w} heading={w.rm.otherPeriod} scopes={await scopesOf(c)} today={localDate(new Date(), scope.zone)} chosen={chosen} selectedKey={scope.key} />
        </>
      ),
    });
  }

  app.get(`/admin/reports/${INSTANSI_SCOPE}`, async (c) => {
    const instansi = await instansiInReach(db, c.get('user'));
    const w = words(c);
    return scopePage(c, {
      key: INSTANSI_SCOPE,
      name: fill(w.rm.wholeInstansi, { name: instansi.name }),
      zone: instansi.timeZone,
      items: (period) => instansiDownloads(w, INSTANSI_SCOPE, period),
      perRespondent: false,
    });
  });

  app.get('/admin/reports/:unit', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const w = words(c);
    return scopePage(c, {
      key: unit.slug,
      name: unit.name,
      zone: await timeZoneOf(db, unit.instansiId),
      items: (period) => unitDownloads(w, unit.slug, period),
      perRespondent: true,
    });
  });

  return app;
}
