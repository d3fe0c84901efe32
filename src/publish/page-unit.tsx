// `/p/:instansi/:unit[/:period]`: one publication in full, as it was frozen, with what changed in
// its revision, the trend, the follow-up, the link to answer the survey, and the archive.
import type { Child } from 'hono/jsx';
import { periodName } from '../i18n/format.ts';
import { fill } from '../i18n/index.ts';
import type { Publication } from '../results/publication.ts';
import { changeText } from '../i18n/changes.ts';
import { publishedDay } from './page-figures.ts';
import { FollowUpSection } from './page-followup.tsx';
import { Headline, link, type PageText, PublicShell } from './page-parts.tsx';
import { InstrumentSection, SampleSection } from './page-scores.tsx';
import { TrendSection } from './page-trend.tsx';
import type { PublicInstansi, PublicScope } from './view.ts';

export interface UnitPageProps {
  text: PageText;
  view: PublicInstansi;
  scope: PublicScope;
  /** the revision shown; undefined when the unit has published nothing */
  shown: Publication | undefined;
  /** the page's own path, for the language switch */
  path: string;
  keep?: Record<string, string>;
  meta: Child;
}

/** "Dinas Kesehatan · Triwulan II 2026": the page's title and the shared link's */
export function unitTitle(text: PageText, unitName: string, shown: Publication | undefined): string {
  return shown ? `${unitName} · ${periodName(shown.snapshot.period, text.dm, text.lang)}` : unitName;
}

const unitPath = (view: PublicInstansi, scope: PublicScope) => `/p/${view.slug}/${scope.unit!.slug}`;

function RevisionNotes({ text, view, scope, shown }: { text: PageText; view: PublicInstansi; scope: PublicScope; shown: Publication }) {
  const { pm, dm, lang } = text;
  const newest = scope.publications.find((p) => p.period === shown.period)!;
  return (
    <>
      {newest.revision !== shown.revision && (
        <div class="notice" role="note">
          <p>{fill(pm.oldRevision, { revision: shown.revision, period: periodName(shown.snapshot.period, dm, lang) })}</p>
          <p>
            <a href={link(`${unitPath(view, scope)}/${shown.period}`, lang)}>{fill(pm.newestLink, { revision: newest.revision })}</a>
          </p>
        </div>
      )}
      {shown.revision > 1 && (
        <section class="card updated" aria-labelledby="changes-h">
          <h2 id="changes-h">{fill(pm.updated, { revision: shown.revision })}</h2>
          <p>{pm.changesIntro}</p>
          <ul class="changes">
            {shown.snapshot.changes.map((change) => (
              <li>{changeText(change, lang, pm)}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function SurveyLink({ text, scope }: { text: PageText; scope: PublicScope }) {
  if (!scope.surveyCode) return null;
  return (
    <p class="cta">
      <a class="button" href={link(`/s/${scope.surveyCode}`, text.lang)}>
        {text.pm.takeSurvey}
      </a>{' '}
      <span>{fill(text.pm.takeSurveyText, { unit: scope.unit!.name })}</span>
    </p>
  );
}

/** Every published period with each visible revision, newest first; the one shown is marked. */
function Archive({ text, view, scope, shown }: { text: PageText; view: PublicInstansi; scope: PublicScope; shown: Publication }) {
  const { pm, dm, lang } = text;
  const periods = [...new Set(scope.publications.map((p) => p.period))];
  return (
    <section class="card" aria-labelledby="archive-h">
      <h2 id="archive-h">{pm.archiveTitle}</h2>
      <p class="muted">{pm.archiveIntro}</p>
      <ul class="archive">
        {periods.map((period) => {
          const revisions = scope.publications.filter((p) => p.period === period);
          const base = `${unitPath(view, scope)}/${period}`;
          return (
            <li>
              <a href={link(base, lang)}>{periodName(revisions[0]!.snapshot.period, dm, lang)}</a>
              <ul>
                {revisions.map((p) => {
                  const isShown = p.id === shown.id;
                  return (
                    <li>
                      <a href={link(base, lang, { revision: String(p.revision) })} aria-current={isShown ? 'page' : undefined}>
                        {fill(pm.revisionLink, { revision: p.revision, date: publishedDay(p, view.timeZone, dm) })}
                      </a>
                      {isShown && <span class="muted"> ({pm.current})</span>}
                    </li>
                  );
                })}
              </ul>
            </li>
          );
        })}
      </ul>
    </section>
  );
}

export function UnitPage({ text, view, scope, shown, path, keep, meta }: UnitPageProps) {
  const { pm, dm, lang } = text;
  const unit = scope.unit!;
  const title = unitTitle(text, unit.name, shown);
  return (
    <PublicShell text={text} title={title} path={path} keep={keep} meta={meta}>
      <p class="crumbs">
        <a href={link(`/p/${view.slug}`, lang)}>{fill(pm.allUnits, { name: view.name })}</a>
      </p>
      <header class="masthead">
        {view.logoType && <img class="logo" src={`/p/${view.slug}/logo`} alt={fill(pm.logoAlt, { name: view.name })} />}
        <div>
          <h1>{unit.name}</h1>
          <p>{view.name}</p>
          {shown && (
            <p>
              <strong>{periodName(shown.snapshot.period, dm, lang)}</strong> ·{' '}
              <span class="muted">{fill(pm.revisionPublished, { revision: shown.revision, date: publishedDay(shown, view.timeZone, dm) })}</span>
            </p>
          )}
        </div>
      </header>
      {shown && <RevisionNotes text={text} view={view} scope={scope} shown={shown} />}
      <SurveyLink text={text} scope={scope} />
      {shown ? (
        <>
          <section class="card" aria-labelledby="summary-h">
            <h2 id="summary-h">{fill(pm.summaryTitle, { period: periodName(shown.snapshot.period, dm, lang) })}</h2>
            <Headline text={text} snapshot={shown.snapshot} />
            {shown.snapshot.instruments.some((i) => i.card.zi) && <p class="muted">{pm.ziNote}</p>}
          </section>
          {shown.snapshot.instruments.map((instrument, i) => (
            <InstrumentSection text={text} instrument={instrument} id={`instrument-${i}`} />
          ))}
          <SampleSection text={text} snapshot={shown.snapshot} />
          <TrendSection text={text} publications={scope.publications} shown={shown} />
          <FollowUpSection text={text} unitName={unit.name} shown={shown} followUps={scope.followUps} />
          <Archive text={text} view={view} scope={scope} shown={shown} />
        </>
      ) : (
        <p class="card muted">{fill(pm.unitNone, { unit: unit.name })}</p>
      )}
    </PublicShell>
  );
}
