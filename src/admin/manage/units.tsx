// GET/POST /admin/units (the tree of units; admins add one) and GET/POST /admin/units/:unit (the
// unit's page and its profile).
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isAdmin, ownInstansi, reachableUnits, requireRole, unitInReach } from '../access.ts';
import { listInstruments } from '../instruments.ts';
import { addUnit, FieldError, updateUnit } from '../org.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, sendAdminPage } from '../web/page.tsx';
import { actorOf, type FormState, formFields, messagesOf, Problem, refusedForm, SelectField, TextField } from './form.tsx';
import { instansiUnits, parentChoices } from './queries.ts';
import { UnitTree } from './tree.tsx';
import { sendUnitPage } from './unit-page.tsx';

/** Satisfaction first, then corruption perception, then service quality: the order a unit usually asks them. */
const KIND_ORDER = { ikm: 0, ipak: 1, ipkp: 2 } as const;

async function instrumentChoices(db: AdminDeps['db'], instansiSlug: string) {
  const rows = await listInstruments(db, instansiSlug);
  return rows.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || Number(b.builtin) - Number(a.builtin) || a.code.localeCompare(b.code));
}

export function unitsRoutes(deps: AdminDeps) {
  const { db } = deps;
  const app = new Hono<AdminEnv>();

  async function unitsPage(c: Context<AdminEnv>, { state, chosen, status = 200 }: { state?: FormState; chosen?: string[]; status?: ContentfulStatusCode } = {}) {
    const m = messagesOf(c);
    const user = c.get('user');
    const units = await reachableUnits(db, user);
    let addForm = null;
    if (isAdmin(user)) {
      const instansi = await ownInstansi(db, user);
      const [parents, instruments] = await Promise.all([instansiUnits(db, instansi.id), instrumentChoices(db, instansi.slug)]);
      const picked = new Set(chosen ?? ['skm']);
      addForm = (
        <form method="post" action="/admin/units" class="card narrow" aria-labelledby="add-unit-title">
          <h2 id="add-unit-title">{m.addUnitTitle}</h2>
          <Problem state={state} />
          <CsrfField token={c.get('csrf')} />
          <TextField id="new-unit-name" name="name" label={m.field_name} state={state} required maxlength={200} />
          <TextField id="new-unit-slug" name="slug" label={m.field_slug} hint={m.slugHint} state={state} maxlength={63} />
          <SelectField id="new-unit-parent" name="parent" label={m.field_parent} value="" state={state} options={[['', m.noParent], ...parents.map((u): [string, string] => [u.slug, u.name])]} />
          <fieldset aria-describedby="new-unit-instruments-hint" aria-invalid={state?.field === 'instruments' ? 'true' : undefined}>
            <legend>{m.instrumentsLegend}</legend>
            <p class="hint" id="new-unit-instruments-hint">
              {m.instrumentsHint}
            </p>
            {instruments.map((i) => (
              <label>
                <input type="checkbox" name="instruments" value={i.code} checked={picked.has(i.code)} /> {i.name}
              </label>
            ))}
          </fieldset>
          <button type="submit">{m.addUnitButton}</button>
        </form>
      );
    }
    return sendAdminPage(c, {
      title: m.unitsTitle,
      status,
      children: (
        <>
          <section class="card" aria-labelledby="units-title">
            <h2 id="units-title" class="sr-only">
              {m.unitsTitle}
            </h2>
            <p>{m.unitsIntro}</p>
            {units.length === 0 ? <p class="muted">{m.noUnits}</p> : <UnitTree units={units} m={m} />}
          </section>
          {addForm}
        </>
      ),
    });
  }

  app.get('/admin/units', (c) => unitsPage(c));

  app.post('/admin/units', async (c) => {
    const user = c.get('user');
    requireRole(user, 'admin');
    const m = messagesOf(c);
    const fields = await formFields(c);
    const all = await c.req.parseBody({ all: true });
    const chosen = [all.instruments ?? []].flat().filter((v): v is string => typeof v === 'string');
    const instansi = await ownInstansi(db, user);
    try {
      const known = new Set((await instrumentChoices(db, instansi.slug)).map((i) => i.code));
      const unknown = chosen.find((code) => !known.has(code));
      if (unknown) throw new FieldError(400, 'instruments', 'unknown', `instruments: no instrument "${unknown}"`);
      const unit = await addUnit(db, { instansi: instansi.slug, name: fields.name ?? '', slug: fields.slug || undefined, parent: fields.parent || undefined, instruments: chosen }, actorOf(c));
      return c.redirect(`/admin/units/${unit.slug}?done=created`, 303);
    } catch (error) {
      const { status, ...state } = refusedForm(error, m, 'unit-add', fields);
      return unitsPage(c, { state, chosen, status });
    }
  });

  app.get('/admin/units/:unit', async (c) => {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
    return sendUnitPage(c, deps, unit, { done: c.req.query('done') });
  });

  app.post('/admin/units/:unit', async (c) => {
    const user = c.get('user');
    const unit = await unitInReach(db, user, c.req.param('unit'), { write: true });
    const fields = await formFields(c);
    try {
      const parent = fields.parent || null;
      // a unit_admin may only name a unit it reaches (or keep the current parent)
      if (parent !== null && !(await parentChoices(db, user, unit)).allowed.some((u) => u.slug === parent)) {
        throw new FieldError(400, 'parent', 'unknown', `parent: no unit "${parent}" in this instansi`);
      }
      const cooldown = fields.cooldownMinutes?.trim() ?? '';
      await updateUnit(
        db,
        unit.id,
        {
          name: fields.name ?? '',
          parent,
          headName: fields.headName ?? '',
          headNip: fields.headNip ?? '',
          address: fields.address ?? '',
          cooldownMinutes: /^\d+$/.test(cooldown) ? Number(cooldown) : Number.NaN,
          flagPolicy: fields.flagPolicy ?? '',
          active: fields.active === 'true',
        },
        actorOf(c),
      );
    } catch (error) {
      const { status, ...state } = refusedForm(error, messagesOf(c), 'profile', fields);
      return sendUnitPage(c, deps, unit, { state, status });
    }
    deps.loketContexts?.invalidate();
    // the slug never changes, so the page's address stays
    return c.redirect(`/admin/units/${unit.slug}?done=profile`, 303);
  });

  return app;
}
