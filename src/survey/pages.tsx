// The citizen's pages around the form: thank-you, "already answered", expired, and the screen
// at the loket that shows the rotating presence QR.
import { raw } from 'hono/html';
import { fill, type Lang, type Messages } from '../i18n/index.ts';
import { Page } from '../http/page.tsx';

export const LAPOR_URL = 'https://www.lapor.go.id';

interface Common {
  lang: Lang;
  t: Messages;
  path: string;
  keep?: Record<string, string>;
}

export function ThanksPage({ lang, t, path, keep, unitName, kioskReturn }: Common & { unitName: string; kioskReturn?: string }) {
  return (
    <Page lang={lang} t={t} title={t.thanksTitle} path={path} keep={keep} head={kioskReturn && <meta http-equiv="refresh" content={`5;url=${kioskReturn}`} />}>
      <section class="card done" role="status">
        <h1>{t.thanksTitle}</h1>
        <p>{fill(t.thanksText, { unit: unitName })}</p>
        {kioskReturn ? (
          <p class="muted">{t.kioskNext}</p>
        ) : (
          <p>
            {t.laporText} <a href={LAPOR_URL}>lapor.go.id</a>
          </p>
        )}
      </section>
    </Page>
  );
}

export function NoticePage({ lang, t, path, title, text }: Common & { title: string; text: string }) {
  return (
    <Page lang={lang} t={t} title={title} path={path}>
      <section class="card">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          {t.laporText} <a href={LAPOR_URL}>lapor.go.id</a>
        </p>
      </section>
    </Page>
  );
}

/** Shown on a screen at the loket; reloads every minute with a fresh presence QR. */
export function DisplayPage({ lang, t, path, keep, unitName, loketName, svg, shortUrl }: Common & { unitName: string; loketName: string; svg: string; shortUrl: string }) {
  return (
    <Page lang={lang} t={t} title={t.displayTitle} path={path} keep={keep} head={<meta http-equiv="refresh" content="60" />}>
      <section class="card display">
        <h1>{t.displayTitle}</h1>
        <p>
          {unitName} · {loketName}
        </p>
        <div class="qr">{raw(svg)}</div>
        <p class="short">{shortUrl}</p>
        <p class="muted">{t.displayText}</p>
      </section>
    </Page>
  );
}
