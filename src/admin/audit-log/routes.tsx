// The audit log viewer (admins only): the page, 100 entries at a time, and the same rows as CSV.
import { type Context, Hono } from 'hono';
import { parseTimeZone, TIME_ZONES, type TimeZone } from '../../config.ts';
import { followUpMessages } from '../../i18n/admin-followup.ts';
import { fill } from '../../i18n/index.ts';
import { localDate } from '../../results/period.ts';
import { ownInstansi, requireRole } from '../access.ts';
import { audit } from '../audit.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { sendAdminPage } from '../web/page.tsx';
import { csvLine } from '../../reports/csv-write.ts';
import { detailLines, localTime } from './format.ts';
import { type AuditFilters, actionFamilies, instansiUsers, readAuditFilters, readAuditLog } from './query.ts';

const CSV_BATCH = 1_000;

/** The filters as a query string (for the CSV link and the next page). */
function queryOf(f: AuditFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (f.action) params.set('action', f.action);
  if (f.userId) params.set('user', f.userId);
  if (f.from) params.set('from', f.from);
  if (f.to) params.set('to', f.to);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function auditLogRoutes({ db, config }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  async function scope(c: Context<AdminEnv>) {
    const user = c.get('user');
    requireRole(user, 'admin');
    const instansi = await ownInstansi(db, user);
    const zone: TimeZone = parseTimeZone(instansi.time_zone) ?? config.defaultTimeZone;
    return { user, instansi, zone, filters: readAuditFilters(c.req.query(), followUpMessages(c.get('lang'))) };
  }

  app.get('/admin/audit', async (c) => {
    const ft = followUpMessages(c.get('lang'));
    const { instansi, zone, filters } = await scope(c);
    const [{ rows, older }, families, users] = await Promise.all([readAuditLog(db, instansi.id, zone, filters), actionFamilies(db, instansi.id), instansiUsers(db, instansi.id)]);
    if (filters.action && !families.includes(filters.action)) families.push(filters.action);
    return sendAdminPage(c, {
      title: ft.auditTitle,
      children: (
        <>
          <p>{fill(ft.auditIntro, { instansi: instansi.name })}</p>
          <form method="get" action="/admin/audit" class="filters card">
            <div>
              <label for="action">{ft.auditAction}</label>
              <select id="action" name="action">
                <option value="">{ft.auditAll}</option>
                {families.map((f) => (
                  <option value={f} selected={f === filters.action}>
                    {f}
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="user">{ft.auditUser}</label>
              <select id="user" name="user">
                <option value="">{ft.auditAll}</option>
                {users.map((u) => (
                  <option value={u.id} selected={u.id === filters.userId}>
                    {u.name} ({u.email})
                  </option>
                ))}
              </select>
            </div>
            <div>
              <label for="from">{ft.auditFrom}</label>
              <input id="from" name="from" type="date" value={filters.from ?? ''} />
            </div>
            <div>
              <label for="to">{ft.auditTo}</label>
              <input id="to" name="to" type="date" value={filters.to ?? ''} />
            </div>
            <button type="submit">{ft.auditFilter}</button>
            <a href={`/admin/audit.csv${queryOf(filters)}`}>{ft.auditCsv}</a>
          </form>
          {rows.length === 0 ? (
            <p class="muted">{ft.auditNone}</p>
          ) : (
            <div class="tablewrap" tabindex={0}>
              <table class="data auditlog">
                <caption class="sr-only">{ft.auditTitle}</caption>
                <thead>
                  <tr>
                    <th scope="col">{fill(ft.auditWhen, { zone: TIME_ZONES[zone] })}</th>
                    <th scope="col">{ft.auditWho}</th>
                    <th scope="col">{ft.auditWhat}</th>
                    <th scope="col">{ft.auditTarget}</th>
                    <th scope="col">{ft.auditDetail}</th>
                    <th scope="col">{ft.auditAddress}</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td>
                        <time datetime={r.at.toISOString()}>{localTime(r.at, zone)}</time>
                      </td>
                      <td>
                        {r.userName ?? ft.auditSystem}
                        {r.userEmail && (
                          <>
                            <br />
                            <span class="muted">{r.userEmail}</span>
                          </>
                        )}
                      </td>
                      <td>
                        <code>{r.action}</code>
                      </td>
                      <td>{r.targetType ? `${r.targetType} ${r.targetId ?? ''}` : '–'}</td>
                      <td>
                        <ul class="kv">
                          {detailLines(r.detail).map((line) => (
                            <li>{line}</li>
                          ))}
                        </ul>
                      </td>
                      <td>{r.address ?? '–'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <nav class="pager" aria-label={ft.auditTitle}>
            {filters.before && <a href={`/admin/audit${queryOf(filters)}`}>{ft.auditNewest}</a>}
            {older && <a href={`/admin/audit${queryOf(filters, { before: String(older) })}`}>{ft.auditOlder}</a>}
          </nav>
        </>
      ),
    });
  });

  app.get('/admin/audit.csv', async (c) => {
    const ft = followUpMessages(c.get('lang'));
    const { user, instansi, zone, filters } = await scope(c);
    const all: AuditFilters = { ...filters, before: undefined };
    await audit(db, {
      instansiId: instansi.id,
      userId: user.id,
      action: 'export.audit_log',
      detail: { action: all.action ?? null, user: all.userId ?? null, from: all.from ?? null, to: all.to ?? null },
      address: c.get('address'),
    });
    const encoder = new TextEncoder();
    let before: number | undefined;
    let started = false;
    // read in batches, keyed on the id, so a long log never sits in memory whole
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (!started) {
          started = true;
          // the BOM makes spreadsheet programs read the file as UTF-8
          controller.enqueue(encoder.encode(`\ufeff${csvLine([fill(ft.auditWhen, { zone: TIME_ZONES[zone] }), ft.auditWho, ft.auditEmail, ft.auditWhat, ft.auditTarget, ft.auditDetail, ft.auditAddress])}`));
          return;
        }
        const { rows, older } = await readAuditLog(db, instansi.id, zone, { ...all, before }, CSV_BATCH);
        const text = rows
          .map((r) => csvLine([localTime(r.at, zone), r.userName ?? ft.auditSystem, r.userEmail ?? '', r.action, r.targetType ? `${r.targetType} ${r.targetId ?? ''}`.trim() : '', detailLines(r.detail).join('; '), r.address ?? '']))
          .join('');
        if (text) controller.enqueue(encoder.encode(text));
        if (older === undefined) controller.close();
        else before = older;
      },
    });
    return c.body(body, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="audit-${instansi.slug}-${localDate(new Date(), zone)}.csv"`,
    });
  });

  return app;
}
