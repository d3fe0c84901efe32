import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Child } from 'hono/jsx';
import type { Lang, Messages } from '../i18n/index.ts';

interface PageProps {
  lang: Lang;
  t: Messages;
  title: string;
  /** the path of this page, for the language switch link */
  path: string;
  /** query parameters the language switch must keep (e.g. a kiosk key) */
  keep?: Record<string, string>;
  /** extra elements for <head> (a refresh, a page script) */
  head?: Child;
  children: Child;
}

/** The HTML shell shared by every server-rendered page: one small stylesheet, no scripts. */
export function Page({ lang, t, title, path, keep, head, children }: PageProps) {
  const other: Lang = lang === 'id' ? 'en' : 'id';
  // the path comes from the request: never let "//host" or "/\\host" become a link off-site
  const here = /^\/(?![/\\])/.test(path) ? path : '/';
  const query = new URLSearchParams({ ...keep, lang: other }).toString();
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title === t.appName ? title : `${title} · ${t.appName}`}</title>
        <link rel="stylesheet" href="/static/style.css" />
        {head}
      </head>
      <body>
        <header class="bar">
          <a class="brand" href="/">
            {t.appName}
          </a>
          <a class="lang" href={`${here}?${query}`} hreflang={other} lang={other}>
            {t.switchLanguage}
          </a>
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}

/** Sends a page with its doctype (Hono's c.html does not add one; without it browsers use quirks mode). */
export async function sendPage(c: Context, page: { toString(): string | Promise<string> }, status: ContentfulStatusCode = 200) {
  return c.html(`<!doctype html>${await page.toString()}`, status);
}
