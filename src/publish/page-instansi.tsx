// `/p/:instansi`: the instansi's own figure and every unit's latest publication in one table,
// sortable by links in the column headers (no script), units that have published nothing last.
import type { Child } from 'hono/jsx';
import { formatCount, KONVERSI_DECIMALS, periodName } from '../i18n/format.ts';
import { fill } from '../i18n/index.ts';
import type { InstrumentKind } from '../scoring/index.ts';
import { instrumentOf, publishedDay, unitZiStanding } from './page-figures.ts';
import { Headline, link, mutuText, num, type PageText, PublicShell, ZiBadge, ziFigure } from './page-parts.tsx';
import type { PublicInstansi, PublicScope } from './view.ts';

export const SORT_KEYS = ['name', 'ikm', 'ipak', 'ipkp', 'n'] as const;
export type SortKey = (typeof SORT_KEYS)[number];
export type SortDir = 'asc' | 'desc';
export interface Sort {
  key: SortKey;
  dir: SortDir;
}
export const DEFAULT_SORT: Sort = { key: 'name', dir: 'asc' };

/** The number a column sorts by; null when the unit's publication has none (sorted after the rest). */
function sortValue(scope: PublicScope, key: Exclude<SortKey, 'name'>): number | null {
  const snapshot = scope.current!.snapshot;
  if (key === 'n') return snapshot.respondents;
  const card = instrumentOf(snapshot, key as InstrumentKind)?.card;
  return (key === 'ikm' ? card?.konversi : card?.index) ?? null;
}

/** Published units by the column (ties and missing values by name), then the unpublished ones by name. */
export function sortUnits(units: PublicScope[], sort: Sort): PublicScope[] {
  const byName = (a: PublicScope, b: PublicScope) => a.unit!.name.localeCompare(b.unit!.name, 'id');
  const published = units.filter((u) => u.current);
  const unpublished = units.filter((u) => !u.current).sort(byName);
  const sign = sort.dir === 'asc' ? 1 : -1;
  published.sort((a, b) => {
    if (sort.key === 'name') return sign * byName(a, b);
    const x = sortValue(a, sort.key);
    const y = sortValue(b, sort.key);
    if (x === null || y === null) return x === y ? byName(a, b) : x === null ? 1 : -1;
    return x === y ? byName(a, b) : sign * (x - y);
  });
  return [...published, ...unpublished];
}

function SortHeader({ text, view, sort, column, label }: { text: PageText; view: PublicInstansi; sort: Sort; column: SortKey; label: string }) {
  const sorted = sort.key === column;
  // a second click turns the order; a new column starts with the best (largest) first, names A–Z
  const next: SortDir = sorted ? (sort.dir === 'asc' ? 'desc' : 'asc') : column === 'name' ? 'asc' : 'desc';
  return (
    <th scope="col" class={column === 'name' ? undefined : 'num'} aria-sort={sorted ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
      <a href={link(`/p/${view.slug}`, text.lang, { sort: column, dir: next })} title={fill(text.pm.sortBy, { column: label })}>
        {label}
        <span aria-hidden="true">{sorted ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ' ↕'}</span>
      </a>
    </th>
  );
}

function UnitRow({ text, view, scope }: { text: PageText; view: PublicInstansi; scope: PublicScope }) {
  const { lang, dm, pm } = text;
  const unit = scope.unit!;
  const name = (
    <th scope="row">
      <a href={link(`/p/${view.slug}/${unit.slug}`, lang)}>{unit.name}</a>
    </th>
  );
  if (!scope.current) {
    return (
      <tr>
        {name}
        <td colspan={7} class="muted">
          {pm.notPublished}
        </td>
      </tr>
    );
  }
  const { snapshot } = scope.current;
  const ikm = instrumentOf(snapshot, 'ikm')?.card;
  return (
    <tr>
      {name}
      <td class="num">{num(text, ikm?.konversi ?? null, KONVERSI_DECIMALS)}</td>
      <td>{ikm ? mutuText(text, ikm) : '–'}</td>
      <td class="num">{ziFigure(text, instrumentOf(snapshot, 'ipak')?.card)}</td>
      <td class="num">{ziFigure(text, instrumentOf(snapshot, 'ipkp')?.card)}</td>
      <td>
        <ZiBadge text={text} standing={unitZiStanding(snapshot)} />
      </td>
      <td class="num">{formatCount(snapshot.respondents, lang)}</td>
      <td>{periodName(snapshot.period, dm, lang)}</td>
    </tr>
  );
}

function WideFigure({ text, view }: { text: PageText; view: PublicInstansi }) {
  const { dm, pm, lang } = text;
  const current = view.wide.current;
  return (
    <section class="card" aria-labelledby="wide-h">
      <h2 id="wide-h">{fill(pm.wideTitle, { name: view.name })}</h2>
      {current ? (
        <>
          <p>
            <strong>{periodName(current.snapshot.period, dm, lang)}</strong> ·{' '}
            <span class="muted">{fill(pm.revisionPublished, { revision: current.revision, date: publishedDay(current, view.timeZone, dm) })}</span>
          </p>
          <Headline text={text} snapshot={current.snapshot} />
        </>
      ) : (
        <p class="muted">{pm.wideNone}</p>
      )}
    </section>
  );
}

export function InstansiPage({ text, view, sort, meta }: { text: PageText; view: PublicInstansi; sort: Sort; meta: Child }) {
  const { pm } = text;
  const labels: Record<SortKey, string> = { name: pm.colUnit, ikm: pm.colIkm, ipak: pm.colIpak, ipkp: pm.colIpkp, n: pm.colN };
  const header = (column: SortKey) => <SortHeader text={text} view={view} sort={sort} column={column} label={labels[column]} />;
  const sorted = sort.key !== DEFAULT_SORT.key || sort.dir !== DEFAULT_SORT.dir;
  return (
    <PublicShell text={text} title={fill(pm.instansiTitle, { name: view.name })} path={`/p/${view.slug}`} keep={sorted ? { sort: sort.key, dir: sort.dir } : undefined} meta={meta}>
      <header class="masthead">
        {view.logoType && <img class="logo" src={`/p/${view.slug}/logo`} alt={fill(pm.logoAlt, { name: view.name })} />}
        <div>
          <h1>{view.name}</h1>
          <p>{fill(pm.instansiIntro, { name: view.name })}</p>
        </div>
      </header>
      <WideFigure text={text} view={view} />
      <section class="card" aria-labelledby="units-h">
        <h2 id="units-h">{pm.unitsTitle}</h2>
        <p>{pm.unitsIntro}</p>
        <div class="tablewrap" tabindex={0}>
          <table class="data">
            <caption>{fill(pm.unitsCaption, { column: labels[sort.key], direction: sort.dir === 'asc' ? pm.ascending : pm.descending })}</caption>
            <thead>
              <tr>
                {header('name')}
                {header('ikm')}
                <th scope="col">{pm.colMutu}</th>
                {header('ipak')}
                {header('ipkp')}
                <th scope="col">{pm.colZi}</th>
                {header('n')}
                <th scope="col">{pm.colPeriod}</th>
              </tr>
            </thead>
            <tbody>
              {sortUnits(view.units, sort).map((scope) => (
                <UnitRow text={text} view={view} scope={scope} />
              ))}
            </tbody>
          </table>
        </div>
        <p class="muted">{pm.ziNote}</p>
      </section>
    </PublicShell>
  );
}
