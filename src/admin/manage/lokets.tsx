// The lokets of a unit: add, change (rename, another layanan, activate, deactivate; the code never
// changes), new screen and kiosk keys (shown once), and the QR and poster downloads. A loket of
// another unit answers 404 everywhere, like one that does not exist.
import { Hono } from 'hono';
import { AppError, notFound } from '../../http/errors.ts';
import { fill } from '../../i18n/index.ts';
import { LOKET_PRINT_TYPES, type LoketPrintFormat, loketPrint } from '../../reports/loket-print.ts';
import { findLoketByCode } from '../../survey/invitations.ts';
import { unitInReach } from '../access.ts';
import { addLoketTo, displayUrl, kioskUrl, rotateLoketKeys, updateLoket } from '../org.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { Notice, sendAdminPage } from '../web/page.tsx';
import { activeField, actorOf, formFields, messagesOf, refusedForm, unitRefOf } from './form.tsx';
import { sendUnitPage } from './unit-page.tsx';

const DOWNLOADS: Record<string, { format: LoketPrintFormat; file: (code: string) => string }> = {
  'qr.svg': { format: 'svg', file: (code) => `qr-${code}.svg` },
  'qr.png': { format: 'png', file: (code) => `qr-${code}.png` },
  'poster.pdf': { format: 'pdf', file: (code) => `poster-${code}.pdf` },
};

export function loketRoutes(deps: AdminDeps) {
  const { db, config } = deps;
  const app = new Hono<AdminEnv>();

  app.post('/admin/units/:unit/lokets', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'), { write: true });
    const fields = await formFields(c);
    try {
      await addLoketTo(db, unitRefOf(unit), { name: fields.name ?? '', layananId: fields.layananId || undefined }, actorOf(c));
    } catch (error) {
      const { status, ...state } = refusedForm(error, messagesOf(c), 'loket-add', fields);
      return sendUnitPage(c, deps, unit, { state, status });
    }
    deps.loketContexts?.invalidate();
    return c.redirect(`/admin/units/${unit.slug}?done=loket-added#lokets`, 303);
  });

  app.post('/admin/units/:unit/lokets/:code', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'), { write: true });
    const code = c.req.param('code');
    const fields = await formFields(c);
    try {
      const layananId = fields.layananId === undefined ? undefined : fields.layananId || null;
      await updateLoket(db, unitRefOf(unit), code, { name: fields.name, layananId, active: activeField(fields.active) }, actorOf(c));
    } catch (error) {
      const { status, ...state } = refusedForm(error, messagesOf(c), `loket-${code}`, fields);
      return sendUnitPage(c, deps, unit, { state, status });
    }
    // the questionnaire shows a closed, renamed or rebound loket at once
    deps.loketContexts?.invalidate();
    return c.redirect(`/admin/units/${unit.slug}?done=loket-saved#lokets`, 303);
  });

  app.post('/admin/units/:unit/lokets/:code/keys', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'), { write: true });
    const loket = await findLoketByCode(db, c.req.param('code'));
    if (!loket || loket.unitId !== unit.id) throw notFound('no such loket in this unit');
    const keys = await rotateLoketKeys(db, loket.code, actorOf(c));
    // the old keys stop working at once, not when the cached loket expires
    deps.loketContexts?.invalidate();
    const m = messagesOf(c);
    const urls: [string, string, string][] = [
      ['display-url', m.keysDisplay, displayUrl(config.publicBaseUrl, keys.code, keys.displayKey)],
      ['kiosk-url', m.keysKiosk, kioskUrl(config.publicBaseUrl, keys.code, keys.kioskKey)],
    ];
    return sendAdminPage(c, {
      title: fill(m.keysTitle, { loket: keys.name }),
      children: (
        <section class="card">
          <Notice text={m.keysIntro} />
          {urls.map(([id, label, url]) => (
            <div class="field">
              <label for={id}>{label}</label>
              <input id={id} type="text" readonly value={url} />
            </div>
          ))}
          <p>
            <a href={`/admin/units/${unit.slug}#lokets`}>{fill(m.backToUnit, { unit: unit.name })}</a>
          </p>
        </section>
      ),
    });
  });

  for (const [file, download] of Object.entries(DOWNLOADS)) {
    app.get(`/admin/units/:unit/lokets/:code/${file}`, async (c) => {
      const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
      const loket = await findLoketByCode(db, c.req.param('code'));
      if (!loket || loket.unitId !== unit.id) throw notFound('no such loket in this unit');
      // a printed QR must lead to an open questionnaire
      if (!loket.active) throw new AppError(409, 'inactive', fill(messagesOf(c).loketInactivePrint, { loket: loket.name }));
      const { data } = await loketPrint(loket, config.publicBaseUrl, download.format);
      return c.body(typeof data === 'string' ? data : new Uint8Array(data), 200, {
        'Content-Type': LOKET_PRINT_TYPES[download.format],
        'Content-Disposition': `attachment; filename="${download.file(loket.code)}"`,
      });
    });
  }

  return app;
}
