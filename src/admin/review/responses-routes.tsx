// Reviewing responses: the filtered list, one response in full, and excluding or restoring them
// (single and bulk) with a reason. Nothing is deleted; the tallies move with every change
// (results/exclusion.ts), so every ScoreCard follows.
import { type Context, Hono } from 'hono';
import { sql } from 'kysely';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type AdminReviewMessages, adminReviewMessages } from '../../i18n/admin-review.ts';
import { fill } from '../../i18n/index.ts';
import type { Instrument } from '../../instruments/schema.ts';
import { maskPersonalData } from '../../reports/mask.ts';
import { changeExclusion } from '../../results/exclusion.ts';
import { canWrite, reachableUnits } from '../access.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { idsOf, MAX_REASON, reasonOf } from './form.ts';
import { readForm, textOf } from '../web/form.ts';
import { answeredVersions, assertInReach, type Condition, filterChoices, filterTarget, pageOfResponses, responseInReach } from './queries.ts';
import { optional, parseFilters, resolveScope, returnTo, scopeFilters, UUID } from './scope.ts';
import { AnswersSummary, CHANNELS, channelName, Choice, ExclusionState, Flags, FLAGS, instrumentName, localTime, Pager, PeriodFields, preview, ProfileLine, ProfileList, TRUSTS, trustName } from './views.tsx';

const LIST = '/admin/responses';
/** Saran are shown in full on their own page; the list shows the start. */
const SARAN_PREVIEW = 160;

const listFilters = {
  ...scopeFilters,
  loket: optional(z.string().regex(UUID)),
  layanan: optional(z.string().regex(UUID)),
  flag: optional(z.enum(FLAGS as [string, ...string[]])),
  channel: optional(z.enum(['qr', 'kiosk', 'invitation', 'paper'])),
  trust: optional(z.enum(['open', 'presence', 'invited'])),
  excluded: optional(z.enum(['yes', 'no'])),
};

export function responseRoutes({ db, config }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  app.get(LIST, async (c) => {
    const lang = c.get('lang');
    const r = adminReviewMessages(lang);
    const user = c.get('user');
    const f = parseFilters(listFilters, c.req.query(), r);
    const scope = await resolveScope(db, user, f, config.defaultTimeZone);
    const conditions: Condition[] = [];
    if (f.loket) {
      const loket = await filterTarget(db, 'loket', f.loket, scope.units);
      conditions.push((eb) => eb('r.loket_id', '=', loket.id));
    }
    if (f.layanan) {
      const layanan = await filterTarget(db, 'layanan', f.layanan, scope.units);
      conditions.push((eb) => eb('r.layanan_id', '=', layanan.id));
    }
    const { flag, channel, trust, excluded } = f;
    if (flag) conditions.push((eb) => eb('r.flags', '@>', sql<string[]>`array[${flag}]::text[]`));
    if (channel) conditions.push((eb) => eb('r.channel', '=', channel));
    if (trust) conditions.push((eb) => eb('r.trust', '=', trust));
    if (excluded) conditions.push((eb) => eb('r.excluded_at', excluded === 'yes' ? 'is not' : 'is', null));
    const [page, choices] = await Promise.all([pageOfResponses(db, { units: scope.units, from: scope.from, to: scope.to, conditions, after: f.after }), filterChoices(db, scope.units)]);
    const names = await answeredVersions(
      db,
      page.rows.flatMap((row) => Object.keys(row.answers)),
    );
    const writable = canWrite(user);
    const query = new URL(c.req.url).searchParams;
    for (const key of ['lang', 'done', 'changed', 'unchanged']) query.delete(key);
    const here = query.size > 0 ? `${LIST}?${query}` : LIST;
    const manyUnits = scope.units.length > 1;
    const done = c.req.query('done') === 'bulk' ? fill(r.bulkDone, { changed: Number(c.req.query('changed')) || 0, unchanged: Number(c.req.query('unchanged')) || 0 }) : undefined;

    const table = (
      <div class="tablewrap" tabindex={0}>
        <table class="data review">
          <thead>
            <tr>
              {writable && <th scope="col">{r.colSelect}</th>}
              <th scope="col">{r.colTime}</th>
              {manyUnits && <th scope="col">{r.colUnit}</th>}
              <th scope="col">{r.colLoket}</th>
              <th scope="col">{r.colLayanan}</th>
              <th scope="col">{r.colChannel}</th>
              <th scope="col">{r.colTrust}</th>
              <th scope="col">{r.colFlags}</th>
              <th scope="col">{r.colProfile}</th>
              <th scope="col">{r.colAnswers}</th>
              <th scope="col">{r.colSaran}</th>
              <th scope="col">{r.colStatus}</th>
            </tr>
          </thead>
          <tbody>
            {page.rows.map((row) => {
              const time = localTime(row.submitted_at, row.time_zone);
              return (
                <tr>
                  {writable && (
                    <td>
                      <input type="checkbox" name="ids" value={row.id} id={`pick-${row.id}`} />
                      <label for={`pick-${row.id}`} class="sr-only">
                        {fill(r.selectResponse, { time })}
                      </label>
                    </td>
                  )}
                  <th scope="row">
                    <a href={`${LIST}/${row.id}`}>{time}</a>
                  </th>
                  {manyUnits && <td>{row.unit_name}</td>}
                  <td>{row.loket_name ?? r.none}</td>
                  <td>{row.layanan_name ?? r.none}</td>
                  <td>{channelName(r, row.channel)}</td>
                  <td>{trustName(r, row.trust)}</td>
                  <td>
                    <Flags r={r} lang={lang} flags={row.flags} cooldownMinutes={row.cooldown_minutes} />
                  </td>
                  <td>
                    <ProfileLine r={r} lang={lang} profile={row} />
                  </td>
                  <td>
                    <AnswersSummary r={r} lang={lang} answers={row.answers} names={names} />
                  </td>
                  <td class="saran">{row.saran === null ? <span class="muted">{r.none}</span> : preview(maskPersonalData(row.saran), SARAN_PREVIEW)}</td>
                  <td>
                    <ExclusionState r={r} row={row} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    );

    return sendAdminPage(c, {
      title: r.responsesTitle,
      children: (
        <>
          <Notice text={done} />
          <form method="get" action={LIST} class="card">
            <fieldset class="filters">
              <legend>{r.filtersLegend}</legend>
              <Choice id="unit" label={r.filterUnit} all={r.allUnits} value={scope.unit?.slug} options={scope.reach.map((u) => [u.slug, u.name] as const)} />
              <PeriodFields r={r} period={scope.period} from={scope.from} to={scope.to} custom={scope.period === undefined} />
              <Choice id="loket" label={r.filterLoket} all={r.allLokets} value={f.loket} options={choices.lokets.map((k) => [k.id, manyUnits ? `${k.unit_name} · ${k.name}` : k.name] as const)} />
              <Choice id="layanan" label={r.filterLayanan} all={r.allLayanan} value={f.layanan} options={choices.layanan.map((l) => [l.id, manyUnits ? `${l.unit_name} · ${l.name}` : l.name] as const)} />
              <Choice id="flag" label={r.filterFlag} all={r.allFlags} value={f.flag} options={FLAGS.map((flag) => [flag, r[`flag_${flag}`]] as const)} />
              <Choice id="channel" label={r.filterChannel} all={r.allChannels} value={f.channel} options={CHANNELS.map((ch) => [ch, channelName(r, ch)] as const)} />
              <Choice id="trust" label={r.filterTrust} all={r.allTrust} value={f.trust} options={TRUSTS.map((t) => [t, trustName(r, t)] as const)} />
              <Choice
                id="excluded"
                label={r.filterExcluded}
                all={r.statusAny}
                value={f.excluded}
                options={[
                  ['no', r.counted],
                  ['yes', r.excluded],
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
              <p>{fill(r.shownRange, { from: scope.from, to: scope.to })}</p>
              {page.rows.length === 0 ? (
                <p class="muted">{r.noResponses}</p>
              ) : writable ? (
                <form method="post" action={`${LIST}/bulk`}>
                  <CsrfField token={c.get('csrf')} />
                  <input type="hidden" name="back" value={here} />
                  {table}
                  <BulkFields r={r} />
                </form>
              ) : (
                table
              )}
              <Pager r={r} path={LIST} query={query} next={page.next} />
            </>
          )}
        </>
      ),
    });
  });

  app.post(`${LIST}/bulk`, async (c) => {
    const r = adminReviewMessages(c.get('lang'));
    const user = c.get('user');
    const body = await readForm(c);
    const ids = idsOf(body, r);
    const units = await reachableUnits(db, user);
    if (!canWrite(user)) {
      // a foreign id is "not found" for everyone; only then does a read-only user learn it may not write
      await assertInReach(db, units, ids);
      throw new AppError(403, 'forbidden', c.get('at').readOnly);
    }
    const action = textOf(body, 'action');
    if (action !== 'exclude' && action !== 'restore') throw new AppError(400, 'invalid', r.actionInvalid);
    const reason = reasonOf(body, r);
    const request = { ids, unitIds: units.map((u) => u.id), reason, userId: user.id, address: c.get('address') };
    const result = await changeExclusion(db, action, request);
    return c.redirect(returnTo(textOf(body, 'back'), LIST, { done: 'bulk', changed: String(result.changed.length), unchanged: String(result.unchanged.length) }), 303);
  });

  app.get(`${LIST}/:id`, async (c) => {
    const units = await reachableUnits(db, c.get('user'));
    const row = await responseInReach(db, units, c.req.param('id'));
    const r = adminReviewMessages(c.get('lang'));
    const done = c.req.query('done');
    return detailPage(c, row, { notice: done === 'excluded' ? r.excludedDone : done === 'restored' ? r.restoredDone : undefined });
  });

  for (const action of ['exclude', 'restore'] as const) {
    app.post(`${LIST}/:id/${action}`, async (c) => {
      const r = adminReviewMessages(c.get('lang'));
      const user = c.get('user');
      const units = await reachableUnits(db, user);
      const row = await responseInReach(db, units, c.req.param('id'));
      if (!canWrite(user)) throw new AppError(403, 'forbidden', c.get('at').readOnly);
      const body = await readForm(c);
      let reason: string;
      try {
        reason = reasonOf(body, r);
      } catch (error) {
        if (error instanceof AppError) return detailPage(c, row, { error: error.message }, 400);
        throw error;
      }
      const request = { ids: [row.id], unitIds: units.map((u) => u.id), reason, userId: user.id, address: c.get('address') };
      await changeExclusion(db, action, request);
      return c.redirect(`${LIST}/${row.id}?done=${action === 'exclude' ? 'excluded' : 'restored'}`, 303);
    });
  }

  async function detailPage(c: Context<AdminEnv>, row: Awaited<ReturnType<typeof responseInReach>>, opts: { notice?: string; error?: string }, status: 200 | 400 = 200) {
    const lang = c.get('lang');
    const r = adminReviewMessages(lang);
    const versions = await answeredVersions(db, Object.keys(row.answers));
    const writable = canWrite(c.get('user'));
    const excluded = row.excluded_at !== null;
    const facts: [string, unknown][] = [
      [r.submittedAt, localTime(row.submitted_at, row.time_zone)],
      [r.colUnit, row.unit_name],
      [r.colLoket, row.loket_name ?? r.none],
      [r.colLayanan, row.layanan_name ?? r.none],
      [r.colChannel, channelName(r, row.channel)],
      [r.colTrust, trustName(r, row.trust)],
      ...(row.served_at ? ([[r.servedAt, localTime(row.served_at, row.time_zone)]] as [string, unknown][]) : []),
      ...(row.import_batch ? ([[r.importBatch, row.import_batch]] as [string, unknown][]) : []),
      [
        r.colStatus,
        <>
          <ExclusionState r={r} row={row} />
          {row.tallied_at === null && <span class="muted"> · {r.notFolded}</span>}
        </>,
      ],
    ];
    return sendAdminPage(c, {
      title: `${r.responseTitle} ${localTime(row.submitted_at, row.time_zone)}`,
      status,
      children: (
        <>
          <p>
            <a href={LIST}>{r.backToList}</a>
          </p>
          <Notice text={opts.notice} />
          <Notice text={opts.error} kind="error" />
          <section class="card">
            <dl class="facts">
              {facts.map(([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </>
              ))}
            </dl>
            <h2>{r.colFlags}</h2>
            <Flags r={r} lang={lang} flags={row.flags} cooldownMinutes={row.cooldown_minutes} />
            <h2>{r.colProfile}</h2>
            <ProfileList r={r} lang={lang} profile={row} />
          </section>
          <section class="card">
            <h2>{r.answersTitle}</h2>
            {Object.entries(row.answers).map(([versionId, items]) => (
              <AnswerTable r={r} lang={lang} name={instrumentName(versions.get(versionId), lang, versionId)} definition={versions.get(versionId)?.definition} items={items} />
            ))}
          </section>
          {row.saran !== null && (
            <section class="card">
              <h2>{r.colSaran}</h2>
              <p class="saran">{maskPersonalData(row.saran)}</p>
              <p class="muted">
                {r.maskedNote} <a href={`/admin/saran/${row.id}`}>{r.openSaran}</a>
              </p>
            </section>
          )}
          {writable && (
            <form method="post" action={`${LIST}/${row.id}/${excluded ? 'restore' : 'exclude'}`} class="card narrow">
              <h2>{excluded ? r.restoreTitle : r.excludeTitle}</h2>
              <CsrfField token={c.get('csrf')} />
              <label for="reason">{r.reason}</label>
              <input id="reason" name="reason" required maxlength={MAX_REASON} />
              <p class="muted">{r.excludeNote}</p>
              <button type="submit" class={excluded ? undefined : 'danger'}>
                {excluded ? r.restoreButton : r.excludeButton}
              </button>
            </form>
          )}
        </>
      ),
    });
  }

  return app;
}

function BulkFields({ r }: { r: AdminReviewMessages }) {
  return (
    <fieldset class="filters">
      <legend>{r.bulkLegend}</legend>
      <div>
        <label for="bulk-action">{r.action}</label>
        <select id="bulk-action" name="action">
          <option value="exclude">{r.actionExclude}</option>
          <option value="restore">{r.actionRestore}</option>
        </select>
      </div>
      <div>
        <label for="bulk-reason">{r.reason}</label>
        <input id="bulk-reason" name="reason" required maxlength={MAX_REASON} />
      </div>
      <div>
        <button type="submit">{r.bulkApply}</button>
      </div>
    </fieldset>
  );
}

/** One instrument's answers: unsur, question, value and the answer's wording in the version answered. */
function AnswerTable({ r, lang, name, definition, items }: { r: AdminReviewMessages; lang: 'id' | 'en'; name: string; definition?: Instrument; items: Record<string, number> }) {
  const en = lang === 'en' ? definition?.translations?.en : undefined;
  // in the questionnaire's order; a code the version does not name (none should) comes last
  const order = definition?.unsur.flatMap((u) => u.items.map((i) => i.code)) ?? [];
  const position = (code: string) => (order.includes(code) ? order.indexOf(code) : order.length);
  const answered = Object.entries(items).sort(([a], [b]) => position(a) - position(b));
  const rows = answered.map(([code, value]) => {
    const unsur = definition?.unsur.find((u) => u.items.some((i) => i.code === code));
    const item = unsur?.items.find((i) => i.code === code);
    const labels = en?.items?.[code]?.labels ?? item?.labels;
    return { code, value, unsur: unsur ? `${unsur.code} ${en?.unsur?.[unsur.code] ?? unsur.name}` : r.none, text: en?.items?.[code]?.text ?? item?.text ?? code, label: labels?.[value - 1] ?? '' };
  });
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data">
        <caption>{name}</caption>
        <thead>
          <tr>
            <th scope="col">{r.colUnsur}</th>
            <th scope="col">{r.colItem}</th>
            <th scope="col" class="num">
              {r.colValue}
            </th>
            <th scope="col">{r.colAnswer}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <td>{row.unsur}</td>
              <th scope="row">{row.text}</th>
              <td class="num">{row.value}</td>
              <td>{row.label}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
