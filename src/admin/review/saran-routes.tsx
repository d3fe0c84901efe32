// The saran: per unit and period, masked in every view; categorized (keluhan / saran / apresiasi)
// and marked as followed up by admins and unit admins. Only an admin may see one unmasked, and
// every time that happens is audited.
import { type Context, Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type AdminReviewMessages, adminReviewMessages } from '../../i18n/admin-review.ts';
import { fill } from '../../i18n/index.ts';
import { maskPersonalData } from '../../reports/mask.ts';
import { canWrite, reachableUnits, requireRole } from '../access.ts';
import { audit } from '../audit.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { readForm, textOf } from '../web/form.ts';
import { type Condition, pageOfResponses, responseInReach } from './queries.ts';
import { optional, parseFilters, resolveScope, returnTo, scopeFilters } from './scope.ts';
import { Choice, ExclusionState, localTime, Pager, PeriodFields, preview } from './views.tsx';

const LIST = '/admin/saran';
const SARAN_PREVIEW = 400;
const CATEGORIES = ['keluhan', 'saran', 'apresiasi'] as const;
type Category = (typeof CATEGORIES)[number];

const listFilters = {
  ...scopeFilters,
  category: optional(z.enum([...CATEGORIES, 'none'])),
  followed: optional(z.enum(['yes', 'no'])),
};

const categoryName = (r: AdminReviewMessages, category: Category | null) => r[`category_${category ?? 'none'}`];

/** The response's saran when it has one and its unit is in reach (404 otherwise). */
async function saranInReach(db: AdminDeps['db'], c: Context<AdminEnv>) {
  const units = await reachableUnits(db, c.get('user'));
  const row = await responseInReach(db, units, c.req.param('id') ?? '');
  if (row.saran === null) throw new AppError(404, 'not_found', 'this response has no saran');
  return { ...row, saran: row.saran };
}

/** The category and follow-up form of one saran. */
function SaranForm({ r, csrf, id, category, followed, back, compact }: { r: AdminReviewMessages; csrf: string; id: string; category: Category | null; followed: boolean; back: string; compact?: boolean }) {
  return (
    <form method="post" action={`${LIST}/${id}`} class={compact ? 'saranform' : 'card narrow saranform'}>
      <CsrfField token={csrf} />
      <input type="hidden" name="back" value={back} />
      <label for={`category-${id}`} class={compact ? 'sr-only' : undefined}>
        {r.colCategory}
      </label>
      <select id={`category-${id}`} name="category">
        <option value="">{r.category_none}</option>
        {CATEGORIES.map((cat) => (
          <option value={cat} selected={cat === category}>
            {categoryName(r, cat)}
          </option>
        ))}
      </select>
      <label for={`followed-${id}`} class={compact ? 'sr-only' : undefined}>
        {r.colFollowed}
      </label>
      <select id={`followed-${id}`} name="followed_up">
        <option value="no" selected={!followed}>
          {r.followedNo}
        </option>
        <option value="yes" selected={followed}>
          {r.followedYes}
        </option>
      </select>
      <button type="submit" class="secondary">
        {r.save}
      </button>
    </form>
  );
}

function FollowedState({ r, at, zone }: { r: AdminReviewMessages; at: Date | null; zone: Parameters<typeof localTime>[1] }) {
  return at === null ? <span class="badge warn">{r.followedNo}</span> : <span class="badge ok">{fill(r.followedOn, { time: localTime(at, zone) })}</span>;
}

export function saranRoutes({ db, config }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  app.get(LIST, async (c) => {
    const lang = c.get('lang');
    const r = adminReviewMessages(lang);
    const user = c.get('user');
    const f = parseFilters(listFilters, c.req.query(), r);
    const scope = await resolveScope(db, user, f, config.defaultTimeZone);
    const conditions: Condition[] = [];
    const { category, followed } = f;
    if (category) conditions.push((eb) => (category === 'none' ? eb('r.saran_category', 'is', null) : eb('r.saran_category', '=', category)));
    if (followed) conditions.push((eb) => eb('r.saran_followed_up_at', followed === 'yes' ? 'is not' : 'is', null));
    const page = await pageOfResponses(db, { units: scope.units, from: scope.from, to: scope.to, conditions, after: f.after, withSaran: true });
    const writable = canWrite(user);
    const query = new URL(c.req.url).searchParams;
    for (const key of ['lang', 'done']) query.delete(key);
    const here = query.size > 0 ? `${LIST}?${query}` : LIST;
    const manyUnits = scope.units.length > 1;
    return sendAdminPage(c, {
      title: r.saranTitle,
      children: (
        <>
          <Notice text={c.req.query('done') === 'saved' ? r.saranSaved : undefined} />
          <form method="get" action={LIST} class="card">
            <fieldset class="filters">
              <legend>{r.filtersLegend}</legend>
              <Choice id="unit" label={r.filterUnit} all={r.allUnits} value={scope.unit?.slug} options={scope.reach.map((u) => [u.slug, u.name] as const)} />
              <PeriodFields r={r} period={scope.period} from={scope.from} to={scope.to} custom={scope.period === undefined} />
              <Choice
                id="category"
                label={r.filterCategory}
                all={r.allCategories}
                value={f.category}
                options={[...CATEGORIES.map((cat) => [cat, categoryName(r, cat)] as const), ['none', r.category_none] as const]}
              />
              <Choice
                id="followed"
                label={r.filterFollowed}
                all={r.followedAny}
                value={f.followed}
                options={[
                  ['no', r.followedNo],
                  ['yes', r.followedYes],
                ]}
              />
              <div>
                <button type="submit">{r.applyFilters}</button>
              </div>
            </fieldset>
          </form>
          {scope.reach.length === 0 ? (
            <p class="muted">{r.noUnits}</p>
          ) : (
            <>
              <p>
                {fill(r.shownRange, { from: scope.from, to: scope.to })} {r.maskedNote}
              </p>
              {page.rows.length === 0 ? (
                <p class="muted">{r.noSaran}</p>
              ) : (
                <div class="tablewrap" tabindex={0}>
                  <table class="data review">
                    <thead>
                      <tr>
                        <th scope="col">{r.colTime}</th>
                        {manyUnits && <th scope="col">{r.colUnit}</th>}
                        <th scope="col">{r.colLoket}</th>
                        <th scope="col">{r.colSaran}</th>
                        <th scope="col">{r.colCategory}</th>
                        <th scope="col">{r.colFollowed}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {page.rows.map((row) => (
                        <tr>
                          <th scope="row">
                            <a href={`${LIST}/${row.id}`}>{localTime(row.submitted_at, row.time_zone)}</a>
                          </th>
                          {manyUnits && <td>{row.unit_name}</td>}
                          <td>{[row.loket_name, row.layanan_name].filter(Boolean).join(' · ') || r.none}</td>
                          <td class="saran">
                            {preview(maskPersonalData(row.saran ?? ''), SARAN_PREVIEW)}
                            {row.excluded_at !== null && (
                              <>
                                {' '}
                                <span class="badge bad">{r.excluded}</span>
                              </>
                            )}
                          </td>
                          <td>
                            {writable ? (
                              <SaranForm r={r} csrf={c.get('csrf')} id={row.id} category={row.saran_category} followed={row.saran_followed_up_at !== null} back={here} compact />
                            ) : (
                              categoryName(r, row.saran_category)
                            )}
                          </td>
                          <td>
                            <FollowedState r={r} at={row.saran_followed_up_at} zone={row.time_zone} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <Pager r={r} path={LIST} query={query} next={page.next} />
            </>
          )}
        </>
      ),
    });
  });

  app.get(`${LIST}/:id`, async (c) => {
    const r = adminReviewMessages(c.get('lang'));
    const user = c.get('user');
    const row = await saranInReach(db, c);
    const reveal = c.req.query('reveal') === '1';
    if (reveal) {
      requireRole(user, 'admin');
      await audit(db, { instansiId: user.instansiId, userId: user.id, action: 'saran.reveal', targetType: 'response', targetId: row.id, address: c.get('address') });
    }
    const isAdmin = user.role === 'admin';
    return sendAdminPage(c, {
      title: `${r.saranDetailTitle} ${localTime(row.submitted_at, row.time_zone)}`,
      children: (
        <>
          <p>
            <a href={LIST}>{r.backToList}</a>
          </p>
          <Notice text={c.req.query('done') === 'saved' ? r.saranSaved : undefined} />
          <section class="card">
            <dl class="facts">
              <dt>{r.colUnit}</dt>
              <dd>{row.unit_name}</dd>
              <dt>{r.colLoket}</dt>
              <dd>{row.loket_name ?? r.none}</dd>
              <dt>{r.colLayanan}</dt>
              <dd>{row.layanan_name ?? r.none}</dd>
              <dt>{r.colCategory}</dt>
              <dd>{categoryName(r, row.saran_category)}</dd>
              <dt>{r.colFollowed}</dt>
              <dd>
                <FollowedState r={r} at={row.saran_followed_up_at} zone={row.time_zone} />
              </dd>
              <dt>{r.colStatus}</dt>
              <dd>
                <ExclusionState r={r} row={row} />
              </dd>
            </dl>
            <blockquote class="saran">{reveal ? row.saran : maskPersonalData(row.saran)}</blockquote>
            {reveal ? (
              <p class="muted">
                {r.revealedNote} <a href={`${LIST}/${row.id}`}>{r.maskAgain}</a>
              </p>
            ) : (
              <p class="muted">
                {r.maskedNote}{' '}
                {isAdmin && (
                  <>
                    <a href={`${LIST}/${row.id}?reveal=1`}>{r.reveal}</a> ({r.revealNote})
                  </>
                )}
              </p>
            )}
            <p>
              <a href={`/admin/responses/${row.id}`}>{r.openResponse}</a>
            </p>
          </section>
          {canWrite(user) && <SaranForm r={r} csrf={c.get('csrf')} id={row.id} category={row.saran_category} followed={row.saran_followed_up_at !== null} back={`${LIST}/${row.id}`} />}
        </>
      ),
    });
  });

  app.post(`${LIST}/:id`, async (c) => {
    const r = adminReviewMessages(c.get('lang'));
    const user = c.get('user');
    const row = await saranInReach(db, c);
    if (!canWrite(user)) throw new AppError(403, 'forbidden', c.get('at').readOnly);
    const body = await readForm(c);
    let category: Category | null | undefined;
    let followed: boolean | undefined;
    if ('category' in body) {
      const value = textOf(body, 'category');
      if (value !== '' && !(CATEGORIES as readonly string[]).includes(value)) throw new AppError(400, 'invalid', r.categoryInvalid);
      category = value === '' ? null : (value as Category);
    }
    if ('followed_up' in body) {
      const value = textOf(body, 'followed_up');
      if (value !== 'yes' && value !== 'no') throw new AppError(400, 'invalid', r.followedInvalid);
      followed = value === 'yes';
    }
    if (category === undefined && followed === undefined) throw new AppError(400, 'invalid', r.nothingToSave);
    await db.transaction().execute(async (tx) => {
      await tx
        .updateTable('response')
        .set({
          ...(category !== undefined && { saran_category: category }),
          // marking again keeps the moment it was first followed up
          ...(followed !== undefined && { saran_followed_up_at: followed ? sql<Date>`coalesce(saran_followed_up_at, now())` : null }),
        })
        .where('id', '=', row.id)
        .execute();
      await audit(tx, {
        instansiId: user.instansiId,
        userId: user.id,
        action: 'saran.update',
        targetType: 'response',
        targetId: row.id,
        detail: { ...(category !== undefined && { category }), ...(followed !== undefined && { followedUp: followed }) },
        address: c.get('address'),
      });
    });
    return c.redirect(returnTo(textOf(body, 'back'), LIST, { done: 'saved' }), 303);
  });

  return app;
}
