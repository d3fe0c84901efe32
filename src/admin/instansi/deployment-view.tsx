// The operator's page: the instansi of the deployment and the form that creates one with its first
// admin; and the page that shows that admin's first password, once.
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import type { InstansiMessages } from '../../i18n/admin-instansi.ts';
import { fill } from '../../i18n/index.ts';
import { CsrfField, Notice } from '../web/page.tsx';

export interface NewInstansiValues {
  name: string;
  slug: string;
  timeZone: string;
  adminName: string;
  adminEmail: string;
}

interface Props {
  m: InstansiMessages;
  csrf: string;
  instansi: { name: string; slug: string; time_zone: string; units: number | null; users: number | null }[];
  values: NewInstansiValues;
  error?: string;
}

export function DeploymentPage({ m, csrf, instansi, values, error }: Props) {
  return (
    <>
      <p class="muted">{m.operatorNote}</p>
      <section class="card">
        <h2>{m.listHeading}</h2>
        {instansi.length === 0 ? (
          <p class="muted">{m.listNone}</p>
        ) : (
          <div class="tablewrap" tabindex={0}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{m.colName}</th>
                  <th scope="col">{m.colSlug}</th>
                  <th scope="col">{m.colTimeZone}</th>
                  <th scope="col" class="num">
                    {m.colUnits}
                  </th>
                  <th scope="col" class="num">
                    {m.colUsers}
                  </th>
                </tr>
              </thead>
              <tbody>
                {instansi.map((i) => (
                  <tr>
                    <th scope="row">{i.name}</th>
                    <td>
                      <code>{i.slug}</code>
                    </td>
                    <td>{TIME_ZONES[i.time_zone as TimeZone] ?? i.time_zone}</td>
                    <td class="num">{i.units ?? 0}</td>
                    <td class="num">{i.users ?? 0}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <form method="post" action="/admin/instansi/new" class="card narrow" id="new">
        <h2>{m.createHeading}</h2>
        <Notice text={error} kind="error" />
        <CsrfField token={csrf} />
        <fieldset>
          <legend>{m.instansiLegend}</legend>
          <label for="name">{m.name}</label>
          <input id="name" name="name" type="text" required maxlength={200} value={values.name} />
          <label for="slug">{m.slugHint}</label>
          <input id="slug" name="slug" type="text" pattern="[a-z0-9][a-z0-9\-]{1,62}" value={values.slug} />
          <label for="timeZone">{m.timeZone}</label>
          <select id="timeZone" name="timeZone">
            {(Object.keys(TIME_ZONES) as TimeZone[]).map((zone) => (
              <option value={zone} selected={values.timeZone === zone}>
                {TIME_ZONES[zone]} ({zone})
              </option>
            ))}
          </select>
        </fieldset>
        <fieldset>
          <legend>{m.adminLegend}</legend>
          <label for="adminName">{m.adminName}</label>
          <input id="adminName" name="adminName" type="text" required maxlength={200} value={values.adminName} />
          <label for="adminEmail">{m.adminEmail}</label>
          <input id="adminEmail" name="adminEmail" type="email" required value={values.adminEmail} />
        </fieldset>
        <button type="submit">{m.createButton}</button>
      </form>
    </>
  );
}

interface CreatedProps {
  m: InstansiMessages;
  instansi: { name: string; slug: string };
  admin: { email: string };
  password: string;
}

export function CreatedPage({ m, instansi, admin, password }: CreatedProps) {
  return (
    <section class="card narrow">
      <Notice text={fill(m.created, { name: instansi.name, slug: instansi.slug, email: admin.email })} />
      <p id="passwordNote">{m.passwordOnce}</p>
      <p>
        <code class="once" aria-describedby="passwordNote">
          {password}
        </code>
      </p>
      <p>
        <a href="/admin/instansi">{m.backToList}</a>
      </p>
    </section>
  );
}
