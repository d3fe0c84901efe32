// The parts of the follow-up pages: the period picker, the proposed priorities, a plan's table and
// the form that records or edits an action.
import type { FollowUpStatus } from '../../db/types.ts';
import type { FollowUpMessages } from '../../i18n/admin-followup.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { roundTo, type UnsurScore } from '../../scoring/index.ts';
import { CsrfField } from '../web/page.tsx';
import type { FieldError } from './input.ts';
import { FOLLOW_UP_STATUSES, type FollowUpAction } from './store.ts';

/** A number for display, rounded half up, with the language's decimal mark. */
export function decimal(value: number | null, places: number, lang: Lang): string {
  if (value === null) return '–';
  const text = roundTo(value, places).toFixed(places);
  return lang === 'id' ? text.replace('.', ',') : text;
}

export function statusName(ft: FollowUpMessages, status: FollowUpStatus): string {
  return { planned: ft.statusPlanned, in_progress: ft.statusInProgress, done: ft.statusDone }[status];
}

const STATUS_BADGE: Record<FollowUpStatus, string> = { planned: 'badge', in_progress: 'badge warn', done: 'badge ok' };

export function PeriodPicker({ ft, action, period, periods, id = 'period' }: { ft: FollowUpMessages; action: string; period: string; periods: string[]; id?: string }) {
  return (
    <form method="get" action={action} class="filters card">
      <div>
        <label for={id}>{ft.periodLabel}</label>
        <input id={id} name="period" type="text" value={period} list={`${id}-list`} pattern="\d{4}(-Q[1-4]|-S[12])?" required />
        <datalist id={`${id}-list`}>
          {periods.map((p) => (
            <option value={p} />
          ))}
        </datalist>
      </div>
      <button type="submit">{ft.show}</button>
    </form>
  );
}

export function ProposalTable({ ft, lang, proposals }: { ft: FollowUpMessages; lang: Lang; proposals: (UnsurScore & { label: string })[] }) {
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data">
        <caption class="sr-only">{ft.weakestTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{ft.colCode}</th>
            <th scope="col">{ft.colUnsur}</th>
            <th scope="col" class="num">
              {ft.colAnswers}
            </th>
            <th scope="col" class="num">
              {ft.colNrr}
            </th>
            <th scope="col" class="num">
              {ft.colKonversi}
            </th>
            <th scope="col">{ft.colMutu}</th>
          </tr>
        </thead>
        <tbody>
          {proposals.map((u) => (
            <tr>
              <th scope="row">{u.code}</th>
              <td>{u.label}</td>
              <td class="num">{u.answers}</td>
              <td class="num">{decimal(u.nrr, 3, lang)}</td>
              <td class="num">{decimal(u.konversi, 2, lang)}</td>
              <td>{u.mutu}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

interface ActionTableProps {
  ft: FollowUpMessages;
  caption: string;
  unitSlug: string;
  actions: FollowUpAction[];
  unsurNames: ReadonlyMap<string, string>;
  /** with a status form and an edit link per action */
  editable: boolean;
  csrf: string;
}

/** A plan as BAB IV shows it: No | Prioritas unsur | Program/Kegiatan | Waktu | Penanggung jawab, with status and evidence. */
export function ActionTable({ ft, caption, unitSlug, actions, unsurNames, editable, csrf }: ActionTableProps) {
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data followup">
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col" class="num">
              {ft.colNo}
            </th>
            <th scope="col">{ft.colPriority}</th>
            <th scope="col">{ft.colAction}</th>
            <th scope="col">{ft.colDue}</th>
            <th scope="col">{ft.colOwner}</th>
            <th scope="col">{ft.colStatus}</th>
            <th scope="col">{ft.colEvidence}</th>
            <th scope="col">{ft.colPublished}</th>
            {editable && <th scope="col">{ft.colChange}</th>}
          </tr>
        </thead>
        <tbody>
          {actions.map((a, i) => (
            <tr>
              <td class="num">{i + 1}</td>
              <td>
                {a.unsurCode} {unsurNames.get(a.unsurCode) ?? ''}
              </td>
              <td class="multiline">{a.action}</td>
              <td>{a.due ?? '–'}</td>
              <td>{a.owner ?? '–'}</td>
              <td>
                <span class={STATUS_BADGE[a.status]}>{statusName(ft, a.status)}</span>
              </td>
              <td>
                {a.evidence && (
                  <a href={a.evidence} rel="noopener noreferrer nofollow">
                    {ft.evidenceLink}
                  </a>
                )}
                {a.evidence && a.evidenceFileName && <br />}
                {a.evidenceFileName && <a href={`/admin/follow-up/${unitSlug}/${a.id}/evidence`}>{fill(ft.evidenceDownload, { name: a.evidenceFileName })}</a>}
                {!a.evidence && !a.evidenceFileName && '–'}
              </td>
              <td>{a.published ? ft.publishedYes : ft.publishedNo}</td>
              {editable && (
                <td>
                  <form method="post" action={`/admin/follow-up/${unitSlug}/${a.id}`} class="statusform">
                    <CsrfField token={csrf} />
                    <label for={`status-${a.id}`} class="sr-only">
                      {fill(ft.statusOf, { no: i + 1 })}
                    </label>
                    <select id={`status-${a.id}`} name="status">
                      {FOLLOW_UP_STATUSES.map((s) => (
                        <option value={s} selected={s === a.status}>
                          {statusName(ft, s)}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="secondary">
                      {ft.setStatus}
                    </button>
                  </form>
                  <a href={`/admin/follow-up/${unitSlug}/${a.id}`}>{ft.edit}</a>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The fields as the form shows them: raw text, so a refused form comes back as it was typed. */
export type FormState = Partial<Record<'unsur_code' | 'action' | 'due' | 'owner' | 'status' | 'evidence' | 'published', string>>;

interface ActionFormProps {
  ft: FollowUpMessages;
  action: string;
  csrf: string;
  period: string;
  unsur: { code: string; name: string }[];
  /** the codes proposed as priorities, marked in the list */
  proposed: ReadonlySet<string>;
  state: FormState;
  error?: FieldError;
  /** the name of the file already uploaded (editing) */
  currentFile?: string | null;
  submit: string;
}

export function ActionForm({ ft, action, csrf, period, unsur, proposed, state, error, currentFile, submit }: ActionFormProps) {
  const invalid = (field: string) => (error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': 'followup-error' } : {});
  return (
    <form method="post" action={action} enctype="multipart/form-data">
      {error && (
        <p class="notice error" role="alert" id="followup-error">
          {ft[error.message]}
        </p>
      )}
      <CsrfField token={csrf} />
      <input type="hidden" name="period" value={period} />
      <label for="unsur_code">{ft.unsurField}</label>
      <select id="unsur_code" name="unsur_code" required {...invalid('unsur_code')}>
        {unsur.map((u) => (
          <option value={u.code} selected={u.code === state.unsur_code}>
            {u.code} {u.name}
            {proposed.has(u.code) ? ` (${ft.proposed})` : ''}
          </option>
        ))}
      </select>
      <label for="action">{ft.actionField}</label>
      <textarea id="action" name="action" rows={3} maxlength={2000} required {...invalid('action')}>
        {state.action ?? ''}
      </textarea>
      <label for="due">{ft.dueField}</label>
      <input id="due" name="due" type="date" value={state.due ?? ''} {...invalid('due')} />
      <label for="owner">{ft.ownerField}</label>
      <input id="owner" name="owner" type="text" maxlength={200} value={state.owner ?? ''} {...invalid('owner')} />
      <label for="status">{ft.statusField}</label>
      <select id="status" name="status" {...invalid('status')}>
        {FOLLOW_UP_STATUSES.map((s) => (
          <option value={s} selected={s === (state.status ?? 'planned')}>
            {statusName(ft, s)}
          </option>
        ))}
      </select>
      <label for="evidence">{ft.evidenceField}</label>
      <input id="evidence" name="evidence" type="url" maxlength={2000} value={state.evidence ?? ''} {...invalid('evidence')} />
      <label for="evidence_file">{ft.fileField}</label>
      <input id="evidence_file" name="evidence_file" type="file" accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg" {...invalid('evidence_file')} />
      {currentFile && <p class="muted">{fill(ft.fileKept, { name: currentFile })}</p>}
      <fieldset>
        <legend>{ft.publishedField}</legend>
        <label>
          <input type="radio" name="published" value="1" checked={state.published === '1'} /> {ft.yes}
        </label>
        <label>
          <input type="radio" name="published" value="0" checked={state.published !== '1'} /> {ft.no}
        </label>
      </fieldset>
      <button type="submit">{submit}</button>
    </form>
  );
}
