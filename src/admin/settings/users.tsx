// The users of the admin's instansi: the list, adding one (with a generated password shown once),
// changing a user's role, units and access, and resetting a password. Admins only; a user of
// another instansi answers 404 like an unknown id.
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { type SettingsMessages, settingsMessages } from '../../i18n/admin-settings.ts';
import { fill } from '../../i18n/index.ts';
import { ownInstansi, reachableUnits, requireRole } from '../access.ts';
import { generatePassword } from '../password.ts';
import { addUser, findInstansiUser, INSTANSI_ROLES, type InstansiRole, type InstansiUser, listInstansiUsers, resetInstansiUserPassword, updateInstansiUser } from '../users.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, roleName, sendAdminPage } from '../web/page.tsx';
import { firstProblem, formatWhen, OnceSecret } from './form.tsx';
import { type Form, listOf, readForm, textOf } from '../web/form.ts';

type C = Context<AdminEnv>;
type InstansiUnit = { id: string; slug: string; name: string };

/** Role and units as a form sends them, checked against the instansi's units. */
function accessSchema(sm: SettingsMessages, units: InstansiUnit[]) {
  return {
    role: z.enum(INSTANSI_ROLES, { error: sm.errRole }),
    units: z.array(z.string()).refine((slugs) => slugs.every((s) => units.some((u) => u.slug === s)), sm.errUnknownUnit),
  };
}

function unitRule(sm: SettingsMessages) {
  return (v: { role: InstansiRole; units: string[] }, ctx: z.RefinementCtx) => {
    if (v.role === 'unit_admin' && v.units.length === 0) ctx.addIssue({ code: 'custom', path: ['units'], message: sm.errUnitsRequired });
    if (v.role === 'admin' && v.units.length > 0) ctx.addIssue({ code: 'custom', path: ['units'], message: sm.errUnitsForAdmin });
  };
}

const newUserSchema = (sm: SettingsMessages, units: InstansiUnit[]) =>
  z
    .object({
      name: z.string().trim().min(1, sm.errRequired).max(200, fill(sm.errTooLong, { max: 200 })),
      email: z.string().trim().toLowerCase().pipe(z.email({ error: sm.errEmail })),
      ...accessSchema(sm, units),
    })
    .superRefine(unitRule(sm));

const changeSchema = (sm: SettingsMessages, units: InstansiUnit[]) =>
  z.object({ ...accessSchema(sm, units), active: z.boolean() }).superRefine(unitRule(sm));

const fieldLabels = (sm: SettingsMessages) => ({ name: sm.fieldName, email: sm.fieldEmail, role: sm.fieldRole, units: sm.fieldUnits, active: sm.fieldActive });

interface Draft {
  name?: string;
  email?: string;
  role?: string;
  units?: string[];
  active?: boolean;
}

function RoleAndUnits({ sm, units, draft }: { sm: SettingsMessages; units: InstansiUnit[]; draft: Draft }) {
  const help = { admin: sm.roleAdminHelp, unit_admin: sm.roleUnitAdminHelp, viewer: sm.roleViewerHelp };
  return (
    <>
      <fieldset>
        <legend>{sm.fieldRole}</legend>
        {INSTANSI_ROLES.map((role) => (
          <div>
            <label>
              <input type="radio" name="role" value={role} required checked={draft.role === role} /> {help[role]}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{sm.unitsLegend}</legend>
        {units.length === 0 ? (
          <p class="muted">{sm.noUnitsYet}</p>
        ) : (
          units.map((u) => (
            <label>
              <input type="checkbox" name="units" value={u.slug} checked={draft.units?.includes(u.slug)} /> {u.name}
            </label>
          ))
        )}
      </fieldset>
    </>
  );
}

export function userRoutes({ db }: AdminDeps) {
  const app = new Hono<AdminEnv>();

  /** The admin's instansi and its units; 403 for anyone but an admin. */
  async function context(c: C) {
    const user = c.get('user');
    requireRole(user, 'admin');
    const instansi = await ownInstansi(db, user);
    // an admin reaches every unit of its instansi
    const units = await reachableUnits(db, user);
    return { user, instansi, units, sm: settingsMessages(c.get('lang')) };
  }

  async function listPage(c: C, opts: { draft?: Draft; error?: string; status?: ContentfulStatusCode } = {}) {
    const { instansi, units, sm } = await context(c);
    const at = c.get('at');
    const users = await listInstansiUsers(db, instansi.id);
    const draft = opts.draft ?? { role: 'viewer' };
    return sendAdminPage(c, {
      title: sm.usersTitle,
      status: opts.status,
      children: (
        <>
          <div class="tablewrap" tabindex={0}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{sm.colName}</th>
                  <th scope="col">{sm.colEmail}</th>
                  <th scope="col">{sm.colRole}</th>
                  <th scope="col">{sm.colUnits}</th>
                  <th scope="col">{sm.colStatus}</th>
                  <th scope="col">{sm.colLastSignIn}</th>
                  <th scope="col">
                    <span class="sr-only">{sm.editUser}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr>
                    <th scope="row">{u.name}</th>
                    <td>{u.email}</td>
                    <td>{roleName(at, u.role)}</td>
                    <td>{u.units.length > 0 ? u.units.map((x) => x.name).join(', ') : sm.wholeInstansi}</td>
                    <td>{u.active ? <span class="badge ok">{sm.userActive}</span> : <span class="badge bad">{sm.userInactive}</span>}</td>
                    <td>{u.lastSignIn ? formatWhen(u.lastSignIn, c.get('lang'), instansi.time_zone) : sm.neverSignedIn}</td>
                    <td>
                      <a href={`/admin/users/${u.id}`} aria-label={fill(sm.editUserOf, { name: u.name })}>
                        {sm.editUser}
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <form method="post" action="/admin/users" class="card narrow">
            <h2>{sm.addUserTitle}</h2>
            <Notice text={opts.error} kind="error" />
            <CsrfField token={c.get('csrf')} />
            <label for="name">{sm.fieldName}</label>
            <input id="name" name="name" type="text" required maxlength={200} value={draft.name ?? ''} />
            <label for="email">{sm.fieldEmail}</label>
            <input id="email" name="email" type="email" required value={draft.email ?? ''} />
            <RoleAndUnits sm={sm} units={units} draft={draft} />
            <button type="submit">{sm.addUserButton}</button>
          </form>
        </>
      ),
    });
  }

  app.get('/admin/users', (c) => listPage(c));

  app.post('/admin/users', async (c) => {
    const { user, instansi, units, sm } = await context(c);
    const form = await readForm(c);
    const draft: Draft = { name: textOf(form, 'name'), email: textOf(form, 'email'), role: textOf(form, 'role'), units: listOf(form, 'units') };
    const parsed = newUserSchema(sm, units).safeParse(draft);
    if (!parsed.success) return listPage(c, { draft, status: 400, error: firstProblem(parsed.error, fieldLabels(sm), c.get('at')) });
    const v = parsed.data;
    const password = generatePassword();
    let added;
    try {
      added = await addUser(db, { ...v, instansi: instansi.slug, password }, { userId: user.id, address: c.get('address') });
    } catch (error) {
      if (error instanceof AppError && error.status === 409) {
        return listPage(c, { draft, status: 409, error: fill(c.get('at').fieldInvalid, { field: sm.fieldEmail, message: sm.errEmailExists }) });
      }
      throw error;
    }
    return sendAdminPage(c, {
      title: sm.userAddedTitle,
      children: (
        <section class="card narrow">
          <Notice text={fill(sm.userAdded, { name: added.name, email: added.email })} />
          <OnceSecret label={sm.passwordOnce} value={password} help={sm.passwordHandOver} />
          <p>
            <a href="/admin/users">{sm.backToUsers}</a>
          </p>
        </section>
      ),
    });
  });

  async function userPage(c: C, target: InstansiUser, opts: { draft?: Draft; notice?: string; error?: string; status?: ContentfulStatusCode } = {}) {
    const { user, units, sm } = await context(c);
    const draft = opts.draft ?? { role: target.role, units: target.units.map((u) => u.slug), active: target.active };
    const own = target.id === user.id;
    return sendAdminPage(c, {
      title: fill(sm.editUserTitle, { name: target.name }),
      status: opts.status,
      children: (
        <>
          <p>
            {target.email} · <a href="/admin/users">{sm.backToUsers}</a>
          </p>
          {own && <p class="muted">{sm.ownAccountNote}</p>}
          <form method="post" action={`/admin/users/${target.id}`} class="card narrow">
            <Notice text={opts.notice} />
            <Notice text={opts.error} kind="error" />
            <CsrfField token={c.get('csrf')} />
            <RoleAndUnits sm={sm} units={units} draft={draft} />
            <label>
              <input type="checkbox" name="active" value="yes" checked={draft.active} /> {sm.activeLabel}
            </label>
            <div>
              <button type="submit">{sm.saveUser}</button>
            </div>
          </form>
          {!own && (
            <form method="post" action={`/admin/users/${target.id}/password`} class="card narrow">
              <h2>{sm.resetTitle}</h2>
              <p>{sm.resetHelp}</p>
              <CsrfField token={c.get('csrf')} />
              <button type="submit" class="danger">
                {sm.resetButton}
              </button>
            </form>
          )}
        </>
      ),
    });
  }

  app.get('/admin/users/:id', async (c) => {
    const { instansi, sm } = await context(c);
    const target = await findInstansiUser(db, instansi.id, c.req.param('id'));
    return userPage(c, target, { notice: c.req.query('done') === 'saved' ? sm.userSaved : undefined });
  });

  app.post('/admin/users/:id', async (c) => {
    const { user, instansi, units, sm } = await context(c);
    const target = await findInstansiUser(db, instansi.id, c.req.param('id'));
    const form: Form = await readForm(c);
    const draft: Draft = { role: textOf(form, 'role'), units: listOf(form, 'units'), active: textOf(form, 'active') === 'yes' };
    const parsed = changeSchema(sm, units).safeParse(draft);
    if (!parsed.success) return userPage(c, target, { draft, status: 400, error: firstProblem(parsed.error, fieldLabels(sm), c.get('at')) });
    const v = parsed.data;
    const unitIds = units.filter((u) => v.units.includes(u.slug)).map((u) => u.id);
    try {
      await updateInstansiUser(db, instansi.id, target.id, { role: v.role, unitIds, active: v.active }, { userId: user.id, address: c.get('address') });
    } catch (error) {
      if (error instanceof AppError && error.code === 'own_account') {
        const message = v.active ? fill(c.get('at').fieldInvalid, { field: sm.fieldRole, message: sm.errOwnRole }) : fill(c.get('at').fieldInvalid, { field: sm.fieldActive, message: sm.errOwnActive });
        return userPage(c, target, { draft, status: 400, error: message });
      }
      throw error;
    }
    return c.redirect(`/admin/users/${target.id}?done=saved`, 303);
  });

  app.post('/admin/users/:id/password', async (c) => {
    const { user, instansi, sm } = await context(c);
    const target = await findInstansiUser(db, instansi.id, c.req.param('id'));
    if (target.id === user.id) {
      return userPage(c, target, { status: 400, error: fill(c.get('at').fieldInvalid, { field: sm.fieldPassword, message: sm.errOwnPassword }) });
    }
    const reset = await resetInstansiUserPassword(db, instansi.id, target.id, { userId: user.id, address: c.get('address') });
    return sendAdminPage(c, {
      title: sm.passwordResetTitle,
      children: (
        <section class="card narrow">
          <Notice text={fill(sm.passwordReset, { name: reset.name, email: reset.email })} />
          <OnceSecret label={sm.passwordNew} value={reset.password} help={sm.passwordHandOver} />
          <p>
            <a href="/admin/users">{sm.backToUsers}</a>
          </p>
        </section>
      ),
    });
  });

  return app;
}
