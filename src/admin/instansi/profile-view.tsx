// The instansi profile page: the forms for an admin, the same facts read-only for everyone else.
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import type { ServiceHours } from '../../db/types.ts';
import type { InstansiMessages } from '../../i18n/admin-instansi.ts';
import { fill } from '../../i18n/index.ts';
import { CsrfField, Notice } from '../web/page.tsx';

/** The profile form's fields as typed (kept when the form is refused). */
export interface ProfileValues {
  name: string;
  timeZone: string;
  hours: string;
  days: string[];
  open: string;
  close: string;
  /** one origin per line */
  embedOrigins: string;
}

export function profileValues(p: { name: string; time_zone: string; service_hours: ServiceHours | null; embed_origins: string[] }): ProfileValues {
  const h = p.service_hours;
  return {
    name: p.name,
    timeZone: p.time_zone,
    hours: h ? 'set' : 'none',
    days: (h?.days ?? [1, 2, 3, 4, 5]).map(String),
    open: h?.open ?? '08:00',
    close: h?.close ?? '16:00',
    embedOrigins: p.embed_origins.join('\n'),
  };
}

const zoneLabel = (zone: TimeZone) => `${TIME_ZONES[zone]} (${zone})`;

export function hoursSummary(m: InstansiMessages, hours: ServiceHours | null): string {
  if (!hours) return m.hoursNone;
  return fill(m.hoursSummary, { days: hours.days.map((d) => m.weekdays[d - 1]).join(', '), open: hours.open, close: hours.close });
}

interface Props {
  m: InstansiMessages;
  csrf: string;
  instansi: { slug: string; name: string; time_zone: TimeZone; service_hours: ServiceHours | null; logo_type: string | null; embed_origins: string[] };
  editable: boolean;
  values: ProfileValues;
  notice?: string;
  error?: string;
  /** the refused field, marked invalid in the form */
  invalid?: 'embedOrigins';
}

function Logo({ m, instansi }: Pick<Props, 'm' | 'instansi'>) {
  return instansi.logo_type ? <img class="instansi-logo" src="/admin/instansi/logo" alt={fill(m.logoAlt, { name: instansi.name })} /> : <p class="muted">{m.logoNone}</p>;
}

function ReadOnly({ m, instansi }: Pick<Props, 'm' | 'instansi'>) {
  return (
    <section class="card">
      <p class="muted">{m.readOnlyNote}</p>
      <dl>
        <dt>{m.name}</dt>
        <dd>{instansi.name}</dd>
        <dt>{m.slug}</dt>
        <dd>
          <code>{instansi.slug}</code>
        </dd>
        <dt>{m.timeZone}</dt>
        <dd>{zoneLabel(instansi.time_zone)}</dd>
        <dt>{m.serviceHours}</dt>
        <dd>{hoursSummary(m, instansi.service_hours)}</dd>
        <dt>{m.logo}</dt>
        <dd>
          <Logo m={m} instansi={instansi} />
        </dd>
        <dt>{m.embedOrigins}</dt>
        <dd>
          {instansi.embed_origins.length === 0 ? (
            m.embedOriginsAny
          ) : (
            <ul class="plain">
              {instansi.embed_origins.map((origin) => (
                <li>
                  <code>{origin}</code>
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </section>
  );
}

function ProfileForm({ m, csrf, instansi, values, invalid }: Props) {
  return (
    <form method="post" action="/admin/instansi" class="card narrow">
      <h2>{m.profileHeading}</h2>
      <CsrfField token={csrf} />
      <p>
        {m.slug}: <code>{instansi.slug}</code>
      </p>
      <label for="name">{m.name}</label>
      <input id="name" name="name" type="text" required maxlength={200} value={values.name} />
      <label for="timeZone">{m.timeZone}</label>
      <select id="timeZone" name="timeZone" aria-describedby="timeZoneHint">
        {(Object.keys(TIME_ZONES) as TimeZone[]).map((zone) => (
          <option value={zone} selected={values.timeZone === zone}>
            {zoneLabel(zone)}
          </option>
        ))}
      </select>
      <p id="timeZoneHint" class="muted">
        {m.timeZoneHint}
      </p>
      <fieldset aria-describedby="hoursHint">
        <legend>{m.serviceHours}</legend>
        <p id="hoursHint" class="muted">
          {m.serviceHoursHint}
        </p>
        <label>
          <input type="radio" name="hours" value="none" checked={values.hours !== 'set'} /> {m.hoursNone}
        </label>
        <label>
          <input type="radio" name="hours" value="set" checked={values.hours === 'set'} /> {m.hoursSet}
        </label>
        <fieldset>
          <legend>{m.days}</legend>
          {m.weekdays.map((day, i) => (
            <label>
              <input type="checkbox" name="days" value={String(i + 1)} checked={values.days.includes(String(i + 1))} /> {day}
            </label>
          ))}
        </fieldset>
        <div class="hours">
          <div>
            <label for="open">{m.open}</label>
            <input id="open" name="open" type="time" value={values.open} />
          </div>
          <div>
            <label for="close">{m.close}</label>
            <input id="close" name="close" type="time" value={values.close} />
          </div>
        </div>
      </fieldset>
      <label for="embedOrigins">{m.embedOrigins}</label>
      <p id="embedOriginsHint" class="hint">
        {m.embedOriginsHint}
      </p>
      <textarea id="embedOrigins" name="embedOrigins" rows={4} spellcheck={false} aria-describedby="embedOriginsHint" aria-invalid={invalid === 'embedOrigins' ? 'true' : undefined}>
        {values.embedOrigins}
      </textarea>
      <button type="submit">{m.saveProfile}</button>
    </form>
  );
}

function LogoForm({ m, csrf, instansi }: Props) {
  return (
    <form method="post" action="/admin/instansi/logo" enctype="multipart/form-data" class="card narrow">
      <h2>{m.logo}</h2>
      <CsrfField token={csrf} />
      <Logo m={m} instansi={instansi} />
      <label for="logo">{m.logoFile}</label>
      <input id="logo" name="logo" type="file" accept="image/png,image/jpeg,image/svg+xml" required />
      <button type="submit">{m.uploadLogo}</button>
    </form>
  );
}

export function ProfilePage(props: Props) {
  return (
    <>
      <Notice text={props.notice} />
      <Notice text={props.error} kind="error" />
      {props.editable ? (
        <>
          <ProfileForm {...props} />
          <LogoForm {...props} />
        </>
      ) : (
        <ReadOnly m={props.m} instansi={props.instansi} />
      )}
    </>
  );
}
