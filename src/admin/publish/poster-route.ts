// GET /admin/publish/:unit/poster.pdf?loket=<code>: the results poster of a unit for one of its
// lokets, for anyone who reaches the unit. It shows what the public page shows (the newest visible
// revision, read from the same public view), so the counter and the website never disagree.
// Each poster is audited: the ZI evidence sheet cites when results were printed for the counter.
import { Hono } from 'hono';
import type { TimeZone } from '../../config.ts';
import { AppError, notFound } from '../../http/errors.ts';
import { resultsPosterPdf } from '../../publish/poster.ts';
import { publicViews } from '../../publish/view.ts';
import { findLoketByCode } from '../../survey/invitations.ts';
import { unitInReach } from '../access.ts';
import { audit } from '../audit.ts';
import { surveyUrl } from '../org.ts';
import { readLogo } from '../instansi/logo.ts';
import { CONTENT_TYPES, sendDownload } from '../reports/download.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';

export function resultsPosterRoutes(deps: AdminDeps) {
  const { db, config } = deps;
  // without the shared cache (a test, a tool), read afresh each time: the poster must not lag a publication
  const views = deps.publicViews ?? publicViews(db, 0);
  const app = new Hono<AdminEnv>();

  app.get('/admin/publish/:unit/poster.pdf', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    const code = c.req.query('loket');
    if (!code) throw new AppError(400, 'missing_loket', 'loket: the code of the loket whose QR the poster carries is required');
    const loket = await findLoketByCode(db, code);
    if (!loket || !loket.active || loket.unitId !== unit.id) throw notFound(`no active loket with code "${code}" in this unit`);

    const instansi = await db.selectFrom('instansi').where('id', '=', unit.instansiId).select(['slug', 'time_zone']).executeTakeFirstOrThrow();
    const view = await views.get(instansi.slug);
    const current = view && views.unit(view, unit.slug)?.current;
    const logo = view?.logoType === 'image/png' || view?.logoType === 'image/jpeg' ? await readLogo(db, unit.instansiId) : undefined;
    const pdf = await resultsPosterPdf({
      url: surveyUrl(config.publicBaseUrl, loket.code),
      instansiName: loket.instansiName,
      unitName: unit.name,
      loketName: loket.name,
      logo: logo?.bytes,
      publication: current && { snapshot: current.snapshot, revision: current.revision, publishedAt: current.publishedAt },
      timeZone: instansi.time_zone as TimeZone,
    });
    await audit(db, {
      instansiId: unit.instansiId,
      userId: c.get('user').id,
      address: c.get('address'),
      action: 'publication.poster',
      targetType: 'unit',
      targetId: unit.id,
      detail: { loket: loket.code, ...(current ? { period: current.period } : {}) },
    });
    return sendDownload(c, { type: CONTENT_TYPES.pdf, filename: `hasil-survei-${unit.slug}-${loket.code}.pdf` }, pdf);
  });

  return app;
}
