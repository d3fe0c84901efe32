// Importing paper questionnaires in the workspace (issue 6 §7):
// - GET /admin/reports/:unit/import: the templates, the upload form (writers only) and the history;
// - GET /admin/reports/:unit/import/template.xlsx|csv: the unit's template;
// - POST /admin/reports/:unit/import (multipart `file`, optional `force`): the upload goes to a
//   temporary file and the import runs in the background; 303 to the job's page (501 where no
//   background job can outlive its request: Workers);
// - GET /admin/reports/:unit/import/:job: its progress while it runs (web/import-progress.js follows
//   it through GET …/:job/status.json and reloads the page at the end; without script, a refresh
//   link), then its outcome. No meta refresh: a page that reloads itself on a timer is a barrier.
// Everything answers 404 to a user who does not reach the unit; the upload 403 to one who may only read.
import { mkdtemp, rm as removePath, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { type Context, Hono } from 'hono';
import { AppError, notFound } from '../../http/errors.ts';
import { errorFields, writeLog } from '../../http/log.ts';
import { reportsMessages } from '../../i18n/admin-reports.ts';
import { fill } from '../../i18n/index.ts';
import { importResponses, importTemplate, listImports } from '../../reports/import/index.ts';
import { canWrite, type ReachedUnit, unitInReach } from '../access.ts';
import { momentText } from '../publish/format.ts';
import type { AdminDeps, AdminEnv } from '../web/env.ts';
import { readForm, textOf } from '../web/form.ts';
import { Notice, sendAdminPage } from '../web/page.tsx';
import { CONTENT_TYPES, sendDownload } from './download.ts';
import { ImportHistory, type ImportWords, JobOutcome, JobProgress, jobProgressText, UploadForm } from './import-views.tsx';
import { importJobs } from './jobs.ts';
import { timeZoneOf } from './scope.ts';

type Ctx = Context<AdminEnv>;

const ACCEPTED = new Set(['.csv', '.xlsx']);

const importPath = (unit: ReachedUnit) => `/admin/reports/${encodeURIComponent(unit.slug)}/import`;

export function importRoutes(deps: AdminDeps) {
  const { db } = deps;
  const background = deps.backgroundJobs ?? true;
  const jobs = importJobs();
  const app = new Hono<AdminEnv>();

  const words = async (c: Ctx, unit: ReachedUnit): Promise<ImportWords> => ({ rm: reportsMessages(c.get('lang')), lang: c.get('lang'), zone: await timeZoneOf(db, unit.instansiId) });

  async function importPage(c: Ctx, unit: ReachedUnit, refused?: { error: string; status: 400 | 409 | 415 }) {
    const w = await words(c, unit);
    const { rm } = w;
    const base = importPath(unit);
    const running = jobs.running(unit.id);
    return sendAdminPage(c, {
      title: fill(rm.importTitle, { name: unit.name }),
      status: refused?.status,
      children: (
        <>
          <p>
            <a href={`/admin/reports/${encodeURIComponent(unit.slug)}`}>{fill(rm.backToReports, { name: unit.name })}</a>
          </p>
          <Notice kind="error" text={refused?.error} />
          {running && (
            <p>
              <a href={`${base}/${running.id}`}>{rm.busyLink}</a>
            </p>
          )}
          <p>{rm.importIntro}</p>
          <section class="card" aria-labelledby="template-h">
            <h2 id="template-h">{rm.templateHeading}</h2>
            <p class="hint">{rm.templateHint}</p>
            <ul class="links">
              <li>
                <a href={`${base}/template.xlsx`}>{rm.templateXlsx}</a>
              </li>
              <li>
                <a href={`${base}/template.csv`}>{rm.templateCsv}</a>
              </li>
            </ul>
          </section>
          <section class="card" aria-labelledby="upload-h">
            <h2 id="upload-h">{rm.formHeading}</h2>
            {!background ? <Notice kind="error" text={rm.noBackgroundJobs} /> : canWrite(c.get('user')) ? <UploadForm w={w} action={base} csrf={c.get('csrf')} /> : <p class="muted">{rm.readOnly}</p>}
          </section>
          <section class="card" aria-labelledby="history-h">
            <h2 id="history-h">{rm.historyHeading}</h2>
            <ImportHistory w={w} imports={await listImports(db, unit.id)} />
          </section>
        </>
      ),
    });
  }

  app.get('/admin/reports/:unit/import', async (c) => importPage(c, await unitInReach(db, c.get('user'), c.req.param('unit'))));

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(`/admin/reports/:unit/import/template.${format}`, async (c) => {
      const unit = await unitInReach(db, c.get('user'), c.req.param('unit'));
      return sendDownload(c, { type: CONTENT_TYPES[format], filename: `templat-impor-${unit.slug}.${format}` }, await importTemplate(db, unit.id, format));
    });
  }

  app.post('/admin/reports/:unit/import', async (c) => {
    const user = c.get('user');
    const unit = await unitInReach(db, user, c.req.param('unit'), { write: true });
    const rm = reportsMessages(c.get('lang'));
    if (!background) throw new AppError(501, 'not_implemented', rm.noBackgroundJobs);
    const form = await readForm(c);
    const field = Array.isArray(form.file) ? form.file[0] : form.file;
    if (!(field instanceof File) || field.name === '') return importPage(c, unit, { error: rm.errNoFile, status: 400 });
    const extension = extname(field.name).toLowerCase();
    if (!ACCEPTED.has(extension)) return importPage(c, unit, { error: fill(rm.errFileType, { name: field.name }), status: 415 });
    const fileName = field.name;
    const force = textOf(form, 'force') === '1';
    const address = c.get('address');
    const requestId = c.get('requestId');
    let upload: File | null = field;
    let directory: string | undefined;
    const job = jobs.start(
      { unitId: unit.id, fileName, startedBy: user.name },
      async (progress) => {
        directory = await mkdtemp(join(tmpdir(), 'survei-import-'));
        const path = join(directory, `upload${extension}`);
        await writeFile(path, new Uint8Array(await upload!.arrayBuffer()));
        // the bytes are on disk: let the request's copy go while a large file is imported
        upload = null;
        const outcome = await importResponses(db, { unitId: unit.id, file: { path, name: fileName }, force, by: { userId: user.id, address }, onProgress: progress });
        // the public pages, embeds and badges read a cached view of the numbers
        if (outcome.ok) deps.publicViews?.invalidate();
        return outcome;
      },
      {
        onError: (error) => writeLog('error', `import into ${unit.slug} failed`, { request_id: requestId, unit: unit.slug, ...errorFields(error, { stack: true }) }),
        always: async () => {
          if (directory) await removePath(directory, { recursive: true, force: true });
        },
      },
    );
    if (!job) return importPage(c, unit, { error: rm.errBusy, status: 409 });
    return c.redirect(`${importPath(unit)}/${job.id}`, 303);
  });

  async function jobOf(c: Ctx) {
    const unit = await unitInReach(db, c.get('user'), c.req.param('unit')!);
    const job = jobs.get(c.req.param('job')!);
    if (!job || job.unitId !== unit.id) throw notFound('no such import');
    return { unit, job };
  }

  app.get('/admin/reports/:unit/import/:job{[0-9a-f-]{36}}/status.json', async (c) => {
    const { job } = await jobOf(c);
    // asked every second while the import runs: no query beyond the reach check
    const lang = c.get('lang');
    const { phase, rows } = jobProgressText({ rm: reportsMessages(lang), lang }, job);
    return c.json({ finished: job.finishedAt !== null, phase, rows, done: job.done, total: job.total });
  });

  app.get('/admin/reports/:unit/import/:job{[0-9a-f-]{36}}', async (c) => {
    const user = c.get('user');
    const { unit, job } = await jobOf(c);
    const w = await words(c, unit);
    const { rm } = w;
    const base = importPath(unit);
    const finished = job.finishedAt !== null;
    return sendAdminPage(c, {
      title: fill(rm.jobTitle, { name: unit.name }),
      head: finished ? undefined : <script src="/static/import-progress.js" defer />,
      children: (
        <>
          <p>{fill(rm.jobFile, { file: job.fileName, time: momentText(job.startedAt, w.zone, w.lang), name: job.startedBy })}</p>
          {!finished ? (
            <JobProgress w={w} job={job} href={`${base}/${job.id}`} />
          ) : job.crashed || !job.outcome ? (
            <Notice kind="error" text={rm.crashed} />
          ) : (
            <JobOutcome w={w} outcome={job.outcome} dashboard={`/admin/dashboard/${encodeURIComponent(unit.slug)}`} action={base} csrf={c.get('csrf')} canImport={canWrite(user)} />
          )}
          {finished && (
            <p>
              <a href={base}>{rm.importAnother}</a>
            </p>
          )}
        </>
      ),
    });
  });

  return app;
}
