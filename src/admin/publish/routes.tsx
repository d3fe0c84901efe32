// The Tim Survei's publication workspace (issue 5 §1, §3):
// - /admin/publish: every unit in reach (and the instansi as a whole, `_instansi`, for those who
//   read all of it) with the revision the public sees;
// - /admin/publish/:unit: the periods with live numbers, the chosen period's publication, drift,
//   publish / republish / unpublish, its revisions, and the snippets for the unit's website;
// - POST /admin/publish/:unit and /admin/publish/:unit/unpublish (field `period`): admins and
//   unit admins of the unit; the instansi as a whole only its admins. Refusals come back on the
//   page with their status; success redirects (post/redirect/get) with `?done=`.
import { type Context, Hono } from 'hono';
import { parseTimeZone, type TimeZone } from '../../config.ts';
import { AppError } from '../../http/errors.ts';
import { dashboardMessages } from '../../i18n/admin-dashboard.ts';
import { publishMessages } from '../../i18n/admin-publish.ts';
import { fill } from '../../i18n/index.ts';
import { localDate, type Period, parsePeriod, periodBefore, periodOf } from '../../results/period.ts';
import { compareSnapshots, liveSnapshot, publish, unpublish } from '../../results/publication.ts';
import { canWrite, reachableUnits } from '../access.ts';
import { pickablePeriods } from '../dashboard/period.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { readForm, textOf } from '../web/form.ts';
import { Notice, sendAdminPage } from '../web/page.tsx';
import { byRecency, latestPublic, publicRevision, type Revision, scopeRevisions, snippetFacts } from './queries.ts';
import { INSTANSI_SCOPE, type PublishScope, readsWholeInstansi, scopeOf } from './scope.ts';
import { InstansiLinks, UnitSnippets } from './snippets-view.tsx';
import { PeriodDetail, periodLabel, type PeriodRow, PeriodTable, ScopeTable, type ScopeRow, type Words } from './views.tsx';

type Ctx = Context<AdminEnv>;

/** Why an action was refused, from the code `publish`/`unpublish` answered. */
type Failure = 'bad_period' | 'unchanged' | 'nothing_to_publish' | 'not_published';
const FAILURES = new Set<string>(['bad_period', 'unchanged', 'nothing_to_publish', 'not_published']);

const KIND_ORDER = { triwulan: 0, semester: 1, tahun: 2 };

/** The picker's periods and every period ever published, triwulan first, newest first within a kind. */
function selectablePeriods(today: string, revisions: readonly Revision[], chosen?: Period): Period[] {
  const periods = new Map(pickablePeriods(today).map((p) => [p.code, p]));
  for (const r of revisions) {
    const p = parsePeriod(r.period);
    if (p) periods.set(p.code, p);
  }
  if (chosen) periods.set(chosen.code, chosen);
  return [...periods.values()].sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.code.localeCompare(a.code));
}

export function publishAdminRoutes(deps: AdminDeps) {
  const { db, config } = deps;
  const app = new Hono<AdminEnv>();

  const words = (c: Ctx, zone: TimeZone): Words => ({ pm: publishMessages(c.get('lang')), dm: dashboardMessages(c.get('lang')), lang: c.get('lang'), zone });

  async function zoneOf(instansiId: string | null): Promise<TimeZone> {
    if (!instansiId) return config.defaultTimeZone;
    const row = await db.selectFrom('instansi').where('id', '=', instansiId).select('time_zone').executeTakeFirst();
    return (row && parseTimeZone(row.time_zone)) || config.defaultTimeZone;
  }

  // ---- every scope --------------------------------------------------------------------------------

  app.get('/admin/publish', async (c) => {
    const user = c.get('user');
    const units = await reachableUnits(db, user);
    const w = words(c, await zoneOf(user.instansiId));
    // an operator may be granted units of several instansi
    const instansiIds = new Set(units.map((u) => u.instansiId));
    if (user.instansiId) instansiIds.add(user.instansiId);
    const marks = await Promise.all([...instansiIds].map((id) => latestPublic(db, id)));
    const latestOf = (unitId: string | null) => marks.map((m) => m.get(unitId)).find((m) => m !== undefined);
    const rows: ScopeRow[] = units.map((u) => ({ key: u.slug, name: u.name, inactive: !u.active, latest: latestOf(u.id) }));
    if (readsWholeInstansi(user)) {
      const instansi = await db.selectFrom('instansi').where('id', '=', user.instansiId!).select('name').executeTakeFirstOrThrow();
      rows.unshift({ key: INSTANSI_SCOPE, name: fill(w.pm.wholeInstansi, { name: instansi.name }), inactive: false, latest: marks.map((m) => m.get(null)).find((m) => m !== undefined) });
    }
    const label = (code: string) => {
      const period = parsePeriod(code);
      return period ? periodLabel(w, period) : code;
    };
    return sendAdminPage(c, {
      title: w.pm.title,
      children: (
        <>
          <p>{w.pm.intro}</p>
          {rows.length === 0 ? <p class="muted">{w.pm.noUnits}</p> : <ScopeTable w={w} rows={rows} markPeriod={label} />}
        </>
      ),
    });
  });

  // ---- one scope ----------------------------------------------------------------------------------

  interface PageState {
    period?: Period;
    failure?: Failure;
    status?: 200 | 400 | 404 | 409 | 422;
  }

  async function scopePage(c: Ctx, scope: PublishScope, state: PageState = {}) {
    const w = words(c, scope.instansi.timeZone);
    const { pm } = w;
    const today = localDate(new Date(), scope.instansi.timeZone);
    const revisions = await scopeRevisions(db, scope);
    const visible = revisions.filter((r) => !r.unpublishedAt).sort(byRecency);
    const chosen = state.period ?? parsePeriod(visible[0]?.period ?? '') ?? periodBefore(periodOf(today, 'triwulan'));
    const rows: PeriodRow[] = [];
    // one period after the other: each read folds pending answers in transactions of its own
    for (const period of selectablePeriods(today, revisions, chosen)) {
      const live = await liveSnapshot(db, scope, period);
      const own = revisions.filter((r) => r.period === period.code);
      const current = publicRevision(own, period.code);
      rows.push({ period, notOver: period.to >= today, live, revisions: own, current, drift: current ? compareSnapshots(current.snapshot, live) : [] });
    }
    const row = rows.find((r) => r.period.code === chosen.code)!;
    const label = periodLabel(w, chosen);
    const done = c.req.query('done');
    const notice =
      done === 'published' && row.current ? fill(pm.donePublished, { revision: row.current.revision, period: label }) : done === 'unpublished' ? fill(pm.doneUnpublished, { period: label }) : undefined;
    const error = state.failure && {
      bad_period: pm.errBadPeriod,
      unchanged: fill(pm.errUnchanged, { revision: row.current?.revision ?? '', period: label }),
      nothing_to_publish: fill(pm.errNothing, { period: label }),
      not_published: fill(pm.errNotPublished, { period: label }),
    }[state.failure];
    const name = scope.unit ? scope.unit.name : fill(pm.wholeInstansi, { name: scope.instansi.name });
    const latest = visible[0];
    return sendAdminPage(c, {
      title: fill(pm.unitTitle, { name }),
      status: state.status,
      children: (
        <>
          <p>
            <a href="/admin/publish">{pm.back}</a>
          </p>
          <Notice text={notice} />
          <Notice text={error} kind="error" />
          <section class="card" aria-labelledby="periods-h">
            <h2 id="periods-h">{pm.periodsHeading}</h2>
            <p class="hint">{pm.periodsIntro}</p>
            <PeriodTable w={w} rows={rows} scopeKey={scope.key} selected={chosen.code} />
          </section>
          <PeriodDetail w={w} row={row} scopeKey={scope.key} csrf={c.get('csrf')} editable={canWrite(c.get('user'))} />
          {scope.unit ? (
            <UnitSnippets
              w={w}
              target={{ base: config.publicBaseUrl, instansi: scope.instansi.slug, unit: scope.unit.slug, unitName: scope.unit.name }}
              facts={await snippetFacts(db, scope.unit.id)}
              latest={latest}
              unitKey={scope.key}
            />
          ) : (
            <InstansiLinks w={w} base={config.publicBaseUrl} instansi={scope.instansi.slug} />
          )}
        </>
      ),
    });
  }

  app.get('/admin/publish/:unit', async (c) => {
    const scope = await scopeOf(db, c.get('user'), c.req.param('unit'));
    const asked = c.req.query('period');
    if (asked === undefined || asked.trim() === '') return scopePage(c, scope);
    const period = parsePeriod(asked.trim());
    return period ? scopePage(c, scope, { period }) : scopePage(c, scope, { failure: 'bad_period', status: 400 });
  });

  async function act(c: Ctx, action: 'publish' | 'unpublish') {
    const user = c.get('user');
    const scope = await scopeOf(db, user, c.req.param('unit')!, { write: true });
    const period = parsePeriod(textOf(await readForm(c), 'period').trim());
    if (!period) return scopePage(c, scope, { failure: 'bad_period', status: 400 });
    const input = { instansiId: scope.instansiId, unitId: scope.unitId, period: period.code, userId: user.id, address: c.get('address') };
    try {
      await (action === 'publish' ? publish(db, input) : unpublish(db, input));
    } catch (error) {
      if (!(error instanceof AppError) || !FAILURES.has(error.code)) throw error;
      return scopePage(c, scope, { period, failure: error.code as Failure, status: error.status as PageState['status'] });
    }
    // the public pages, embeds, badges and images read a cached view
    deps.publicViews?.invalidate();
    return c.redirect(`/admin/publish/${encodeURIComponent(scope.key)}?period=${period.code}&done=${action === 'publish' ? 'published' : 'unpublished'}`, 303);
  }

  app.post('/admin/publish/:unit', (c) => act(c, 'publish'));
  app.post('/admin/publish/:unit/unpublish', (c) => act(c, 'unpublish'));

  return app;
}
