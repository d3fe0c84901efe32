// Sign-in, sign-out, change of password, and the one-time first setup.
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../http/errors.ts';
import { fill } from '../../i18n/index.ts';
import { clientHash } from '../../survey/token.ts';
import { audit } from '../audit.ts';
import { addInstansi } from '../org.ts';
import { MIN_PASSWORD_LENGTH, hashPassword, verifyPassword } from '../password.ts';
import { addUser, userInput } from '../users.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { clearSessionCookie, setSessionCookie } from '../web/guard.ts';
import { readForm, textOf } from '../web/form.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { createSession, revokeOtherSessions, revokeSession } from './session.ts';
import { clearFailures, recordFailure, type ThrottleKey, waitBeforeSignIn } from './throttle.ts';

// verified against when the e-mail is unknown, so a wrong e-mail costs as long as a wrong password
const DUMMY_HASH = hashPassword('not a password of anyone');

/** Only a path inside the workspace: never an address elsewhere ("//host", "/\\host"). */
export function safeNext(next: string | undefined): string {
  return next && /^\/admin(\/[^/\\]|\/?$|\?)/.test(next) ? next : '/admin';
}

export function authRoutes({ db, config, setupToken }: AdminDeps) {
  const app = new Hono<AdminEnv>();
  const https = config.publicBaseUrl.startsWith('https://');
  const secret = config.appSecret!;

  const loginPage = (c: import('hono').Context<AdminEnv>, opts: { email?: string; error?: string; notice?: string; next?: string }, status: 200 | 401 | 429 = 200) => {
    const at = c.get('at');
    return sendAdminPage(c, {
      title: at.signInTitle,
      status,
      children: (
        <form method="post" action="/admin/login" class="card narrow">
          <Notice text={opts.notice} />
          <Notice text={opts.error} kind="error" />
          <CsrfField token={c.get('csrf')} />
          <input type="hidden" name="next" value={safeNext(opts.next)} />
          <label for="email">{at.email}</label>
          <input id="email" name="email" type="email" autocomplete="username" required value={opts.email ?? ''} />
          <label for="password">{at.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
          <button type="submit">{at.signInButton}</button>
        </form>
      ),
    });
  };

  app.get('/admin/login', (c) => loginPage(c, { next: c.req.query('next'), notice: c.req.query('done') === 'signed-out' ? c.get('at').signedOut : c.req.query('done') === 'setup' ? c.get('at').setupDone : undefined }));

  app.post('/admin/login', async (c) => {
    const at = c.get('at');
    const body = await readForm(c);
    const email = textOf(body, 'email').trim().toLowerCase();
    const password = textOf(body, 'password');
    const next = textOf(body, 'next');
    const address = c.get('address');
    const keys: ThrottleKey[] = [{ kind: 'account', value: email }];
    if (address) keys.push({ kind: 'address', value: clientHash(secret, 'ip', address) });
    const wait = await waitBeforeSignIn(db, keys);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return loginPage(c, { email, next, error: fill(at.signInThrottled, { seconds: wait }) }, 429);
    }
    const user = email ? await db.selectFrom('app_user').where('email', '=', email).where('active', '=', true).select(['id', 'password_hash', 'instansi_id']).executeTakeFirst() : undefined;
    const ok = await verifyPassword(password, user?.password_hash ?? (await DUMMY_HASH));
    if (!user || !ok) {
      await recordFailure(db, keys);
      await audit(db, { instansiId: user?.instansi_id ?? null, userId: user?.id ?? null, action: 'signin.failed', detail: { email }, address });
      return loginPage(c, { email, next, error: at.signInFailed }, 401);
    }
    await clearFailures(db, keys.filter((k) => k.kind === 'account'));
    const token = await createSession(db, user.id);
    setSessionCookie(c, https, token);
    await audit(db, { instansiId: user.instansi_id, userId: user.id, action: 'signin', address });
    return c.redirect(safeNext(next), 303);
  });

  app.post('/admin/logout', async (c) => {
    const user = c.get('user');
    await revokeSession(db, c.get('sessionHash'));
    clearSessionCookie(c, https);
    await audit(db, { instansiId: user.instansiId, userId: user.id, action: 'signout', address: c.get('address') });
    return c.redirect('/admin/login?done=signed-out', 303);
  });

  const accountPage = (c: import('hono').Context<AdminEnv>, opts: { notice?: string; error?: string }, status: 200 | 400 = 200) => {
    const at = c.get('at');
    const user = c.get('user');
    return sendAdminPage(c, {
      title: at.accountTitle,
      status,
      children: (
        <>
          <p>
            {user.name} · {user.email}
          </p>
          <form method="post" action="/admin/account/password" class="card narrow">
            <h2>{at.changePassword}</h2>
            <Notice text={opts.notice} />
            <Notice text={opts.error} kind="error" />
            <CsrfField token={c.get('csrf')} />
            <label for="current">{at.currentPassword}</label>
            <input id="current" name="current" type="password" autocomplete="current-password" required />
            <label for="next">{fill(at.newPassword, { min: MIN_PASSWORD_LENGTH })}</label>
            <input id="next" name="next" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
            <label for="confirm">{at.confirmPassword}</label>
            <input id="confirm" name="confirm" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
            <button type="submit">{at.savePassword}</button>
          </form>
        </>
      ),
    });
  };

  app.get('/admin/account', (c) => accountPage(c, { notice: c.req.query('done') === 'password' ? c.get('at').passwordChanged : undefined }));

  app.post('/admin/account/password', async (c) => {
    const at = c.get('at');
    const user = c.get('user');
    const body = await readForm(c);
    const [current, next, confirm] = [textOf(body, 'current'), textOf(body, 'next'), textOf(body, 'confirm')];
    const row = await db.selectFrom('app_user').where('id', '=', user.id).select('password_hash').executeTakeFirstOrThrow();
    if (!(await verifyPassword(current, row.password_hash))) return accountPage(c, { error: at.passwordWrong }, 400);
    if (next.length < MIN_PASSWORD_LENGTH) return accountPage(c, { error: fill(at.passwordTooShort, { min: MIN_PASSWORD_LENGTH }) }, 400);
    if (next !== confirm) return accountPage(c, { error: at.passwordMismatch }, 400);
    await db.updateTable('app_user').set({ password_hash: await hashPassword(next), password_changed_at: new Date() }).where('id', '=', user.id).execute();
    await revokeOtherSessions(db, user.id, c.get('sessionHash'));
    await audit(db, { instansiId: user.instansiId, userId: user.id, action: 'user.password', targetType: 'app_user', targetId: user.id, address: c.get('address') });
    return c.redirect('/admin/account?done=password', 303);
  });

  // ---- first setup: only while there are no users, only with the token printed at start -------

  async function setupOpen(token: string | undefined): Promise<boolean> {
    if (!setupToken || !token || token.length !== setupToken.length || !timingSafeEqual(Buffer.from(token), Buffer.from(setupToken))) return false;
    const any = await db.selectFrom('app_user').select('id').limit(1).executeTakeFirst();
    return !any;
  }

  const setupInput = z.object({
    role: z.enum(['admin', 'operator']),
    name: z.string(),
    email: z.string(),
    password: z.string(),
    instansiName: z.string().optional(),
    instansiSlug: z.string().optional(),
    timeZone: z.string().optional(),
  });

  const setupPage = (c: import('hono').Context<AdminEnv>, token: string, error?: string, status: 200 | 400 = 200) => {
    const at = c.get('at');
    return sendAdminPage(c, {
      title: at.setupTitle,
      status,
      children: (
        <form method="post" action={`/admin/setup?token=${encodeURIComponent(token)}`} class="card narrow">
          <p>{at.setupIntro}</p>
          <Notice text={error} kind="error" />
          <CsrfField token={c.get('csrf')} />
          <fieldset>
            <legend>{at.setupRole}</legend>
            <label>
              <input type="radio" name="role" value="admin" checked /> {at.roleAdmin}
            </label>
            <label>
              <input type="radio" name="role" value="operator" /> {at.roleOperator}
            </label>
          </fieldset>
          <label for="instansiName">{at.setupInstansiName}</label>
          <input id="instansiName" name="instansiName" />
          <label for="instansiSlug">{at.setupInstansiSlug}</label>
          <input id="instansiSlug" name="instansiSlug" pattern="[a-z0-9][a-z0-9\-]{1,62}" />
          <label for="timeZone">{at.setupTimeZone}</label>
          <select id="timeZone" name="timeZone">
            <option value="WIB">WIB (Asia/Jakarta)</option>
            <option value="WITA">WITA (Asia/Makassar)</option>
            <option value="WIT">WIT (Asia/Jayapura)</option>
          </select>
          <label for="name">{at.name}</label>
          <input id="name" name="name" required />
          <label for="email">{at.email}</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
          <label for="password">{fill(at.newPassword, { min: MIN_PASSWORD_LENGTH })}</label>
          <input id="password" name="password" type="password" autocomplete="new-password" minlength={MIN_PASSWORD_LENGTH} required />
          <button type="submit">{at.setupButton}</button>
        </form>
      ),
    });
  };

  app.get('/admin/setup', async (c) => {
    const token = c.req.query('token') ?? '';
    if (!(await setupOpen(token))) throw new AppError(404, 'not_found', c.get('at').setupClosed);
    return setupPage(c, token);
  });

  app.post('/admin/setup', async (c) => {
    const token = c.req.query('token') ?? '';
    if (!(await setupOpen(token))) throw new AppError(404, 'not_found', c.get('at').setupClosed);
    const parsed = setupInput.safeParse(await c.req.parseBody());
    if (!parsed.success) return setupPage(c, token, parsed.error.issues[0]!.message, 400);
    const v = parsed.data;
    // the account is checked before the instansi is made, so a refused form leaves nothing behind
    const account = userInput.safeParse({ email: v.email, name: v.name, role: v.role, instansi: v.role === 'admin' ? 'pending' : undefined, password: v.password });
    if (!account.success) {
      const issue = account.error.issues[0]!;
      return setupPage(c, token, `${issue.path.join('.')} ${issue.message}`, 400);
    }
    try {
      let instansi: string | undefined;
      if (v.role === 'admin') {
        instansi = (await addInstansi(db, { name: v.instansiName ?? '', slug: v.instansiSlug || undefined, timeZone: v.timeZone }, config.defaultTimeZone)).slug;
      }
      await addUser(db, { email: v.email, name: v.name, role: v.role, instansi, password: v.password });
    } catch (error) {
      if (error instanceof AppError && error.status < 500) return setupPage(c, token, error.message, 400);
      throw error;
    }
    return c.redirect('/admin/login?done=setup', 303);
  });

  return app;
}
