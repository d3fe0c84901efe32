// POST /admin/units/:unit/layanan (add) and /admin/units/:unit/layanan/:id (rename, activate,
// deactivate). A layanan of another unit answers 404 like one that does not exist.
import { Hono } from 'hono';
import { unitInReach } from '../access.ts';
import { addLayananTo, updateLayanan } from '../org.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { activeField, actorOf, formFields, messagesOf, refusedForm, unitRefOf } from './form.tsx';
import { sendUnitPage } from './unit-page.tsx';

export function layananRoutes(deps: AdminDeps) {
  const { db } = deps;
  const app = new Hono<AdminEnv>();

  app.post('/admin/units/:unit/layanan', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'), { write: true });
    const fields = await formFields(c);
    try {
      await addLayananTo(db, unitRefOf(unit), { name: fields.name ?? '' }, actorOf(c));
    } catch (error) {
      const { status, ...state } = refusedForm(error, messagesOf(c), 'layanan-add', fields);
      return sendUnitPage(c, deps, unit, { state, status });
    }
    deps.loketContexts?.invalidate();
    return c.redirect(`/admin/units/${unit.slug}?done=layanan-added#layanan`, 303);
  });

  app.post('/admin/units/:unit/layanan/:id', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'), { write: true });
    const id = c.req.param('id');
    const fields = await formFields(c);
    try {
      await updateLayanan(db, unitRefOf(unit), id, { name: fields.name, active: activeField(fields.active) }, actorOf(c));
    } catch (error) {
      const { status, ...state } = refusedForm(error, messagesOf(c), `layanan-${id}`, fields);
      return sendUnitPage(c, deps, unit, { state, status });
    }
    deps.loketContexts?.invalidate();
    return c.redirect(`/admin/units/${unit.slug}?done=layanan-saved#layanan`, 303);
  });

  return app;
}
