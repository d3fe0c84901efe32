// The import pages' parts: the upload form, the import history, and a job as it runs and ends
// (rows done; imported; every problem by row and column; or the refusal of a file imported before).
import type { TimeZone } from '../../config.ts';
import type { ReportsMessages } from '../../i18n/admin-reports.ts';
import { formatCount } from '../../i18n/format.ts';
import { fill, type Lang } from '../../i18n/index.ts';
import { describeImportProblem, type ImportOutcome, type ImportRecord } from '../../reports/import/index.ts';
import { momentText } from '../publish/format.ts';
import { CsrfField } from '../web/page.tsx';
import type { ImportJob } from './jobs.ts';
import { IMPORT_FILE_MB } from './upload-limit.ts';

export interface ImportWords {
  rm: ReportsMessages;
  lang: Lang;
  zone: TimeZone;
}

const ACCEPTED_FILES = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The upload; `force` offers importing a file again (only after it was refused as imported before). */
export function UploadForm({ w, action, csrf, force = false }: { w: ImportWords; action: string; csrf: string; force?: boolean }) {
  return (
    <form method="post" action={action} enctype="multipart/form-data">
      <CsrfField token={csrf} />
      <label for="file">{fill(w.rm.fileLabel, { size: IMPORT_FILE_MB })}</label>
      <input id="file" name="file" type="file" accept={ACCEPTED_FILES} required />
      {force && (
        <label class="check">
          <input type="checkbox" name="force" value="1" /> {w.rm.forceLabel}
        </label>
      )}
      <p>
        <button type="submit">{w.rm.submit}</button>
      </p>
    </form>
  );
}

export function ImportHistory({ w, imports }: { w: ImportWords; imports: ImportRecord[] }) {
  const { rm, lang } = w;
  if (imports.length === 0) return <p class="muted">{rm.noImports}</p>;
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data">
        <caption>{rm.historyCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{rm.colWhen}</th>
            <th scope="col">{rm.colBy}</th>
            <th scope="col">{rm.colFile}</th>
            <th scope="col" class="num">
              {rm.colRows}
            </th>
            <th scope="col">{rm.colHash}</th>
            <th scope="col">{rm.colForced}</th>
          </tr>
        </thead>
        <tbody>
          {imports.map((i) => (
            <tr>
              <td>{momentText(i.importedAt, w.zone, lang)}</td>
              <td>{i.importedBy ?? rm.byCommandLine}</td>
              <td>{i.fileName}</td>
              <td class="num">{formatCount(i.rows, lang)}</td>
              <td>
                <code>{i.fileHash.slice(0, 16)}…</code>
              </td>
              <td>{i.forced ? rm.forcedYes : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function phaseName(rm: ReportsMessages, job: ImportJob): string {
  return { waiting: rm.phaseWaiting, validate: rm.phaseChecking, store: rm.phaseStoring }[job.phase];
}

/** What the progress shows of a running job, in the page and in its status JSON. */
export function jobProgressText(w: Pick<ImportWords, 'rm' | 'lang'>, job: ImportJob) {
  const { rm, lang } = w;
  const rows = job.total === null ? fill(rm.progressRowsOpen, { done: formatCount(job.done, lang) }) : fill(rm.progressRows, { done: formatCount(job.done, lang), total: formatCount(job.total, lang) });
  return { phase: phaseName(rm, job), rows };
}

export function JobProgress({ w, job, href }: { w: ImportWords; job: ImportJob; href: string }) {
  const { rm } = w;
  const { phase, rows } = jobProgressText(w, job);
  return (
    <section class="card" aria-labelledby="job-h" data-job-status={`${href}/status.json`}>
      <h2 id="job-h">{phase}</h2>
      <p>
        {job.total === null ? <progress aria-labelledby="job-h" /> : <progress aria-labelledby="job-h" max={Math.max(job.total, 1)} value={job.done} />} <span data-job-rows>{rows}</span>
      </p>
      <p class="hint">{rm.running}</p>
      <p>
        <a href={href}>{rm.refreshLink}</a>
      </p>
    </section>
  );
}

export function JobOutcome({ w, outcome, dashboard, action, csrf, canImport }: { w: ImportWords; outcome: ImportOutcome; dashboard: string; action: string; csrf: string; canImport: boolean }) {
  const { rm, lang } = w;
  if (outcome.ok) {
    return (
      <section class="card" aria-labelledby="done-h">
        <h2 id="done-h">{rm.doneHeading}</h2>
        <p role="status">{fill(rm.doneRows, { rows: formatCount(outcome.rows, lang) })}</p>
        <p>
          <a href={dashboard}>{rm.toDashboard}</a>
        </p>
      </section>
    );
  }
  if (outcome.kind === 'duplicate') {
    const { previous } = outcome;
    return (
      <section class="card" aria-labelledby="dup-h">
        <h2 id="dup-h">{rm.duplicateHeading}</h2>
        <p role="alert">
          {fill(rm.duplicate, { time: momentText(previous.importedAt, w.zone, lang), name: previous.importedBy ?? rm.byCommandLine, rows: formatCount(previous.rows, lang) })}
        </p>
        {canImport && (
          <>
            <p>{rm.duplicateForce}</p>
            <UploadForm w={w} action={action} csrf={csrf} force />
          </>
        )}
      </section>
    );
  }
  const shown = outcome.problems.length;
  return (
    <section class="card" aria-labelledby="failed-h">
      <h2 id="failed-h">{rm.failedHeading}</h2>
      <p role="alert">{fill(rm.failedCount, { count: formatCount(outcome.totalProblems, lang) })}</p>
      {outcome.totalProblems > shown && <p>{fill(rm.failedMore, { shown: formatCount(shown, lang) })}</p>}
      <div class="tablewrap" tabindex={0}>
        <table class="data problems">
          <caption>{rm.problemsCaption}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {rm.colRow}
              </th>
              <th scope="col">{rm.colColumn}</th>
              <th scope="col">{rm.colReason}</th>
            </tr>
          </thead>
          <tbody>
            {outcome.problems.map((p) => (
              <tr>
                <td class="num">{p.row === null ? rm.wholeFile : String(p.row)}</td>
                <td>{p.column ?? '—'}</td>
                <td>{describeImportProblem(p, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
