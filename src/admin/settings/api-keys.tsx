// A unit's API keys for the invitations API: listed (never the key itself), made (the key shown
// once) and revoked. The unit's admin or unit_admin only: a viewer gets 403, another unit 404.
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type SettingsMessages, settingsMessages } from '../../i18n/admin-settings.ts';
import { fill } from '../../i18n/index.ts';
import { ownInstansi, type ReachedUnit, unitInReach } from '../access.ts';
import { addApiKey, listUnitApiKeys, revokeApiKey } from '../api-keys.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { firstProblem, formatWhen, OnceSecret } from './form.tsx';
import { readForm, textOf } from '../web/form.ts';
import { UnitSettingsLinks } from './instruments.tsx';

type C = Context<AdminEnv>;

const keyInput = (sm: SettingsMessages) => z.object({ name: z.string().trim().min(1, sm.errRequired).max(200, fill(sm.errTooLong, { max: 200 })) });

export function apiKeyRoutes({ db }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  async function context(c: C) {
    const user = c.get('user');
    const unit = await unitInReach(db, user, c.req.param('unit')!, { write: true });
    const instansi = await ownInstansi(db, user);
    return { user, unit, instansi, sm: settingsMessages(c.get('lang')) };
  }

  async function page(c: C, unit: ReachedUnit, timeZone: string, opts: { name?: string; revokedId?: string; error?: string; status?: ContentfulStatusCode } = {}) {
    const lang = c.get('lang');
    const sm = settingsMessages(lang);
    const keys = await listUnitApiKeys(db, unit.id);
    // the notice names the key from the unit's own list, never from the address bar
    const revoked = keys.find((k) => k.id === opts.revokedId && k.revokedAt);
    const when = (d: Date) => formatWhen(d, lang, timeZone);
    return sendAdminPage(c, {
      title: fill(sm.apiKeysTitle, { unit: unit.name }),
      status: opts.status,
      children: (
        <>
          <p>{sm.apiKeysIntro}</p>
          <Notice text={revoked && fill(sm.keyRevokedNotice, { name: revoked.name })} />
          <Notice text={opts.error} kind="error" />
          {keys.length === 0 ? (
            <p class="muted">{sm.noKeys}</p>
          ) : (
            <div class="tablewrap" tabindex={0}>
              <table class="data">
                <thead>
                  <tr>
                    <th scope="col">{sm.colKeyName}</th>
                    <th scope="col">{sm.colCreated}</th>
                    <th scope="col">{sm.colCreatedBy}</th>
                    <th scope="col">{sm.colKeyStatus}</th>
                    <th scope="col">{sm.colActions}</th>
                  </tr>
                </thead>
                <tbody>
                  {keys.map((k) => (
                    <tr>
                      <th scope="row">{k.name}</th>
                      <td>{when(k.createdAt)}</td>
                      <td>{k.createdBy ?? sm.commandLine}</td>
                      <td>{k.revokedAt ? <span class="badge bad">{fill(sm.keyRevoked, { at: when(k.revokedAt) })}</span> : <span class="badge ok">{sm.keyActive}</span>}</td>
                      <td>
                        {!k.revokedAt && (
                          <form method="post" action={`/admin/units/${unit.slug}/api-keys/${k.id}/revoke`} class="inline">
                            <CsrfField token={c.get('csrf')} />
                            <button type="submit" class="danger">
                              {sm.revoke}
                              <span class="sr-only"> {k.name}</span>
                            </button>
                          </form>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <form method="post" action={`/admin/units/${unit.slug}/api-keys`} class="card narrow">
            <h2>{sm.addKeyTitle}</h2>
            <CsrfField token={c.get('csrf')} />
            <label for="key-name">{sm.keyNameLabel}</label>
            <input id="key-name" name="name" type="text" required maxlength={200} value={opts.name ?? ''} />
            <button type="submit">{sm.addKeyButton}</button>
          </form>
          <UnitSettingsLinks unit={unit} lang={lang} show={['instruments']} />
        </>
      ),
    });
  }

  app.get('/admin/units/:unit/api-keys', async (c) => {
    const { unit, instansi } = await context(c);
    return page(c, unit, instansi.time_zone, { revokedId: c.req.query('revoked') });
  });

  app.post('/admin/units/:unit/api-keys', async (c) => {
    const { user, unit, instansi, sm } = await context(c);
    const name = textOf(await readForm(c), 'name');
    const parsed = keyInput(sm).safeParse({ name });
    if (!parsed.success) return page(c, unit, instansi.time_zone, { name, status: 400, error: firstProblem(parsed.error, { name: sm.fieldKeyName }, c.get('at')) });
    const added = await addApiKey(db, { instansi: instansi.slug, unit: unit.slug, name: parsed.data.name }, { userId: user.id, address: c.get('address') });
    return sendAdminPage(c, {
      title: sm.keyCreatedTitle,
      children: (
        <section class="card">
          <Notice text={fill(sm.keyCreated, { name: added.name, unit: unit.name })} />
          <OnceSecret label={sm.keyOnce} value={added.key} help={sm.keyUsage} />
          <p>
            <a href={`/admin/units/${unit.slug}/api-keys`}>{sm.backToKeys}</a>
          </p>
        </section>
      ),
    });
  });

  app.post('/admin/units/:unit/api-keys/:id/revoke', async (c) => {
    const { user, unit, instansi, sm } = await context(c);
    try {
      const revoked = await revokeApiKey(db, instansi.slug, unit.slug, c.req.param('id'), { userId: user.id, address: c.get('address') });
      return c.redirect(`/admin/units/${unit.slug}/api-keys?revoked=${revoked.id}`, 303);
    } catch (error) {
      if (error instanceof AppError && error.code === 'revoked') return page(c, unit, instansi.time_zone, { status: 409, error: sm.errAlreadyRevoked });
      throw error;
    }
  });

  return app;
}
