import type { InstrumentKind } from '../instruments/schema.ts';

export type { InstrumentKind };

/** Counts of answers with value 1, 2, 3 and 4 to one item. A blank is not an answer. */
export type Histogram = readonly [n1: number, n2: number, n3: number, n4: number];

/** Per-item histograms keyed by item code. Items that are absent have no answers. */
export type HistogramInput = ReadonlyMap<string, Histogram> | Readonly<Record<string, Histogram>>;

/** What the engine needs of an instrument: codes, names and kind. `Instrument` satisfies it. */
export interface ScorableInstrument {
  readonly id: string;
  readonly kind: InstrumentKind;
  readonly unsur: readonly {
    readonly code: string;
    readonly name: string;
    readonly items: readonly { readonly code: string }[];
  }[];
}

export type Mutu = 'A' | 'B' | 'C' | 'D';
export type Kinerja = 'Sangat Baik' | 'Baik' | 'Kurang Baik' | 'Tidak Baik';

export interface UnsurScore {
  code: string;
  name: string;
  /** total answers (non-blank) to the unsur's items */
  answers: number;
  /** nilai rata-rata (1–4), unrounded; null when the unsur has no answers */
  nrr: number | null;
  /** round2(nrr × 25) */
  konversi: number | null;
  mutu: Mutu | null;
}

export interface ZiThresholdResult {
  /** on the 1–4 index scale, e.g. 3.2 */
  threshold: number;
  /** the worksheet value (2 decimals) reaches threshold ÷ 4 × 17.5 */
  met: boolean;
}

export interface ZiResult {
  /** round2(index ÷ 4 × 17.5), as entered in the ZI worksheet */
  worksheetValue: number;
  wbk: ZiThresholdResult;
  wbbm: ZiThresholdResult;
}

/**
 * The public result contract (printed by `survei score --json`, stored in publications): keep the key
 * set and order stable. `zi` is present only for kind ipak and ipkp (null when nothing was answered).
 */
export interface ScoreCard {
  instrument: string;
  kind: InstrumentKind;
  respondents: number;
  unsur: UnsurScore[];
  /** mean of the NRR of the answered unsur (1–4), unrounded */
  index: number | null;
  /** round2(index × 25) */
  konversi: number | null;
  mutu: Mutu | null;
  kinerja: Kinerja | null;
  /** 95 % interval of the index, clamped to [1, 4] */
  ci95: [number, number] | null;
  zi?: ZiResult | null;
}
