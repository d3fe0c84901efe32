// Pieces the review pages share: local times, flags with their reasons, the respondent profile,
// the answers in short, the counted/excluded state, the filter choices and the pager.
import { TIME_ZONES, type TimeZone } from '../../config.ts';
import type { Channel, Trust } from '../../db/types.ts';
import type { Instrument } from '../../instruments/schema.ts';
import type { AdminReviewMessages } from '../../i18n/admin-review.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { UTC_OFFSET_MS } from '../../results/period.ts';
import { BURST_LIMIT, BURST_WINDOW_MINUTES, type QualityFlag, SECONDS_PER_ITEM } from '../../survey/flags.ts';
import { DISABILITY, EDUCATION, OCCUPATION, optionLabel } from '../../survey/profile.ts';

export const FLAGS: readonly QualityFlag[] = ['repeat_device', 'too_fast', 'straight_line', 'outside_hours', 'burst'];
export const CHANNELS: readonly Channel[] = ['qr', 'kiosk', 'invitation', 'paper'];
export const TRUSTS: readonly Trust[] = ['open', 'presence', 'invited'];

/** '2026-08-03 14:05 WIB': the instant on the instansi's own clock (fixed offsets, no DST in Indonesia). */
export function localTime(at: Date, zone: TimeZone): string {
  const local = new Date(at.getTime() + UTC_OFFSET_MS[zone]).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)} ${TIME_ZONES[zone]}`;
}

/** The start of a long text (masked first, so a cut never leaves part of a number unmasked). */
export const preview = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

const decimal = (lang: Lang, digits: number) => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** Why a flag was set, in plain words (the thresholds are the ones the flags are computed with). */
export function flagReason(r: AdminReviewMessages, lang: Lang, flag: string, cooldownMinutes: number): string | undefined {
  switch (flag) {
    case 'repeat_device':
      return fill(r.why_repeat_device, { minutes: cooldownMinutes });
    case 'too_fast':
      return fill(r.why_too_fast, { seconds: decimal(lang, 1).format(SECONDS_PER_ITEM) });
    case 'straight_line':
      return r.why_straight_line;
    case 'outside_hours':
      return r.why_outside_hours;
    case 'burst':
      return fill(r.why_burst, { limit: BURST_LIMIT, minutes: BURST_WINDOW_MINUTES });
    default:
      return undefined;
  }
}

const flagName = (r: AdminReviewMessages, flag: string) => (FLAGS as readonly string[]).includes(flag) ? r[`flag_${flag as QualityFlag}`] : flag;

export function Flags({ r, lang, flags, cooldownMinutes }: { r: AdminReviewMessages; lang: Lang; flags: string[]; cooldownMinutes: number }) {
  if (flags.length === 0) return <span class="muted">{r.none}</span>;
  return (
    <ul class="flags">
      {flags.map((flag) => (
        <li>
          <span class="badge warn">{flagName(r, flag)}</span> {flagReason(r, lang, flag, cooldownMinutes)}
        </li>
      ))}
    </ul>
  );
}

export const channelName = (r: AdminReviewMessages, channel: Channel) => r[`channel_${channel}`];
export const trustName = (r: AdminReviewMessages, trust: Trust) => r[`trust_${trust}`];

interface ProfileFields {
  gender: 'L' | 'P' | null;
  age: number | null;
  education: string | null;
  occupation: string | null;
  disability: string | null;
}

function profileEntries(r: AdminReviewMessages, lang: Lang, p: ProfileFields): [string, string | null][] {
  const label = (options: typeof EDUCATION, code: string | null) => {
    if (code === null) return null;
    const option = options.find(([c]) => c === code);
    return option ? optionLabel(option, lang) : code;
  };
  return [
    [r.gender, p.gender ? r[`gender_${p.gender}`] : null],
    [r.age, p.age === null ? null : fill(r.ageYears, { age: p.age })],
    [r.education, label(EDUCATION, p.education)],
    [r.occupation, label(OCCUPATION, p.occupation)],
    [r.disability, label(DISABILITY, p.disability)],
  ];
}

/** The profile in one line (the fields given), for a table cell. */
export function ProfileLine({ r, lang, profile }: { r: AdminReviewMessages; lang: Lang; profile: ProfileFields }) {
  const given = profileEntries(r, lang, profile).filter(([, value]) => value !== null);
  if (given.length === 0) return <span class="muted">{r.notGiven}</span>;
  return <>{given.map(([name, value]) => `${name}: ${value}`).join('; ')}</>;
}

/** The profile as a description list, every field (the detail page). */
export function ProfileList({ r, lang, profile }: { r: AdminReviewMessages; lang: Lang; profile: ProfileFields }) {
  return (
    <dl class="facts">
      {profileEntries(r, lang, profile).map(([name, value]) => (
        <>
          <dt>{name}</dt>
          <dd>{value ?? <span class="muted">{r.notGiven}</span>}</dd>
        </>
      ))}
    </dl>
  );
}

/** An instrument's name in the page language (its English translation, when it has one). */
export function instrumentName(entry: { name: string; definition: Instrument } | undefined, lang: Lang, fallback: string): string {
  return (lang === 'en' ? entry?.definition.translations?.en?.name : undefined) ?? entry?.name ?? fallback;
}

/** Per instrument answered: how many answers and their mean, e.g. "SKM: 9 jawaban, rata-rata 3,22". */
export function AnswersSummary({ r, lang, answers, names }: { r: AdminReviewMessages; lang: Lang; answers: Record<string, Record<string, number>>; names: Map<string, { name: string; definition: Instrument }> }) {
  const parts = Object.entries(answers).map(([versionId, items]) => {
    const values = Object.values(items);
    const mean = values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
    return fill(r.answersSummary, { instrument: instrumentName(names.get(versionId), lang, versionId), n: values.length, mean: decimal(lang, 2).format(mean) });
  });
  if (parts.length === 0) return <span class="muted">{r.none}</span>;
  return (
    <ul class="plain">
      {parts.map((p) => (
        <li>{p}</li>
      ))}
    </ul>
  );
}

/** Counted, or excluded with its reason, who and when. */
export function ExclusionState({
  r,
  row,
}: {
  r: AdminReviewMessages;
  row: { excluded_at: Date | null; excluded_reason: string | null; excluded_by_name: string | null; time_zone: TimeZone };
}) {
  if (row.excluded_at === null) return <span class="badge ok">{r.counted}</span>;
  return (
    <>
      <span class="badge bad">{r.excluded}</span> <span>{fill(r.excludedReason, { reason: row.excluded_reason ?? '' })}</span>{' '}
      <span class="muted">{fill(r.excludedByAt, { name: row.excluded_by_name ?? r.excludedBySystem, time: localTime(row.excluded_at, row.time_zone) })}</span>
    </>
  );
}

/** A select with an "all" choice; `value` is the chosen option. */
export function Choice({ id, label, all, value, options }: { id: string; label: string; all: string; value: string | undefined; options: readonly (readonly [string, string])[] }) {
  return (
    <div>
      <label for={id}>{label}</label>
      <select id={id} name={id}>
        <option value="">{all}</option>
        {options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The period fields: a period code, or a date range. */
export function PeriodFields({ r, period, from, to, custom }: { r: AdminReviewMessages; period?: string; from: string; to: string; custom: boolean }) {
  return (
    <>
      <div>
        <label for="period">{r.filterPeriod}</label>
        <input id="period" name="period" value={custom ? '' : (period ?? '')} placeholder={r.periodHint} pattern="\d{4}(-Q[1-4]|-S[12])?" />
      </div>
      <div>
        <label for="from">{r.filterFrom}</label>
        <input id="from" name="from" type="date" value={custom ? from : ''} />
      </div>
      <div>
        <label for="to">{r.filterTo}</label>
        <input id="to" name="to" type="date" value={custom ? to : ''} />
      </div>
    </>
  );
}

/** A link to the next page (and back to the first), keeping the filters. */
export function Pager({ r, path, query, next }: { r: AdminReviewMessages; path: string; query: URLSearchParams; next?: string }) {
  const first = new URLSearchParams(query);
  first.delete('after');
  const nextQuery = new URLSearchParams(first);
  if (next) nextQuery.set('after', next);
  if (!next && !query.has('after')) return null;
  return (
    <nav class="pager" aria-label={r.pages}>
      {query.has('after') && <a href={`${path}?${first}`}>{r.firstPage}</a>}
      {next && (
        <a href={`${path}?${nextQuery}`} rel="next">
          {r.nextPage}
        </a>
      )}
    </nav>
  );
}
