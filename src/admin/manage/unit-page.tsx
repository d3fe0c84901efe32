// The page of one unit: its profile, its layanan and its lokets. Users who may change the unit get
// the forms; read-only users see the same facts without them.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ManageMessages } from '../../i18n/admin-manage.ts';
import { fill } from '../../i18n/index.ts';
import { canWrite, type ReachedUnit } from '../access.ts';
import { MAX_COOLDOWN_MINUTES, surveyUrl } from '../org.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { CsrfField, Notice, sendAdminPage } from '../web/page.tsx';
import { ActiveToggle, type FormState, messagesOf, Problem, SelectField, stateFor, TextField } from './form.tsx';
import { type InstansiUnit, type LayananRow, type LoketRow, parentChoices, type UnitProfile, unitLayanan, unitLokets, unitProfile } from './queries.ts';

/** The notices shown after a change (`?done=`), by key. */
function doneText(m: ManageMessages, done: string | undefined, unitName: string): string | undefined {
  const texts: Record<string, string> = {
    created: fill(m.unitAdded, { name: unitName }),
    profile: m.profileSaved,
    'layanan-added': m.layananAdded,
    'layanan-saved': m.layananSaved,
    'loket-added': m.loketAdded,
    'loket-saved': m.loketSaved,
  };
  return done ? texts[done] : undefined;
}

const StatusBadge = ({ active, m }: { active: boolean; m: ManageMessages }) => <span class={`badge ${active ? 'ok' : 'bad'}`}>{active ? m.active : m.inactive}</span>;

function ProfileForm({ base, profile, parents, m, csrf, state }: { base: string; profile: UnitProfile; parents: InstansiUnit[]; m: ManageMessages; csrf: string; state?: FormState }) {
  const values = state?.values;
  const policy = values ? values.flagPolicy : profile.flag_policy;
  const active = values ? values.active === 'true' : profile.active;
  return (
    <form method="post" action={base} class="narrow">
      <Problem state={state} />
      <CsrfField token={csrf} />
      <TextField id="unit-name" name="name" label={m.field_name} value={profile.name} state={state} required maxlength={200} />
      <SelectField
        id="unit-parent"
        name="parent"
        label={m.field_parent}
        value={profile.parent_slug ?? ''}
        state={state}
        options={[['', m.noParent], ...parents.map((u): [string, string] => [u.slug, u.name])]}
      />
      <TextField id="unit-head-name" name="headName" label={m.field_headName} value={profile.head_name} state={state} maxlength={200} />
      <TextField id="unit-head-nip" name="headNip" label={m.field_headNip} value={profile.head_nip} state={state} maxlength={30} inputmode="numeric" />
      <div class="field">
        <label for="unit-address">{m.field_address}</label>
        <textarea id="unit-address" name="address" rows={3} maxlength={500} aria-invalid={state?.field === 'address' ? 'true' : undefined}>
          {values ? values.address : (profile.address ?? '')}
        </textarea>
      </div>
      <TextField
        id="unit-cooldown"
        name="cooldownMinutes"
        type="number"
        min={0}
        max={MAX_COOLDOWN_MINUTES}
        label={m.field_cooldownMinutes}
        hint={fill(m.cooldownHint, { max: MAX_COOLDOWN_MINUTES })}
        value={String(profile.cooldown_minutes)}
        state={state}
        required
      />
      <fieldset aria-invalid={state?.field === 'flagPolicy' ? 'true' : undefined}>
        <legend>{m.field_flagPolicy}</legend>
        <label>
          <input type="radio" name="flagPolicy" value="count" checked={policy === 'count'} /> {m.flagCount}
        </label>
        <label>
          <input type="radio" name="flagPolicy" value="exclude" checked={policy === 'exclude'} /> {m.flagExclude}
        </label>
      </fieldset>
      <label class="check">
        <input type="checkbox" name="active" value="true" checked={active} /> {m.unitActiveLabel}
      </label>
      <button type="submit">{m.saveProfile}</button>
    </form>
  );
}

function ProfileFacts({ profile, m }: { profile: UnitProfile; m: ManageMessages }) {
  const rows: [string, string][] = [
    [m.field_name, profile.name],
    [m.field_parent, profile.parent_name ?? m.none],
    [m.field_headName, profile.head_name ?? m.none],
    [m.field_headNip, profile.head_nip ?? m.none],
    [m.field_address, profile.address ?? m.none],
    [m.field_cooldownMinutes, String(profile.cooldown_minutes)],
    [m.field_flagPolicy, profile.flag_policy === 'exclude' ? m.flagExclude : m.flagCount],
    [m.field_active, profile.active ? m.active : m.inactive],
  ];
  return (
    <dl class="facts">
      {rows.map(([term, value]) => (
        <>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </>
      ))}
    </dl>
  );
}

function LayananSection({ base, layanan, m, csrf, writable, state }: { base: string; layanan: LayananRow[]; m: ManageMessages; csrf: string; writable: boolean; state?: FormState }) {
  const adding = stateFor(state, 'layanan-add');
  return (
    <section class="card" id="layanan" aria-labelledby="layanan-title">
      <h2 id="layanan-title">{m.layananTitle}</h2>
      {layanan.length === 0 ? (
        <p class="muted">{m.noLayanan}</p>
      ) : (
        <div class="tablewrap" tabindex={0}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{m.layananName}</th>
                <th scope="col">{m.status}</th>
                {writable && <th scope="col">{m.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {layanan.map((l) => {
                const editing = stateFor(state, `layanan-${l.id}`);
                return (
                  <tr>
                    <th scope="row">{l.name}</th>
                    <td>
                      <StatusBadge active={l.active} m={m} />
                    </td>
                    {writable && (
                      <td>
                        <details open={Boolean(editing)}>
                          <summary>
                            {m.rename}
                            <span class="sr-only"> {l.name}</span>
                          </summary>
                          <form method="post" action={`${base}/layanan/${l.id}`}>
                            <Problem state={editing} />
                            <CsrfField token={csrf} />
                            <TextField id={`layanan-${l.id}-name`} name="name" label={m.newName} value={l.name} state={editing} required maxlength={200} />
                            <button type="submit">{m.save}</button>
                          </form>
                        </details>
                        <ActiveToggle action={`${base}/layanan/${l.id}`} active={l.active} csrf={csrf} m={m} what={l.name} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {writable && (
        <form method="post" action={`${base}/layanan`} class="narrow">
          <h3>{m.addLayanan}</h3>
          <Problem state={adding} />
          <CsrfField token={csrf} />
          <TextField id="layanan-new-name" name="name" label={m.layananName} state={adding} required maxlength={200} />
          <button type="submit">{m.addLayanan}</button>
        </form>
      )}
    </section>
  );
}

/** The layanan a loket may serve: "every layanan" or one active layanan of the unit (and the one it serves now). */
function layananOptions(layanan: LayananRow[], m: ManageMessages, current: string | null = null): [string, string][] {
  return [['', m.allLayanan], ...layanan.filter((l) => l.active || l.id === current).map((l): [string, string] => [l.id, l.name])];
}

interface LoketSectionProps {
  base: string;
  lokets: LoketRow[];
  layanan: LayananRow[];
  publicBaseUrl: string;
  m: ManageMessages;
  csrf: string;
  writable: boolean;
  state?: FormState;
}

function LoketSection({ base, lokets, layanan, publicBaseUrl, m, csrf, writable, state }: LoketSectionProps) {
  const adding = stateFor(state, 'loket-add');
  return (
    <section class="card" id="lokets" aria-labelledby="lokets-title">
      <h2 id="lokets-title">{m.loketTitle}</h2>
      {lokets.length === 0 ? (
        <p class="muted">{m.noLokets}</p>
      ) : (
        <div class="tablewrap" tabindex={0}>
          <table class="data">
            <thead>
              <tr>
                <th scope="col">{m.loketName}</th>
                <th scope="col">{m.loketCode}</th>
                <th scope="col">{m.loketLayanan}</th>
                <th scope="col">{m.status}</th>
                <th scope="col">{m.surveyUrl}</th>
                <th scope="col">{m.downloads}</th>
                {writable && <th scope="col">{m.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {lokets.map((k) => {
                const editing = stateFor(state, `loket-${k.code}`);
                const url = surveyUrl(publicBaseUrl, k.code);
                const files: [string, string][] = [
                  ['qr.svg', m.qrSvg],
                  ['qr.png', m.qrPng],
                  ['poster.pdf', m.posterPdf],
                ];
                return (
                  <tr>
                    <th scope="row">{k.name}</th>
                    <td>
                      <code>{k.code}</code>
                    </td>
                    <td>{k.layanan_name ?? m.allLayanan}</td>
                    <td>
                      <StatusBadge active={k.active} m={m} />
                    </td>
                    <td>
                      <a href={url}>{url.replace(/^https?:\/\//, '')}</a>
                    </td>
                    <td>
                      {k.active ? (
                        <ul class="plain">
                          {files.map(([file, label]) => (
                            <li>
                              <a href={`${base}/lokets/${k.code}/${file}`} download aria-label={fill(m.downloadsFor, { what: label, loket: k.name })}>
                                {label}
                              </a>
                            </li>
                          ))}
                        </ul>
                      ) : (
                        m.none
                      )}
                    </td>
                    {writable && (
                      <td>
                        <details open={Boolean(editing)}>
                          <summary>{fill(m.editLoket, { loket: k.name })}</summary>
                          <form method="post" action={`${base}/lokets/${k.code}`}>
                            <Problem state={editing} />
                            <CsrfField token={csrf} />
                            <TextField id={`loket-${k.code}-name`} name="name" label={m.loketName} hint={m.loketCodeStays} value={k.name} state={editing} required maxlength={200} />
                            <SelectField id={`loket-${k.code}-layanan`} name="layananId" label={m.loketLayanan} value={k.layanan_id ?? ''} state={editing} options={layananOptions(layanan, m, k.layanan_id)} />
                            <button type="submit">{m.save}</button>
                          </form>
                        </details>
                        <div class="actions">
                          <ActiveToggle action={`${base}/lokets/${k.code}`} active={k.active} csrf={csrf} m={m} what={k.name} />
                          <form method="post" action={`${base}/lokets/${k.code}/keys`} class="inline">
                            <CsrfField token={csrf} />
                            <button type="submit" class="secondary" aria-label={fill(m.rotateKeysFor, { loket: k.name })}>
                              {m.rotateKeys}
                            </button>
                          </form>
                        </div>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {writable && (
        <form method="post" action={`${base}/lokets`} class="narrow">
          <h3>{m.addLoket}</h3>
          <Problem state={adding} />
          <CsrfField token={csrf} />
          <TextField id="loket-new-name" name="name" label={m.loketName} state={adding} required maxlength={200} />
          <SelectField id="loket-new-layanan" name="layananId" label={m.loketLayanan} value="" state={adding} options={layananOptions(layanan, m)} />
          <button type="submit">{m.addLoket}</button>
        </form>
      )}
    </section>
  );
}

export interface UnitPageOptions {
  state?: FormState;
  done?: string;
  status?: ContentfulStatusCode;
}

/** Renders the unit page (after a refused form: with that form sent back and the status given). */
export async function sendUnitPage(c: Context<AdminEnv>, { db, config }: AdminDeps, unit: ReachedUnit, { state, done, status = 200 }: UnitPageOptions = {}) {
  const m = messagesOf(c);
  const user = c.get('user');
  const csrf = c.get('csrf');
  const writable = canWrite(user);
  const [profile, layanan, lokets] = await Promise.all([unitProfile(db, unit.id), unitLayanan(db, unit.id), unitLokets(db, unit.id)]);
  const parents = writable ? (await parentChoices(db, user, unit)).options : [];
  const base = `/admin/units/${unit.slug}`;
  const links: [string, string][] = [
    [`/admin/dashboard/${unit.slug}`, m.dashboard],
    [`${base}/instruments`, m.linkInstruments],
    [`${base}/api-keys`, m.linkApiKeys],
    [`${base}/population`, m.linkPopulation],
  ];
  return sendAdminPage(c, {
    title: profile.name,
    status,
    children: (
      <>
        <Notice text={doneText(m, done, profile.name)} />
        <nav aria-label={m.unitLinks}>
          <ul class="plain inline">
            {links.map(([href, label]) => (
              <li>
                <a href={href}>{label}</a>
              </li>
            ))}
          </ul>
        </nav>
        {!writable && <p class="muted">{m.readOnlyNote}</p>}
        <section class="card" id="profile" aria-labelledby="profile-title">
          <h2 id="profile-title">{m.profileTitle}</h2>
          {writable ? <ProfileForm base={base} profile={profile} parents={parents} m={m} csrf={csrf} state={stateFor(state, 'profile')} /> : <ProfileFacts profile={profile} m={m} />}
        </section>
        <LayananSection base={base} layanan={layanan} m={m} csrf={csrf} writable={writable} state={state} />
        <LoketSection base={base} lokets={lokets} layanan={layanan} publicBaseUrl={config.publicBaseUrl} m={m} csrf={csrf} writable={writable} state={state} />
      </>
    ),
  });
}
