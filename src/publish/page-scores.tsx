// One published instrument in full (index, konversi, mutu, interval, ZI thresholds, the per-unsur
// table and its chart), and the respondents against the minimum sample. The wording of the ZI
// verdicts and of the margin of error is the dashboard's.
import { BarChart } from '../http/charts.tsx';
import { ci95Text, formatCount, INDEX_DECIMALS, KONVERSI_DECIMALS } from '../i18n/format.ts';
import { fill } from '../i18n/index.ts';
import type { PublishedInstrument, Snapshot } from '../results/publication.ts';
import { type ScoreCard, thresholdWithinMargin, type ZiThresholdResult, ziWorksheetValue } from '../scoring/index.ts';
import { instrumentName, unsurName } from './page-figures.ts';
import { num, type PageText } from './page-parts.tsx';

/** The ZI worksheet value and the WBK/WBBM verdicts, each with the margin of error when it matters. */
function ZiVerdicts({ text, card, zi }: { text: PageText; card: ScoreCard; zi: NonNullable<ScoreCard['zi']> }) {
  const { dm } = text;
  const verdict = (label: string, t: ZiThresholdResult) => {
    const margin = thresholdWithinMargin(card.ci95, t.threshold);
    const detail = { threshold: num(text, t.threshold, 2), low: num(text, card.ci95?.[0] ?? null, INDEX_DECIMALS), high: num(text, card.ci95?.[1] ?? null, INDEX_DECIMALS) };
    return (
      <li>
        <strong>{label}</strong> · {fill(dm.thresholdValue, { index: num(text, t.threshold, 2), value: num(text, ziWorksheetValue(t.threshold), KONVERSI_DECIMALS) })}:{' '}
        <span class={`badge ${margin ? 'warn' : t.met ? 'ok' : 'bad'}`}>{t.met ? dm.met : dm.notMet}</span>
        {margin && <> {fill(t.met ? dm.metWithinMargin : dm.notMetWithinMargin, detail)}</>}
      </li>
    );
  };
  return (
    <div class="zi">
      <h3>{dm.zi}</h3>
      <p>
        {dm.ziValue}: <strong>{num(text, zi.worksheetValue, KONVERSI_DECIMALS)}</strong>
      </p>
      <ul class="verdicts">
        {verdict(dm.wbk, zi.wbk)}
        {verdict(dm.wbbm, zi.wbbm)}
      </ul>
    </div>
  );
}

export function InstrumentSection({ text, instrument, id }: { text: PageText; instrument: PublishedInstrument; id: string }) {
  const { dm, pm, lang } = text;
  const { card } = instrument;
  const name = instrumentName(instrument, lang);
  return (
    <section class="card" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{name}</h2>
      <dl class="kpis">
        <div class="kpi">
          <dt>{dm.index}</dt>
          <dd class="value">{num(text, card.index, INDEX_DECIMALS)}</dd>
        </div>
        <div class="kpi">
          <dt>{dm.konversi}</dt>
          <dd class="value">{num(text, card.konversi, KONVERSI_DECIMALS)}</dd>
        </div>
        <div class="kpi">
          <dt>{dm.mutu}</dt>
          <dd class="value">{card.mutu ?? '–'}</dd>
          {card.kinerja && <dd>{dm.kinerjaName[card.kinerja]}</dd>}
        </div>
        <div class="kpi">
          <dt>{dm.respondents}</dt>
          <dd class="value">{formatCount(card.respondents, lang)}</dd>
        </div>
      </dl>
      <p>
        {dm.ci95}: {ci95Text(card, dm, text.lang)}
      </p>
      {card.zi && <ZiVerdicts text={text} card={card} zi={card.zi} />}
      <div class="tablewrap" tabindex={0}>
        <table class="data">
          <caption>{fill(dm.unsurTable, { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{dm.unsur}</th>
              <th scope="col" class="num">
                {dm.nrr}
              </th>
              <th scope="col" class="num">
                {pm.konversi}
              </th>
              <th scope="col">{pm.colMutu}</th>
              <th scope="col" class="num">
                {dm.answers}
              </th>
            </tr>
          </thead>
          <tbody>
            {card.unsur.map((u) => (
              <tr>
                <th scope="row">
                  <span class="code">{u.code}</span> {unsurName(instrument, u, lang)}
                </th>
                <td class="num">{num(text, u.nrr, INDEX_DECIMALS)}</td>
                <td class="num">{num(text, u.konversi, KONVERSI_DECIMALS)}</td>
                <td>{u.mutu ?? '–'}</td>
                <td class="num">{formatCount(u.answers, lang)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <BarChart id={`${id}-chart`} lang={lang} title={fill(dm.chartTitle, { name })} desc={dm.chartDesc} bars={card.unsur.map((u) => ({ label: u.code, value: u.konversi }))} />
    </section>
  );
}

/** n against the Krejcie–Morgan minimum for the population the unit entered, when it entered one. */
export function SampleSection({ text, snapshot }: { text: PageText; snapshot: Snapshot }) {
  const { dm, pm, lang } = text;
  const { respondents, population, minimumSample } = snapshot;
  const n = formatCount(respondents, lang);
  return (
    <section class="card" aria-labelledby="sample-h">
      <h2 id="sample-h">{dm.sample}</h2>
      {minimumSample !== null && population !== null ? (
        <>
          <p>{fill(pm.sampleMinimum, { n, minimum: formatCount(minimumSample, lang), population: formatCount(population, lang) })}</p>
          <p>
            <span class={`badge ${respondents >= minimumSample ? 'ok' : 'bad'}`}>{respondents >= minimumSample ? dm.sampleMet : dm.sampleNotMet}</span>
          </p>
        </>
      ) : (
        <p>{fill(pm.sampleNoPopulation, { n })}</p>
      )}
    </section>
  );
}
