// A unit's population per period with the minimum sample each one asks for, and the form that
// records one (for those who may change the unit).
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import type { InstansiMessages } from '../../i18n/admin-instansi.ts';
import type { Lang } from '../../i18n/index.ts';
import { UTC_OFFSET_MS } from '../../results/period.ts';
import { CsrfField, Notice } from '../web/page.tsx';

interface Props {
  lang: Lang;
  m: InstansiMessages;
  csrf: string;
  unit: { slug: string; name: string };
  timeZone: TimeZone;
  rows: { period: string; users: number; minimum: number; updated_at: Date; updated_by: string | null }[];
  editable: boolean;
  values: { period: string; users: string };
  notice?: string;
  error?: string;
}

/** '2026-05-03 09:41 WIB': when, on the instansi's clock. */
const localTime = (at: Date, zone: TimeZone) => `${new Date(at.getTime() + UTC_OFFSET_MS[zone]).toISOString().slice(0, 16).replace('T', ' ')} ${TIME_ZONES[zone]}`;

export function PopulationPage({ lang, m, csrf, unit, timeZone, rows, editable, values, notice, error }: Props) {
  const number = (n: number) => n.toLocaleString(lang === 'en' ? 'en' : 'id-ID');
  return (
    <>
      <p>{m.populationIntro}</p>
      <Notice text={notice} />
      <Notice text={error} kind="error" />
      <section class="card">
        {rows.length === 0 ? (
          <p class="muted">{m.populationNone}</p>
        ) : (
          <div class="tablewrap" tabindex={0}>
            <table class="data">
              <thead>
                <tr>
                  <th scope="col">{m.colPeriod}</th>
                  <th scope="col" class="num">
                    {m.colPopulation}
                  </th>
                  <th scope="col" class="num">
                    {m.colMinimum}
                  </th>
                  <th scope="col">{m.colUpdated}</th>
                  <th scope="col">{m.colUpdatedBy}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <th scope="row">{r.period}</th>
                    <td class="num">{number(r.users)}</td>
                    <td class="num">{number(r.minimum)}</td>
                    <td>{localTime(r.updated_at, timeZone)}</td>
                    <td>{r.updated_by ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {editable && (
        <form method="post" action={`/admin/units/${unit.slug}/population`} class="card narrow">
          <h2>{m.populationFormHeading}</h2>
          <CsrfField token={csrf} />
          <label for="period">{m.period}</label>
          <input id="period" name="period" type="text" required pattern="[0-9]{4}(-Q[1-4]|-S[12])?" value={values.period} />
          <label for="users">{m.users}</label>
          <input id="users" name="users" type="number" required min={1} step={1} inputmode="numeric" value={values.users} />
          <button type="submit">{m.savePopulation}</button>
        </form>
      )}
      <p>
        <a href={`/admin/units/${unit.slug}`}>{m.backToUnit}</a>
      </p>
    </>
  );
}
