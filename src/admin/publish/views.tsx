// The publication pages: the list of scopes with what the public sees of each, and for one scope
// the periods with their live numbers, the chosen period's publication, drift, actions and
// revisions. Every number is formatted here for the page's language, from a snapshot as loaded.
import type { TimeZone } from '../../config.ts';
import type { DashboardMessages } from '../../i18n/admin-dashboard.ts';
import type { PublishMessages } from '../../i18n/admin-publish.ts';
import { formatCount, formatNumber, INDEX_DECIMALS, KONVERSI_DECIMALS, periodName } from '../../i18n/format.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import type { Period } from '../../results/period.ts';
import type { Change, Snapshot } from '../../results/publication.ts';
import { CsrfField } from '../web/page.tsx';
import { changeText } from '../../i18n/changes.ts';
import { publicMessages } from '../../i18n/public.ts';
import { momentText } from './format.ts';
import type { PublicMark, Revision } from './queries.ts';

export interface Words {
  pm: PublishMessages;
  dm: DashboardMessages;
  lang: Lang;
  zone: TimeZone;
}

export const periodLabel = (w: Words, period: Period) => `${periodName(period, w.dm, w.lang)} (${period.code})`;

/** A change list, or nothing for none. */
export function ChangeList({ w, changes }: { w: Words; changes: readonly Change[] }) {
  if (changes.length === 0) return null;
  return (
    <ul class="changes">
      {changes.map((change) => (
        <li>{changeText(change, w.lang, publicMessages(w.lang))}</li>
      ))}
    </ul>
  );
}

// ---- the list of scopes ---------------------------------------------------------------------------

export interface ScopeRow {
  key: string;
  name: string;
  inactive: boolean;
  latest: PublicMark | undefined;
}

export function ScopeTable({ w, rows, markPeriod }: { w: Words; rows: ScopeRow[]; markPeriod: (code: string) => string }) {
  const { pm } = w;
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data">
        <caption class="sr-only">{pm.title}</caption>
        <thead>
          <tr>
            <th scope="col">{pm.colScope}</th>
            <th scope="col">{pm.colLatest}</th>
            <th scope="col">{pm.colManage}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr>
              <th scope="row">
                {row.name}
                {row.inactive && <span class="muted"> ({pm.inactive})</span>}
              </th>
              <td>
                {row.latest ? fill(pm.latestValue, { period: markPeriod(row.latest.period), revision: row.latest.revision, date: momentText(row.latest.publishedAt, w.zone, w.lang) }) : <span class="muted">{pm.notPublished}</span>}
              </td>
              <td>
                <a href={`/admin/publish/${encodeURIComponent(row.key)}`} aria-label={fill(pm.manage, { name: row.name })}>
                  {pm.colManage}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- one scope: the periods -------------------------------------------------------------------------

export interface PeriodRow {
  period: Period;
  /** the period's last day is today or later */
  notOver: boolean;
  live: Snapshot;
  /** every revision of the period, newest first */
  revisions: Revision[];
  /** the revision the public sees; undefined when unpublished or withdrawn */
  current: Revision | undefined;
  /** how the live numbers differ from `current` */
  drift: Change[];
}

const ofKind = (s: Snapshot, kind: 'ikm' | 'ipak' | 'ipkp') => s.instruments.find((i) => i.card.kind === kind)?.card;

function LiveCells({ w, live }: { w: Words; live: Snapshot }) {
  const ikm = ofKind(live, 'ikm');
  const index = (kind: 'ipak' | 'ipkp') => formatNumber(ofKind(live, kind)?.index ?? null, INDEX_DECIMALS, w.lang);
  return (
    <>
      <td class="num">{live.instruments.length === 0 ? '–' : formatCount(live.respondents, w.lang)}</td>
      <td class="num">{ikm ? `${formatNumber(ikm.konversi, KONVERSI_DECIMALS, w.lang)} (${ikm.mutu ?? '–'})` : '–'}</td>
      <td class="num">{index('ipak')}</td>
      <td class="num">{index('ipkp')}</td>
    </>
  );
}

function PublicState({ w, row }: { w: Words; row: PeriodRow }) {
  const { pm } = w;
  if (row.current) {
    return (
      <>
        <span class="badge ok">{fill(pm.revisionShort, { revision: row.current.revision })}</span>
        {row.drift.length > 0 && (
          <>
            {' '}
            <span class="badge warn">{pm.drifted}</span>
          </>
        )}
      </>
    );
  }
  return row.revisions.length > 0 ? <span class="badge bad">{pm.withdrawn}</span> : <span class="muted">{pm.notPublished}</span>;
}

export function PeriodTable({ w, rows, scopeKey, selected }: { w: Words; rows: PeriodRow[]; scopeKey: string; selected: string }) {
  const { pm } = w;
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data periods">
        <caption>{pm.periodsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{pm.colPeriod}</th>
            <th scope="col" class="num">
              {pm.colRespondents}
            </th>
            <th scope="col" class="num">
              {pm.colIkm}
            </th>
            <th scope="col" class="num">
              {pm.colIpak}
            </th>
            <th scope="col" class="num">
              {pm.colIpkp}
            </th>
            <th scope="col">{pm.colPublic}</th>
            <th scope="col">{pm.colDetail}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr class={row.period.code === selected ? 'selected' : undefined}>
              <th scope="row">
                {periodLabel(w, row.period)}
                {row.notOver && (
                  <>
                    {' '}
                    <span class="badge">{pm.notOver}</span>
                  </>
                )}
              </th>
              <LiveCells w={w} live={row.live} />
              <td>
                <PublicState w={w} row={row} />
              </td>
              <td>
                <a
                  href={`/admin/publish/${encodeURIComponent(scopeKey)}?period=${row.period.code}#detail`}
                  aria-label={fill(pm.detailOf, { period: periodLabel(w, row.period) })}
                  aria-current={row.period.code === selected ? 'true' : undefined}
                >
                  {pm.detail}
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- one scope: the chosen period ---------------------------------------------------------------------

function ActionForm({ action, csrf, period, label, kind = 'primary' }: { action: string; csrf: string; period: string; label: string; kind?: 'primary' | 'danger' }) {
  return (
    <form method="post" action={action} class="inline">
      <CsrfField token={csrf} />
      <input type="hidden" name="period" value={period} />
      <button type="submit" class={kind === 'danger' ? 'danger' : undefined}>
        {label}
      </button>
    </form>
  );
}

function Actions({ w, row, scopeKey, csrf }: { w: Words; row: PeriodRow; scopeKey: string; csrf: string }) {
  const { pm } = w;
  const action = `/admin/publish/${encodeURIComponent(scopeKey)}`;
  const label = periodLabel(w, row.period);
  const next = (row.revisions[0]?.revision ?? 0) + 1;
  const hasLive = row.live.instruments.length > 0;
  return (
    <div class="publish-actions">
      {!row.current && hasLive && <ActionForm action={action} csrf={csrf} period={row.period.code} label={row.revisions.length > 0 ? fill(pm.publishAgain, { revision: next }) : fill(pm.publish, { period: label })} />}
      {row.current &&
        (row.drift.length > 0 && hasLive ? (
          <>
            <ActionForm action={action} csrf={csrf} period={row.period.code} label={fill(pm.republish, { revision: next })} />
            <p class="hint">{pm.republishHint}</p>
          </>
        ) : (
          <p class="muted">{pm.nothingToRepublish}</p>
        ))}
      {row.current && (
        <details class="unpublish">
          <summary>{fill(pm.unpublishSummary, { period: label })}</summary>
          <p>{fill(pm.unpublishWarning, { period: label })}</p>
          <ActionForm action={`${action}/unpublish`} csrf={csrf} period={row.period.code} label={fill(pm.unpublish, { period: label })} kind="danger" />
        </details>
      )}
    </div>
  );
}

function RevisionTable({ w, row }: { w: Words; row: PeriodRow }) {
  const { pm } = w;
  const atBy = (at: Date, name: string | null) => fill(pm.atBy, { date: momentText(at, w.zone, w.lang), name: name ?? pm.unknownUser });
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data">
        <caption>{fill(pm.revisionsCaption, { period: periodLabel(w, row.period) })}</caption>
        <thead>
          <tr>
            <th scope="col">{pm.colRevision}</th>
            <th scope="col">{pm.colPublishedAt}</th>
            <th scope="col">{pm.colUnpublishedAt}</th>
            <th scope="col">{pm.colChanges}</th>
          </tr>
        </thead>
        <tbody>
          {row.revisions.map((r) => (
            <tr>
              <th scope="row">{r.revision}</th>
              <td>{atBy(r.publishedAt, r.publishedBy)}</td>
              <td>{r.unpublishedAt ? atBy(r.unpublishedAt, r.unpublishedBy) : '–'}</td>
              <td>{r.snapshot.changes.length === 0 ? pm.firstRevision : <ChangeList w={w} changes={r.snapshot.changes} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What is public of the period, how the live numbers drifted, and what the user can do about it. */
export function PeriodDetail({ w, row, scopeKey, csrf, editable }: { w: Words; row: PeriodRow; scopeKey: string; csrf: string; editable: boolean }) {
  const { pm } = w;
  const withdrawn = !row.current ? row.revisions[0] : undefined;
  return (
    <section class="card" id="detail" aria-labelledby="detail-h">
      <h2 id="detail-h">{periodLabel(w, row.period)}</h2>
      {row.notOver && <p class="notice warn">{pm.notOverNote}</p>}
      {row.live.instruments.length === 0 && <p class="muted">{pm.nothingLive}</p>}
      {row.current ? (
        <>
          <p>{fill(pm.publishedAs, { revision: row.current.revision, date: momentText(row.current.publishedAt, w.zone, w.lang) })}</p>
          {row.drift.length > 0 ? (
            <div class="drift">
              <p>{pm.drift}</p>
              <ChangeList w={w} changes={row.drift} />
            </div>
          ) : (
            <p>{pm.noDrift}</p>
          )}
        </>
      ) : withdrawn?.unpublishedAt ? (
        <p>{fill(pm.withdrawnAt, { date: momentText(withdrawn.unpublishedAt, w.zone, w.lang), by: withdrawn.unpublishedBy ? fill(pm.byName, { name: withdrawn.unpublishedBy }) : '' })}</p>
      ) : (
        <p>{pm.notPublishedYet}</p>
      )}
      {editable ? <Actions w={w} row={row} scopeKey={scopeKey} csrf={csrf} /> : <p class="muted">{pm.readOnlyNote}</p>}
      <h3>{pm.revisionsHeading}</h3>
      {row.revisions.length === 0 ? <p class="muted">{pm.noRevisions}</p> : <RevisionTable w={w} row={row} />}
    </section>
  );
}
