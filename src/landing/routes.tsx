import { Hono } from 'hono';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.ts';
import { Page, sendPage } from '../http/page.tsx';
import type { AppEnv } from '../http/middleware.ts';
import { messages, resolveLang } from '../i18n/index.ts';

/** The landing page: what the platform is, for whom, where the published results are, sign-in. */
export function landingRoutes(db: Kysely<Database>) {
  const app = new Hono<AppEnv>();
  app.get('/', async (c) => {
    const lang = resolveLang(c);
    const t = messages(lang);
    // only instansi that have published results: the public sees nothing that was not published
    const instansi = await db
      .selectFrom('instansi as i')
      .where(({ exists, selectFrom }) => exists(selectFrom('publication as p').whereRef('p.instansi_id', '=', 'i.id').where('p.unpublished_at', 'is', null).select('p.id')))
      .select(['i.slug', 'i.name'])
      .orderBy('i.name')
      .limit(500)
      .execute();
    return sendPage(
      c,
      <Page lang={lang} t={t} title={t.appName} path="/">
        <section class="hero">
          <h1>{t.appName}</h1>
          <p>{t.tagline}</p>
        </section>
        <div class="grid">
          <section class="card">
            <h2>{t.forCitizens}</h2>
            <p>{t.forCitizensText}</p>
          </section>
          <section class="card">
            <h2>{t.forTeams}</h2>
            <p>{t.forTeamsText}</p>
            <p>
              <a class="button" href="/admin/login">
                {t.signIn}
              </a>
            </p>
          </section>
        </div>
        <section class="card">
          <h2>{t.publishedResults}</h2>
          {instansi.length === 0 ? (
            <p class="muted">{t.publishedResultsEmpty}</p>
          ) : (
            <ul class="links">
              {instansi.map((i) => (
                <li>
                  <a href={`/p/${i.slug}`}>{i.name}</a>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section class="card">
          <h2>{t.howScored}</h2>
          <p>{t.howScoredText}</p>
        </section>
      </Page>,
    );
  });
  return app;
}
