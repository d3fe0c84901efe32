import { mean } from 'simple-statistics';
import { assertHistogram, EMPTY_HISTOGRAM, histogramTotal, itemStats } from './histogram.ts';
import { type IntervalTerm, indexInterval95 } from './interval.ts';
import { classifyMutu, konversi } from './mutu.ts';
import type { Histogram, HistogramInput, ScorableInstrument, ScoreCard, UnsurScore, ZiResult } from './types.ts';
import { evaluateZi } from './zi.ts';

/** Input the engine refuses: a bug upstream (wrong instrument version, corrupt counts), never data to round away. */
export class ScoringInputError extends RangeError {
  override name = 'ScoringInputError';
}

/**
 * Scores an instrument from per-item answer histograms (PermenPANRB 14/2017, DOMAIN.md §2.2):
 * item mean = Σ v·n_v / Σ n_v; NRR of an unsur = mean of its answered items' means; index = mean of the
 * answered unsur's NRR (exact 1/k). Cost depends on the number of items, not of respondents.
 *
 * `respondents` is the number of people behind the histograms; no item can have more answers.
 */
export function computeScoreCard(
  instrument: ScorableInstrument,
  histograms: HistogramInput,
  respondents: number,
): ScoreCard {
  if (!Number.isSafeInteger(respondents) || respondents < 0) {
    throw new ScoringInputError(`respondents must be a non-negative whole number (got ${String(respondents)})`);
  }
  const byCode = collectHistograms(instrument, histograms, respondents);

  const unsur: UnsurScore[] = [];
  const nrrs: number[] = [];
  // Item means that enter the index, grouped by unsur, to weight them for the interval.
  const answeredItems: Histogram[][] = [];
  for (const u of instrument.unsur) {
    let answers = 0;
    const means: number[] = [];
    const items: Histogram[] = [];
    for (const item of u.items) {
      const h = byCode.get(item.code) ?? EMPTY_HISTOGRAM;
      const stats = itemStats(h);
      if (stats === null) continue;
      answers += stats.n;
      means.push(stats.mean);
      items.push(h);
    }
    const nrr = means.length === 0 ? null : mean(means);
    if (nrr !== null) {
      nrrs.push(nrr);
      answeredItems.push(items);
    }
    const k = nrr === null ? null : konversi(nrr);
    const mutu = k === null ? null : classifyMutu(k).mutu;
    unsur.push({ code: u.code, name: u.name, answers, nrr, konversi: k, mutu });
  }

  const head = { instrument: instrument.id, kind: instrument.kind, respondents, unsur };
  if (nrrs.length === 0) {
    const empty: ScoreCard = { ...head, index: null, konversi: null, mutu: null, kinerja: null, ci95: null };
    return instrument.kind === 'ikm' ? empty : withZi(empty, null);
  }

  const index = mean(nrrs);
  const terms: IntervalTerm[] = [];
  for (const items of answeredItems) {
    const weight = 1 / nrrs.length / items.length;
    for (const histogram of items) terms.push({ weight, histogram });
  }
  const ci95 = indexInterval95(index, terms);
  const k = konversi(index);
  const { mutu, kinerja } = classifyMutu(k);
  const card: ScoreCard = { ...head, index, konversi: k, mutu, kinerja, ci95 };
  return instrument.kind === 'ikm' ? card : withZi(card, evaluateZi(instrument.kind, index));
}

// IKM cards have no `zi` key at all (not `zi: undefined`), so each kind has one JSON shape.
function withZi(card: ScoreCard, zi: ZiResult | null): ScoreCard {
  return { ...card, zi };
}

function collectHistograms(
  instrument: ScorableInstrument,
  input: HistogramInput,
  respondents: number,
): Map<string, Histogram> {
  const known = new Set<string>();
  for (const u of instrument.unsur) for (const item of u.items) known.add(item.code);
  const entries: Iterable<[string, unknown]> = isMap(input) ? input.entries() : Object.entries(input);
  const out = new Map<string, Histogram>();
  for (const [code, h] of entries) {
    if (!known.has(code)) {
      throw new ScoringInputError(`answers for item "${code}", which instrument "${instrument.id}" does not have`);
    }
    try {
      assertHistogram(h, `item ${code}`);
    } catch (err) {
      throw new ScoringInputError(err instanceof Error ? err.message : String(err));
    }
    const total = histogramTotal(h);
    if (total > respondents) {
      throw new ScoringInputError(`item ${code} has ${total} answers but there are only ${respondents} respondents`);
    }
    out.set(code, h);
  }
  return out;
}

function isMap(input: HistogramInput): input is ReadonlyMap<string, Histogram> {
  return input instanceof Map;
}
