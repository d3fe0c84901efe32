// The social images of a published period: /p/:instansi/:unit/:period/card.png (1200×630) and
// /square.png (1080×1080). Crawlers fetch them without cookies, so the language comes from
// `?lang=` only. A revision never changes, so an image asked for by its revision is cached for
// good; without one it follows the newest revision and is revalidated by its ETag.
import { Hono } from 'hono';
import { readLogo } from '../admin/instansi/logo.ts';
import { AppError, notFound } from '../http/errors.ts';
import type { AppEnv } from '../http/middleware.ts';
import type { Lang } from '../i18n/index.ts';
import { parsePeriod } from '../results/period.ts';
import { CARD_SIZES, type CardSize, cardPng } from './card-image.ts';
import type { PublishDeps } from './env.ts';
import { SHARED_CACHE, sendRendered } from './respond.ts';

export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

const REVISION = /^[1-9][0-9]{0,8}$/;

function langOf(asked: string | undefined): Lang {
  if (asked === undefined || asked === 'id' || asked === 'en') return asked ?? 'id';
  throw new AppError(400, 'bad_lang', 'lang: must be id or en');
}

export function imageRoutes({ db, config, views }: PublishDeps) {
  const app = new Hono<AppEnv>();

  for (const size of Object.keys(CARD_SIZES) as CardSize[]) {
    app.get(`/p/:instansi/:unit/:period/${size}.png`, async (c) => {
      const period = parsePeriod(c.req.param('period'));
      if (!period) throw new AppError(400, 'bad_period', 'period: must be a triwulan (2026-Q3), a semester (2026-S1) or a year (2026)');
      const askedRevision = c.req.query('revision');
      if (askedRevision !== undefined && !REVISION.test(askedRevision)) throw new AppError(400, 'bad_revision', 'revision: must be a whole number from 1');
      const lang = langOf(c.req.query('lang'));

      const view = await views.get(c.req.param('instansi'));
      const scope = view && views.unit(view, c.req.param('unit'));
      if (!view || !scope?.unit) throw notFound('no such instansi or unit');
      // newest revision first: without ?revision= the image shows what the public page shows
      const revisions = scope.publications.filter((p) => p.period === period.code);
      const publication = askedRevision === undefined ? revisions[0] : revisions.find((p) => p.revision === Number(askedRevision));
      if (!publication) throw notFound(`${period.code} is not published${askedRevision === undefined ? '' : ` as revision ${askedRevision}`}`);

      const unit = scope.unit;
      const key = `image:${size}:${unit.slug}:${period.code}:${publication.revision}:${lang}`;
      const rendered = await views.render(view, key, async () =>
        cardPng({
          size,
          lang,
          instansiName: view.name,
          logo: view.logoType ? await readLogo(db, view.id) : undefined,
          unitName: unit.name,
          snapshot: publication.snapshot,
          revision: publication.revision,
          url: `${config.publicBaseUrl}/p/${view.slug}/${unit.slug}`,
        }),
      );
      // public images: any site may also read them (a canvas, a fetch), not only show them
      c.header('Access-Control-Allow-Origin', '*');
      return sendRendered(c, rendered, 'image/png', askedRevision === undefined ? SHARED_CACHE : IMMUTABLE_CACHE);
    });
  }

  return app;
}
