// The parts of a dashboard page. Every number comes from a ScoreCard or a tally count as loaded;
// here it is only formatted for the page's language.
import { fill, type Lang } from '../../i18n/index.ts';
import type { DashboardMessages } from '../../i18n/admin-dashboard.ts';
import { AGE_BANDS } from '../../results/tally.ts';
import type { RespondentDimension } from '../../db/types.ts';
import type { ScoredInstrument } from '../../results/scorecard.ts';
import type { TrendPoint } from '../../results/trend.ts';
import { sampleAdequacy, type ScoreCard, thresholdWithinMargin, type UnsurScore, type ZiThresholdResult, ziWorksheetValue } from '../../scoring/index.ts';
import { DISABILITY, EDUCATION, OCCUPATION, optionLabel } from '../../survey/profile.ts';
import { BarChart, LineChart } from '../../http/charts.tsx';
import { ci95Text, formatCount, formatNumber, formatShare, INDEX_DECIMALS, KONVERSI_DECIMALS, periodName } from '../../i18n/format.ts';
import type { Dashboard, Named } from './load.ts';

export interface View {
  lang: Lang;
  dm: DashboardMessages;
}

const num = (view: View, value: number | null, decimals: number) => formatNumber(value, decimals, view.lang);

export function instrumentName(s: ScoredInstrument, lang: Lang): string {
  return (lang === 'en' && s.instrument.translations?.en?.name) || s.instrument.name;
}

function unsurName(s: ScoredInstrument, u: UnsurScore, lang: Lang): string {
  return (lang === 'en' && s.instrument.translations?.en?.unsur?.[u.code]) || u.name;
}

/** The answered unsur with the lowest (weakest) or highest (strongest) NRR; ties are all named. */
function extremes(card: ScoreCard, pick: 'min' | 'max'): UnsurScore[] {
  const answered = card.unsur.filter((u) => u.nrr !== null);
  if (answered.length === 0) return [];
  const nrrs = answered.map((u) => u.nrr!);
  const target = pick === 'min' ? Math.min(...nrrs) : Math.max(...nrrs);
  return answered.filter((u) => u.nrr === target);
}

// ---- one instrument ------------------------------------------------------------------------------

export function ScoreSection({ view, scored, id }: { view: View; scored: ScoredInstrument; id: string }) {
  const { dm, lang } = view;
  const { card } = scored;
  const name = instrumentName(scored, lang);
  const figure = (u: UnsurScore) => fill(dm.unsurFigure, { code: u.code, name: unsurName(scored, u, lang), nrr: num(view, u.nrr, INDEX_DECIMALS), konversi: num(view, u.konversi, KONVERSI_DECIMALS) });
  const weakest = extremes(card, 'min');
  const strongest = extremes(card, 'max');
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{name}</h2>
      <dl class="kpis">
        <div class="kpi">
          <dt>{dm.respondents}</dt>
          <dd class="value">{formatCount(card.respondents, lang)}</dd>
        </div>
        <div class="kpi">
          <dt>{dm.index}</dt>
          <dd class="value">{num(view, card.index, INDEX_DECIMALS)}</dd>
        </div>
        <div class="kpi">
          <dt>{dm.konversi}</dt>
          <dd class="value">{num(view, card.konversi, KONVERSI_DECIMALS)}</dd>
        </div>
        <div class="kpi">
          <dt>{dm.mutu}</dt>
          <dd class="value">{card.mutu ?? '–'}</dd>
          {card.kinerja && (
            <dd>
              {dm.kinerja}: {dm.kinerjaName[card.kinerja]}
            </dd>
          )}
        </div>
      </dl>
      <p>
        {dm.ci95}: {ci95Text(card, dm, view.lang)}
      </p>
      {card.zi && <ZiTable view={view} card={card} zi={card.zi} />}
      {weakest.length > 0 && (
        <ul class="extremes">
          <li>
            <strong>{dm.weakest}:</strong> {weakest.map(figure).join('; ')}
          </li>
          <li>
            <strong>{dm.strongest}:</strong> {strongest.map(figure).join('; ')}
          </li>
        </ul>
      )}
      <div class="tablewrap" tabindex={0}>
        <table class="data">
          <caption>{fill(dm.unsurTable, { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{dm.unsur}</th>
              <th scope="col">{dm.unsurName}</th>
              <th scope="col" class="num">
                {dm.answers}
              </th>
              <th scope="col" class="num">
                {dm.nrr}
              </th>
              <th scope="col" class="num">
                {dm.konversi}
              </th>
              <th scope="col">{dm.mutu}</th>
            </tr>
          </thead>
          <tbody>
            {card.unsur.map((u) => (
              <tr>
                <th scope="row">{u.code}</th>
                <td>{unsurName(scored, u, lang)}</td>
                <td class="num">{formatCount(u.answers, lang)}</td>
                <td class="num">{num(view, u.nrr, INDEX_DECIMALS)}</td>
                <td class="num">{num(view, u.konversi, KONVERSI_DECIMALS)}</td>
                <td>{u.mutu ?? '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart id={`${id}-chart`} lang={lang} title={fill(dm.chartTitle, { name })} desc={dm.chartDesc} bars={card.unsur.map((u) => ({ label: u.code, value: u.konversi }))} />
    </section>
  );
}

function ZiTable({ view, card, zi }: { view: View; card: ScoreCard; zi: NonNullable<ScoreCard['zi']> }) {
  const { dm } = view;
  const row = (label: string, t: ZiThresholdResult) => {
    const margin = thresholdWithinMargin(card.ci95, t.threshold);
    const detail = { threshold: num(view, t.threshold, 2), low: num(view, card.ci95?.[0] ?? null, INDEX_DECIMALS), high: num(view, card.ci95?.[1] ?? null, INDEX_DECIMALS) };
    return (
      <tr>
        <th scope="row">{label}</th>
        <td>{fill(dm.thresholdValue, { index: num(view, t.threshold, 2), value: num(view, ziWorksheetValue(t.threshold), KONVERSI_DECIMALS) })}</td>
        <td>
          <span class={`badge ${margin ? 'warn' : t.met ? 'ok' : 'bad'}`}>{t.met ? dm.met : dm.notMet}</span>
          {margin && <> {fill(t.met ? dm.metWithinMargin : dm.notMetWithinMargin, detail)}</>}
        </td>
      </tr>
    );
  };
  return (
    <div class="tablewrap" tabindex={0}>
      <table class="data">
        <caption>
          {dm.zi}: {dm.ziValue} <strong>{num(view, zi.worksheetValue, KONVERSI_DECIMALS)}</strong>
        </caption>
        <thead>
          <tr>
            <th scope="col">{dm.criterion}</th>
            <th scope="col">{dm.threshold}</th>
            <th scope="col">{dm.status}</th>
          </tr>
        </thead>
        <tbody>
          {row(dm.wbk, zi.wbk)}
          {row(dm.wbbm, zi.wbbm)}
        </tbody>
      </table>
    </div>
  );
}

// ---- respondents against the minimum sample -------------------------------------------------------

export function SampleSection({ view, data, periodLabel, respondents }: { view: View; data: Dashboard; periodLabel: string; respondents: number }) {
  const { dm, lang } = view;
  const basis = data.population;
  const users = basis.kind === 'range' ? null : basis.users;
  const adequacy = users !== null && users > 0 ? sampleAdequacy(respondents, users) : undefined;
  let explanation: string;
  if (basis.kind === 'range') explanation = dm.sampleRange;
  else if (basis.kind === 'unit') explanation = adequacy ? fill(dm.samplePopulation, { period: periodLabel, population: formatCount(basis.users!, lang), minimum: formatCount(adequacy.minimum, lang) }) : fill(dm.sampleNoPopulation, { period: periodLabel });
  else if (!adequacy) explanation = fill(dm.sampleNoPopulationAny, { period: periodLabel });
  else {
    explanation = fill(dm.samplePooled, { period: periodLabel, with: basis.withPopulation, total: basis.units, population: formatCount(basis.users, lang), minimum: formatCount(adequacy.minimum, lang) });
    if (basis.withPopulation < basis.units) explanation += ` ${fill(dm.samplePooledMissing, { missing: basis.units - basis.withPopulation })}`;
  }
  return (
    <section class="card" aria-labelledby="sample-h">
      <h2 id="sample-h">{dm.sample}</h2>
      {adequacy ? (
        <>
          <label for="sample-progress">{fill(dm.sampleProgress, { actual: formatCount(adequacy.actual, lang), minimum: formatCount(adequacy.minimum, lang), percent: formatShare(adequacy.actual, adequacy.minimum, lang) })}</label>
          <progress id="sample-progress" max={adequacy.minimum} value={Math.min(adequacy.actual, adequacy.minimum)} />
          <p>
            <span class={`badge ${adequacy.met ? 'ok' : 'bad'}`}>{adequacy.met ? dm.sampleMet : dm.sampleNotMet}</span>
          </p>
        </>
      ) : (
        <p>
          {dm.respondents}: <strong>{formatCount(respondents, lang)}</strong>
        </p>
      )}
      <p class="muted">{explanation}</p>
    </section>
  );
}

// ---- the trend ---------------------------------------------------------------------------------------

export function TrendSection({ view, trend, byRange }: { view: View; trend: TrendPoint[]; byRange: boolean }) {
  const { dm, lang } = view;
  // one series per instrument answered in any of the periods, in ScoreCard order
  const series = new Map<string, string>();
  for (const point of trend) for (const s of point.cards) if (!series.has(s.card.instrument)) series.set(s.card.instrument, instrumentName(s, lang));
  const konversiOf = (point: TrendPoint, instrument: string) => point.cards.find((s) => s.card.instrument === instrument)?.card.konversi ?? null;
  const labels = trend.map((p) => p.period.code);
  return (
    <section class="card" aria-labelledby="trend-h">
      <h2 id="trend-h">{dm.trend}</h2>
      {byRange && <p class="muted">{dm.trendRange}</p>}
      <LineChart
        id="trend-chart"
        lang={lang}
        title={dm.trendTitle}
        desc={dm.trendDesc}
        labels={labels}
        series={[...series].map(([instrument, name]) => ({ name, values: trend.map((p) => konversiOf(p, instrument)) }))}
      />
      <div class="tablewrap" tabindex={0}>
        <table class="data">
          <caption>{dm.trendTable}</caption>
          <thead>
            <tr>
              <th scope="col">{dm.period}</th>
              <th scope="col" class="num">
                {dm.respondents}
              </th>
              {[...series.values()].map((name) => (
                <th scope="col" class="num">
                  {fill(dm.konversiOf, { name })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {trend.map((point) => (
              <tr>
                <th scope="row">{periodName(point.period, dm, lang)}</th>
                <td class="num">{formatCount(point.cards[0]?.card.respondents ?? 0, lang)}</td>
                {[...series.keys()].map((instrument) => (
                  <td class="num">{num(view, konversiOf(point, instrument), KONVERSI_DECIMALS)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---- per unit, loket, layanan ----------------------------------------------------------------------

export function SliceSection({
  view,
  id,
  title,
  nameHeader,
  columns,
  rows,
  slices,
  blankLabel,
  withUnit,
}: {
  view: View;
  id: string;
  title: string;
  /** the first column's header: loket, layanan or unit */
  nameHeader: string;
  /** the instruments of the scope's cards, in order: one column each */
  columns: ScoredInstrument[];
  rows: (Named & { href?: string })[];
  slices: Map<string | null, ScoredInstrument[]>;
  /** the row for responses without a loket / layanan, when there are such */
  blankLabel?: string;
  withUnit: boolean;
}) {
  const { dm, lang } = view;
  const all: { key: string | null; label: string; unitName?: string; href?: string; active: boolean }[] = rows.map((r) => ({ key: r.id, label: r.name, unitName: r.unitName, href: r.href, active: r.active }));
  if (blankLabel && slices.has(null)) all.push({ key: null, label: blankLabel, active: true });
  const cell = (cards: ScoredInstrument[] | undefined, instrument: string) => {
    const card = cards?.find((s) => s.card.instrument === instrument)?.card;
    return card ? `${num(view, card.konversi, KONVERSI_DECIMALS)}${card.mutu ? ` (${card.mutu})` : ''}` : '–';
  };
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{title}</h2>
      <div class="tablewrap" tabindex={0}>
        <table class="data">
          <thead>
            <tr>
              <th scope="col">{nameHeader}</th>
              {withUnit && <th scope="col">{dm.unit}</th>}
              <th scope="col" class="num">
                {dm.respondents}
              </th>
              {columns.map((s) => (
                <th scope="col" class="num">
                  {fill(dm.konversiOf, { name: instrumentName(s, lang) })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {all.map((row) => {
              const cards = slices.get(row.key);
              return (
                <tr>
                  <th scope="row">
                    {row.href ? <a href={row.href}>{row.label}</a> : row.label}
                    {!row.active && <span class="muted"> ({dm.inactive})</span>}
                  </th>
                  {withUnit && <td>{row.unitName}</td>}
                  <td class="num">{formatCount(cards?.[0]?.card.respondents ?? 0, lang)}</td>
                  {columns.map((s) => (
                    <td class="num">{cell(cards, s.card.instrument)}</td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// ---- channel, trust level, profile -------------------------------------------------------------------

function CountTable({ view, caption, values, counts, total, blank }: { view: View; caption: string; values: [string, string][]; counts: Map<string | null, number>; total: number; blank: boolean }) {
  const { dm, lang } = view;
  const known = new Set(values.map(([code]) => code));
  // a stored code this page has no name for still counts, under its code
  const rows: [string | null, string][] = [...values, ...[...counts.keys()].filter((k): k is string => k !== null && !known.has(k)).map((k): [string, string] => [k, k])];
  if (blank) rows.push([null, dm.blank]);
  return (
    <table class="data">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{caption}</th>
          <th scope="col" class="num">
            {dm.count}
          </th>
          <th scope="col" class="num">
            {dm.share}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([code, label]) => (
          <tr>
            <th scope="row">{label}</th>
            <td class="num">{formatCount(counts.get(code) ?? 0, lang)}</td>
            <td class="num">{formatShare(counts.get(code) ?? 0, total, lang)} %</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RespondentSections({ view, data }: { view: View; data: Dashboard }) {
  const { dm, lang } = view;
  const { counts, respondents: total } = data.respondents;
  const table = (dimension: RespondentDimension, caption: string, values: [string, string][], blank = true) => (
    <div class="tablewrap" tabindex={0}>
      <CountTable view={view} caption={caption} values={values} counts={counts[dimension]} total={total} blank={blank} />
    </div>
  );
  const options = (list: typeof EDUCATION): [string, string][] => list.map((o) => [o[0], optionLabel(o, lang)]);
  return (
    <>
      <section class="card" aria-labelledby="channel-h">
        <h2 id="channel-h">{dm.channelTrust}</h2>
        <div class="grid">
          {table('channel', dm.channel, Object.entries(dm.channels), false)}
          {table('trust', dm.trust, Object.entries(dm.trusts), false)}
        </div>
      </section>
      <section class="card" aria-labelledby="profile-h">
        <h2 id="profile-h">{dm.profile}</h2>
        <div class="grid">
          {table('gender', dm.gender, Object.entries(dm.genders))}
          {table('age_band', dm.age, AGE_BANDS.map((band) => [band, dm.ageBands[band]]))}
          {table('education', dm.education, options(EDUCATION))}
          {table('occupation', dm.occupation, options(OCCUPATION))}
          {table('disability', dm.disability, options(DISABILITY))}
        </div>
      </section>
    </>
  );
}
