// The trend of a unit's published periods of one kind (the newest revision of each): a line of
// konversi per instrument and the same numbers in a table.
import { LineChart } from '../http/charts.tsx';
import { formatCount, KONVERSI_DECIMALS, periodName } from '../i18n/format.ts';
import { fill } from '../i18n/index.ts';
import type { Publication } from '../results/publication.ts';
import { KIND_LABEL } from '../i18n/changes.ts';
import { newestPerPeriod } from './page-figures.ts';
import { num, type PageText } from './page-parts.tsx';

/** At most this many periods: two years of triwulan, as on the dashboard. */
const TREND_PERIODS = 8;

export function TrendSection({ text, publications, shown }: { text: PageText; publications: Publication[]; shown: Publication }) {
  const { dm, pm, lang } = text;
  const kind = shown.snapshot.period.kind;
  const points = newestPerPeriod(publications, kind).slice(-TREND_PERIODS);
  // one series per instrument published in any of the periods, in snapshot order (IKM, IPAK, IPKP),
  // named short so the table fits a phone; the caption says the numbers are konversi
  const series = new Map<string, string>();
  for (const p of points) for (const i of p.snapshot.instruments) if (!series.has(i.card.instrument)) series.set(i.card.instrument, KIND_LABEL[i.card.kind]);
  const konversiOf = (p: Publication, instrument: string) => p.snapshot.instruments.find((i) => i.card.instrument === instrument)?.card.konversi ?? null;
  return (
    <section class="card" aria-labelledby="trend-h">
      <h2 id="trend-h">{pm.trendTitle}</h2>
      <p class="muted">{fill(pm.trendIntro, { kind: pm.kindName[kind] })}</p>
      {points.length > 1 && (
        <LineChart
          id="trend-chart"
          lang={lang}
          title={dm.trendTitle}
          desc={dm.trendDesc}
          labels={points.map((p) => p.period)}
          series={[...series].map(([instrument, name]) => ({ name, values: points.map((p) => konversiOf(p, instrument)) }))}
        />
      )}
      <div class="tablewrap" tabindex={0}>
        <table class="data">
          <caption>{dm.trendTable}</caption>
          <thead>
            <tr>
              <th scope="col">{dm.period}</th>
              {[...series.values()].map((name) => (
                <th scope="col" class="num">
                  {name}
                </th>
              ))}
              <th scope="col" class="num">
                {dm.respondents}
              </th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr class={p.period === shown.period ? 'shown' : undefined}>
                <th scope="row">
                  {periodName(p.snapshot.period, dm, lang)}
                  {p.period === shown.period && <span class="muted"> ({pm.shown})</span>}
                </th>
                {[...series.keys()].map((instrument) => (
                  <td class="num">{num(text, konversiOf(p, instrument), KONVERSI_DECIMALS)}</td>
                ))}
                <td class="num">{formatCount(p.snapshot.respondents, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
