import { errorFunction, probit } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { builtinInstruments } from '../../src/instruments/builtin.ts';
import {
  classifyMutu,
  computeScoreCard,
  evaluateZi,
  type Histogram,
  ScoringInputError,
  thresholdWithinMargin,
  Z_95,
  ziWorksheetValue,
} from '../../src/scoring/index.ts';
import { instrumentOf, tally, tenAnswersSumming } from './helpers.ts';

const skm = builtinInstruments.skm;
const ipak = builtinInstruments.ipak;
const ipkp = builtinInstruments.ipkp;

function sameEverywhere(codes: string[], h: Histogram): Map<string, Histogram> {
  return new Map(codes.map((c) => [c, h]));
}
const SKM_CODES = ['U1', 'U2', 'U3', 'U4', 'U5', 'U6', 'U7', 'U8', 'U9'];
const IPAK_CODES = ['A1', 'A2', 'A3', 'A4', 'A5'];
const IPKP_CODES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8a', 'P8b', 'P9a', 'P9b'];

describe('DOMAIN.md §5 worked example', () => {
  const sums = [32, 30, 28, 40, 31, 33, 35, 26, 29];
  const histograms = new Map(sums.map((s, i) => [`U${i + 1}`, tally(tenAnswersSumming(s))] as const));
  const card = computeScoreCard(skm, histograms, 10);

  it('gives NRR per unsur = sum ÷ 10', () => {
    expect(card.unsur.map((u) => u.code)).toEqual(SKM_CODES);
    expect(card.unsur.map((u) => u.answers)).toEqual(Array(9).fill(10));
    const expected = [3.2, 3.0, 2.8, 4.0, 3.1, 3.3, 3.5, 2.6, 2.9];
    card.unsur.forEach((u, i) => expect(u.nrr).toBeCloseTo(expected[i]!, 12));
  });

  it('gives IKM 28.4 / 9 = 3.15556 → konversi 78.89 → B (Baik)', () => {
    expect(card.index).toBeCloseTo(28.4 / 9, 12);
    expect(card.index).toBeCloseTo(3.155555555555, 11);
    expect(card.konversi).toBe(78.89);
    expect(card.mutu).toBe('B');
    expect(card.kinerja).toBe('Baik');
  });

  it('uses the exact 1/9 weight, not 0.111 (78.81) nor 0.11 (78.10)', () => {
    expect(Math.round(28.4 * 0.111 * 25 * 100) / 100).toBe(78.81);
    expect(Math.round(28.4 * 0.11 * 25 * 100) / 100).toBe(78.1);
    expect(card.konversi).not.toBe(78.81);
    expect(card.konversi).not.toBe(78.1);
  });

  it('classifies each unsur on round2(NRR × 25)', () => {
    const byCode = Object.fromEntries(card.unsur.map((u) => [u.code, [u.konversi, u.mutu]]));
    expect(byCode.U4).toEqual([100, 'A']);
    expect(byCode.U7).toEqual([87.5, 'B']);
    expect(byCode.U1).toEqual([80, 'B']);
    expect(byCode.U5).toEqual([77.5, 'B']);
    expect(byCode.U2).toEqual([75, 'C']);
    expect(byCode.U8).toEqual([65, 'C']);
  });

  it('has no zi key for IKM', () => {
    expect('zi' in card).toBe(false);
  });
});

describe('mutu boundaries (classified on the konversi rounded to 2 decimals, with ≥)', () => {
  // One item, 2500 answers: index = sum / 2500, so konversi = sum / 100 exactly.
  const single = instrumentOf('ikm', { X: ['X'] });
  const cases: [string, Histogram, number, string][] = [
    ['88.31 → A', [0, 0, 1169, 1331], 88.31, 'A'],
    ['88.30 → B', [0, 0, 1170, 1330], 88.3, 'B'],
    ['76.61 → B', [0, 0, 2339, 161], 76.61, 'B'],
    ['76.60 → C', [0, 0, 2340, 160], 76.6, 'C'],
    ['65.00 → C', [0, 1000, 1500, 0], 65, 'C'],
    ['64.99 → D', [0, 1001, 1499, 0], 64.99, 'D'],
    ['25.00 → D', [2500, 0, 0, 0], 25, 'D'],
    ['100.00 → A', [0, 0, 0, 2500], 100, 'A'],
  ];
  it.each(cases)('%s', (_, h, konversi, mutu) => {
    const card = computeScoreCard(single, { X: h }, 2500);
    expect(card.konversi).toBe(konversi);
    expect(card.mutu).toBe(mutu);
    expect(card.unsur[0]!.konversi).toBe(konversi);
    expect(card.unsur[0]!.mutu).toBe(mutu);
  });

  it('rounds an exact 76.605 up to 76.61 → B, on one item and through the 1/9 mean', () => {
    const h: Histogram = [0, 0, 4679, 321]; // index 15321 / 5000 = 3.0642 → × 25 = 76.605
    expect(computeScoreCard(single, { X: h }, 5000)).toMatchObject({ konversi: 76.61, mutu: 'B' });
    expect(computeScoreCard(skm, sameEverywhere(SKM_CODES, h), 5000)).toMatchObject({ konversi: 76.61, mutu: 'B', kinerja: 'Baik' });
    const below: Histogram = [0, 0, 4680, 320]; // 76.60
    expect(computeScoreCard(skm, sameEverywhere(SKM_CODES, below), 5000)).toMatchObject({ konversi: 76.6, mutu: 'C' });
  });

  it('classifies konversi values directly', () => {
    expect(classifyMutu(88.31)).toEqual({ mutu: 'A', kinerja: 'Sangat Baik' });
    expect(classifyMutu(88.30)).toEqual({ mutu: 'B', kinerja: 'Baik' });
    expect(classifyMutu(88.305)).toEqual({ mutu: 'A', kinerja: 'Sangat Baik' }); // rounds to 88.31
    expect(classifyMutu(76.61)).toEqual({ mutu: 'B', kinerja: 'Baik' });
    expect(classifyMutu(76.6049)).toEqual({ mutu: 'C', kinerja: 'Kurang Baik' });
    expect(classifyMutu(65)).toEqual({ mutu: 'C', kinerja: 'Kurang Baik' });
    expect(classifyMutu(64.99)).toEqual({ mutu: 'D', kinerja: 'Tidak Baik' });
    expect(classifyMutu(64.995)).toEqual({ mutu: 'C', kinerja: 'Kurang Baik' }); // rounds to 65.00
  });
});

describe('unsur with several items', () => {
  it('takes the NRR as the mean of item means, not the pooled mean', () => {
    // P8a: 10 answers, all 4 → 4.0; P8b: 2 answers, both 1 → 1.0. Pooled would be 42 / 12 = 3.5.
    const card = computeScoreCard(ipkp, { P8a: [0, 0, 0, 10], P8b: [2, 0, 0, 0] }, 10);
    const p8 = card.unsur.find((u) => u.code === 'P8')!;
    expect(p8.nrr).toBe(2.5);
    expect(p8.answers).toBe(12);
    expect(p8.konversi).toBe(62.5);
    expect(p8.mutu).toBe('D');
    expect(card.index).toBe(2.5); // the only answered unsur
  });

  it('skips an item without answers inside an answered unsur', () => {
    const card = computeScoreCard(ipkp, { P9a: [0, 0, 3, 1], P9b: [0, 0, 0, 0] }, 4);
    expect(card.unsur.find((u) => u.code === 'P9')!.nrr).toBe(3.25);
  });

  it('weighs each unsur 1/k whatever its number of items', () => {
    const card = computeScoreCard(ipkp, { P1: [0, 0, 0, 4], P8a: [4, 0, 0, 0], P8b: [0, 0, 0, 4] }, 4);
    // P1 = 4, P8 = (1 + 4) / 2 = 2.5 → index (4 + 2.5) / 2
    expect(card.index).toBe(3.25);
  });
});

describe('blanks and empty input', () => {
  it('counts only answers; unsur without answers are left out of the mean', () => {
    const card = computeScoreCard(skm, { U1: [0, 0, 5, 5], U2: [0, 5, 5, 0], U3: [0, 0, 0, 0] }, 10);
    expect(card.index).toBe(3); // (3.5 + 2.5) / 2, k = 2
    const u3 = card.unsur.find((u) => u.code === 'U3')!;
    expect(u3).toEqual({ code: 'U3', name: 'Waktu Penyelesaian', answers: 0, nrr: null, konversi: null, mutu: null });
    expect(card.unsur).toHaveLength(9);
  });

  it('gives null results when nothing was answered; zi is null for ZI kinds, absent for IKM', () => {
    const empty = computeScoreCard(skm, new Map(), 0);
    expect(empty).toMatchObject({ index: null, konversi: null, mutu: null, kinerja: null, ci95: null });
    expect('zi' in empty).toBe(false);
    const emptyIpak = computeScoreCard(ipak, {}, 3);
    expect(emptyIpak.zi).toBeNull();
    expect(emptyIpak.respondents).toBe(3);
  });
});

describe('ScoreCard contract', () => {
  it('has exactly these keys in this order', () => {
    const card = computeScoreCard(ipkp, sameEverywhere(IPKP_CODES, [0, 0, 4, 1]), 5);
    expect(Object.keys(card)).toEqual([
      'instrument', 'kind', 'respondents', 'unsur', 'index', 'konversi', 'mutu', 'kinerja', 'ci95', 'zi',
    ]);
    expect(Object.keys(card.unsur[0]!)).toEqual(['code', 'name', 'answers', 'nrr', 'konversi', 'mutu']);
    expect(Object.keys(card.zi!)).toEqual(['worksheetValue', 'wbk', 'wbbm']);
    expect(Object.keys(card.zi!.wbk)).toEqual(['threshold', 'met']);
    expect(Object.keys(card.zi!.wbbm)).toEqual(['threshold', 'met']);
    const ikm = computeScoreCard(skm, { U1: [0, 0, 1, 1] }, 2);
    expect(Object.keys(ikm)).toEqual(['instrument', 'kind', 'respondents', 'unsur', 'index', 'konversi', 'mutu', 'kinerja', 'ci95']);
    expect(ikm.instrument).toBe('skm');
    expect(ikm.kind).toBe('ikm');
  });

  it('accepts a Map or a plain record and ignores inherited keys', () => {
    const asMap = computeScoreCard(skm, new Map([['U1', [1, 2, 3, 4] as const]]), 10);
    const asRecord = computeScoreCard(skm, { U1: [1, 2, 3, 4] }, 10);
    expect(asRecord).toEqual(asMap);
    const odd = instrumentOf('ikm', { constructor: ['constructor'], toString: ['toString'] });
    expect(computeScoreCard(odd, {}, 0).index).toBeNull();
  });

  it('does not depend on the number of respondents for its cost', () => {
    const huge: Histogram = [1e12, 2e12, 3e12, 4e12];
    const card = computeScoreCard(instrumentOf('ikm', { X: ['X'] }), { X: huge }, 1e13);
    expect(card.index).toBe(3);
  });

  it('refuses inconsistent input instead of scoring it', () => {
    expect(() => computeScoreCard(skm, { U10: [1, 0, 0, 0] }, 1)).toThrow(ScoringInputError);
    expect(() => computeScoreCard(skm, { U1: [-1, 0, 0, 0] }, 1)).toThrow(ScoringInputError);
    expect(() => computeScoreCard(skm, { U1: [0.5, 0, 0, 0] }, 1)).toThrow(ScoringInputError);
    expect(() => computeScoreCard(skm, { U1: [1, 0, 0] as unknown as Histogram }, 1)).toThrow(ScoringInputError);
    expect(() => computeScoreCard(skm, { U1: [2, 0, 0, 0] }, 1)).toThrow(/only 1 respondents/);
    expect(() => computeScoreCard(skm, {}, -1)).toThrow(ScoringInputError);
    expect(() => computeScoreCard(skm, {}, 1.5)).toThrow(ScoringInputError);
  });
});

describe('Zona Integritas', () => {
  it('IPKP 3.20 → worksheet 14.00: meets WBK, not WBBM', () => {
    const card = computeScoreCard(ipkp, sameEverywhere(IPKP_CODES, [0, 0, 4, 1]), 5);
    expect(card.index).toBeCloseTo(3.2, 12);
    expect(card.zi).toMatchObject({
      worksheetValue: 14,
      wbk: { threshold: 3.2, met: true },
      wbbm: { threshold: 3.6, met: false },
    });
  });

  it('IPKP 3.60 → worksheet 15.75: meets both', () => {
    const card = computeScoreCard(ipkp, sameEverywhere(IPKP_CODES, [0, 0, 2, 3]), 5);
    expect(card.zi).toMatchObject({ worksheetValue: 15.75, wbk: { met: true }, wbbm: { met: true } });
  });

  it('IPAK 3.59 → worksheet 15.71: meets neither', () => {
    const card = computeScoreCard(ipak, sameEverywhere(IPAK_CODES, [0, 0, 41, 59]), 100);
    expect(card.index).toBeCloseTo(3.59, 12);
    expect(card.zi).toMatchObject({
      worksheetValue: 15.71,
      wbk: { threshold: 3.6, met: false },
      wbbm: { threshold: 3.6, met: false },
    });
  });

  it('IPAK 3.60 meets both (same threshold for WBK and WBBM)', () => {
    const card = computeScoreCard(ipak, sameEverywhere(IPAK_CODES, [0, 0, 2, 3]), 5);
    expect(card.zi).toMatchObject({ worksheetValue: 15.75, wbk: { threshold: 3.6, met: true }, wbbm: { met: true } });
  });

  it('judges met on the 2-decimal worksheet value', () => {
    expect(ziWorksheetValue(3.2)).toBe(14);
    expect(ziWorksheetValue(3.6)).toBe(15.75);
    expect(ziWorksheetValue(3.59)).toBe(15.71);
    // 3.5989 → 15.7451875 → 15.75 as entered in the worksheet → met
    expect(evaluateZi('ipak', 3.5989).wbbm.met).toBe(true);
    // 3.5985 → 15.7434375 → 15.74 → not met
    expect(evaluateZi('ipak', 3.5985).wbbm.met).toBe(false);
    expect(evaluateZi('ipkp', 3.1989).wbk.met).toBe(true); // 13.9952 → 14.00
    expect(evaluateZi('ipkp', 3.1985).wbk.met).toBe(false); // 13.9934 → 13.99
  });

  it('gives exactly the zi contract: worksheetValue, wbk and wbbm as { threshold, met }', () => {
    expect(evaluateZi('ipkp', 3.3)).toEqual({
      worksheetValue: 14.44,
      wbk: { threshold: 3.2, met: true },
      wbbm: { threshold: 3.6, met: false },
    });
  });

  it('says whether the threshold lies inside the 95 % interval (bounds included)', () => {
    expect(thresholdWithinMargin([3.1, 3.5], 3.2)).toBe(true);
    expect(thresholdWithinMargin([3.1, 3.5], 3.6)).toBe(false);
    expect(thresholdWithinMargin([3.15, 3.85], 3.6)).toBe(true);
    expect(thresholdWithinMargin([3.2, 3.5], 3.2)).toBe(true);
    expect(thresholdWithinMargin([3.0, 3.6], 3.6)).toBe(true);
    expect(thresholdWithinMargin([3.21, 3.5], 3.2)).toBe(false);
    expect(thresholdWithinMargin(null, 3.2)).toBe(false);
    // on a real card: IPKP 3.20 from five answers per item, interval 3.2 ± 1.96 · 0.2
    const card = computeScoreCard(ipkp, sameEverywhere(IPKP_CODES, [0, 0, 4, 1]), 5);
    expect(thresholdWithinMargin(card.ci95, card.zi!.wbk.threshold)).toBe(true);
    expect(thresholdWithinMargin(card.ci95, card.zi!.wbbm.threshold)).toBe(false);
  });
});

describe('95 % interval', () => {
  const single = instrumentOf('ikm', { X: ['X'] });

  it('is mean ± z·s/√n for a single item', () => {
    // [0,0,4,1]: mean 3.2, sample variance (4·0.04 + 0.64) / 4 = 0.2, SE = √0.2 / √5 = 0.2
    const card = computeScoreCard(single, { X: [0, 0, 4, 1] }, 5);
    expect(card.ci95![0]).toBeCloseTo(3.2 - Z_95 * 0.2, 12);
    expect(card.ci95![1]).toBeCloseTo(3.2 + Z_95 * 0.2, 12);
    expect(card.ci95).toEqual([3.2 - 1.959963984540054 * 0.2, 3.2 + 1.959963984540054 * 0.2]);
  });

  it('uses the exact 0.975 normal quantile, not simple-statistics\' probit approximation', () => {
    expect(Z_95).toBe(1.959963984540054);
    // Φ(z) = (1 + erf(z/√2)) / 2; errorFunction is accurate to ~1e-7, enough to tell 1.95996 from 1.95716
    expect(Math.abs((1 + errorFunction(Z_95 / Math.SQRT2)) / 2 - 0.975)).toBeLessThan(1e-6);
    expect(Z_95 - probit(0.975)).toBeGreaterThan(0.002); // probit's interval would be too narrow
  });

  it('adds the weighted standard errors across items (bound valid for any correlation)', () => {
    // Nine identical unsur: Σ (1/9)·s/√n = s/√n, the same as one item — perfect correlation is the worst case.
    const card = computeScoreCard(skm, sameEverywhere(SKM_CODES, [0, 0, 4, 1]), 5);
    expect(card.ci95![0]).toBeCloseTo(3.2 - Z_95 * 0.2, 12);
    // Two items of one unsur with weights 1/2 each.
    const two = computeScoreCard(ipkp, { P8a: [0, 0, 4, 1], P8b: [0, 0, 0, 2] }, 5);
    // P8b has s = 0: SE = 0.5 · 0.2 + 0.5 · 0 = 0.1
    expect(two.ci95![1] - two.index!).toBeCloseTo(Z_95 * 0.1, 12);
  });

  it('treats a single answer as maximal spread (s = 1.5), clamped to [1, 4]', () => {
    const card = computeScoreCard(single, { X: [0, 0, 1, 0] }, 1);
    expect(card.ci95).toEqual([1, 4]);
    const mixed = computeScoreCard(ipkp, { P1: [0, 0, 1, 0], P2: [0, 0, 100, 0] }, 100);
    // P1: 0.5 · 1.5 / 1; P2: s = 0 → half-width z · 0.75
    expect(mixed.ci95![0]).toBeCloseTo(3 - Z_95 * 0.75, 12);
  });

  it('collapses to the point when every answer is the same', () => {
    expect(computeScoreCard(single, { X: [0, 0, 0, 50] }, 50).ci95).toEqual([4, 4]);
  });
});
