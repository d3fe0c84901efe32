// The index engine: pure functions, no I/O. Everything that shows a number gets it from a ScoreCard.
export { computeScoreCard, ScoringInputError } from './scorecard.ts';
export { classifyMutu, konversi, MUTU_TABLE } from './mutu.ts';
export { round2, roundTo } from './round.ts';
export { EMPTY_HISTOGRAM, histogramTotal, itemStats, type ItemStats } from './histogram.ts';
export { indexInterval95, indexStandardError, MAX_SD, Z_95, type IntervalTerm } from './interval.ts';
export { evaluateZi, thresholdWithinMargin, ZI_THRESHOLDS, ZI_WEIGHT, ziWorksheetValue, type ZiKind } from './zi.ts';
export { krejcieMorgan, sampleAdequacy, type SampleAdequacy } from './sample-size.ts';
export type {
  Histogram,
  HistogramInput,
  InstrumentKind,
  Kinerja,
  Mutu,
  ScorableInstrument,
  ScoreCard,
  UnsurScore,
  ZiResult,
  ZiThresholdResult,
} from './types.ts';
