// The workspace page shell: the site header, the workspace navigation for the user's role, and
// helpers every workspace form uses (the CSRF field, a notice, a field error).
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { fill, type Lang, messages } from '../../i18n/index.ts';
import { Page, sendPage } from '../../http/page.tsx';
import type { AdminMessages } from '../../i18n/admin.ts';
import type { SessionUser } from '../auth/session.ts';
import type { AdminEnv } from './env.ts';

export function roleName(at: AdminMessages, role: SessionUser['role']): string {
  return { operator: at.roleOperator, admin: at.roleAdmin, unit_admin: at.roleUnitAdmin, viewer: at.roleViewer }[role];
}

function Nav({ at, user, csrf, current }: { at: AdminMessages; user: SessionUser; csrf: string; current: string }) {
  const links: [string, string][] =
    user.role === 'operator'
      ? [
          ['/admin', at.navHome],
          ['/admin/instansi', at.navInstansi],
          ['/admin/account', at.navAccount],
        ]
      : [
          ['/admin', at.navHome],
          ['/admin/dashboard', at.navDashboard],
          ['/admin/units', at.navUnits],
          ['/admin/responses', at.navResponses],
          ['/admin/saran', at.navSaran],
          ['/admin/follow-up', at.navFollowUp],
          ['/admin/publish', at.navPublish],
          ['/admin/reports', at.navReports],
          ...(user.role === 'admin'
            ? ([
                ['/admin/users', at.navUsers],
                ['/admin/instansi', at.navInstansi],
                ['/admin/audit', at.navAudit],
              ] as [string, string][])
            : []),
          ['/admin/account', at.navAccount],
        ];
  return (
    <nav class="adminnav" aria-label={at.workspace}>
      <ul>
        {links.map(([href, label]) => (
          <li>
            <a href={href} aria-current={current === href || (href !== '/admin' && current.startsWith(`${href}/`)) ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
      <form method="post" action="/admin/logout" class="inline">
        <CsrfField token={csrf} />
        <span class="muted">{fill(at.signedInAs, { name: user.name, role: roleName(at, user.role) })}</span> <button type="submit" class="link">{at.signOut}</button>
      </form>
    </nav>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A status line after an action (role=status, so screen readers announce it). */
export function Notice({ text, kind = 'ok' }: { text?: string; kind?: 'ok' | 'error' }) {
  if (!text) return null;
  return (
    <p class={`notice ${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

interface AdminPageProps {
  title: string;
  children: Child;
  status?: ContentfulStatusCode;
  /** extra elements for <head> */
  head?: Child;
}

/** Renders a workspace page: with the navigation when a user is signed in. */
export function sendAdminPage(c: Context<AdminEnv>, { title, children, status = 200, head }: AdminPageProps) {
  const lang = c.get('lang');
  const at = c.get('at');
  const user = c.get('user') as SessionUser | undefined;
  const url = new URL(c.req.url);
  // the language switch keeps the page's own query (filters, period)
  const keep = Object.fromEntries([...url.searchParams].filter(([k]) => k !== 'lang'));
  return sendPage(
    c,
    <Page lang={lang} t={messages(lang)} title={`${title} · ${at.workspace}`} path={c.req.path} keep={keep} head={<>{<link rel="stylesheet" href="/static/admin.css" />}{head}</>}>
      {user && <Nav at={at} user={user} csrf={c.get('csrf')} current={c.req.path} />}
      <div class="admin">
        <h1>{title}</h1>
        {children}
      </div>
    </Page>,
    status,
  );
}
