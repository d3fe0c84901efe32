import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/instruments/schema.ts';
import { computeScoreCard, type Histogram } from '../../src/scoring/index.ts';
import { instrumentOf } from './helpers.ts';

const RUNS = { numRuns: 1000 };

type Row = Record<string, number | null>;

/** A random instrument (1–5 unsur of 1–3 items) with random respondents, blanks included. */
const survey = fc
  .tuple(
    fc.constantFrom('ikm' as const, 'ipak' as const, 'ipkp' as const),
    fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 5 }),
  )
  .chain(([kind, itemCounts]) => {
    const unsur = Object.fromEntries(itemCounts.map((n, u) => [`U${u + 1}`, Array.from({ length: n }, (_, i) => `U${u + 1}_${i + 1}`)]));
    const instrument = instrumentOf(kind, unsur);
    const codes = Object.values(unsur).flat();
    const answer = fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: fc.integer({ min: 1, max: 4 }) });
    const row = fc.tuple(...codes.map(() => answer)).map((vals) => Object.fromEntries(codes.map((c, i) => [c, vals[i] ?? null])) as Row);
    return fc.record({ instrument: fc.constant(instrument), rows: fc.array(row, { minLength: 1, maxLength: 60 }) });
  });

function histograms(instrument: Instrument, rows: readonly Row[]): Map<string, Histogram> {
  const out = new Map<string, Histogram>();
  for (const u of instrument.unsur) {
    for (const item of u.items) {
      const h: [number, number, number, number] = [0, 0, 0, 0];
      for (const r of rows) {
        const v = r[item.code];
        if (v !== null && v !== undefined) h[v - 1]! += 1;
      }
      out.set(item.code, h);
    }
  }
  return out;
}

/** Independent computation straight from the rows, as a spreadsheet would do it. */
function naive(instrument: Instrument, rows: readonly Row[]): { nrr: (number | null)[]; index: number | null } {
  const nrr = instrument.unsur.map((u) => {
    const itemMeans: number[] = [];
    for (const item of u.items) {
      let sum = 0;
      let count = 0;
      for (const r of rows) {
        const v = r[item.code];
        if (typeof v === 'number') {
          sum += v;
          count++;
        }
      }
      if (count > 0) itemMeans.push(sum / count);
    }
    return itemMeans.length === 0 ? null : itemMeans.reduce((a, b) => a + b, 0) / itemMeans.length;
  });
  const answered = nrr.filter((v): v is number => v !== null);
  return { nrr, index: answered.length === 0 ? null : answered.reduce((a, b) => a + b, 0) / answered.length };
}

describe('engine properties (fast-check)', () => {
  it('index within [1, 4]; ci95 within [1, 4] and contains the index', () => {
    fc.assert(
      fc.property(survey, ({ instrument, rows }) => {
        const card = computeScoreCard(instrument, histograms(instrument, rows), rows.length);
        if (card.index === null) return card.ci95 === null && card.konversi === null;
        const [lo, hi] = card.ci95!;
        return card.index >= 1 && card.index <= 4 && lo >= 1 && hi <= 4 && lo <= card.index && card.index <= hi;
      }),
      RUNS,
    );
  });

  it('agrees with a naive row-by-row computation to 1e-12', () => {
    fc.assert(
      fc.property(survey, ({ instrument, rows }) => {
        const card = computeScoreCard(instrument, histograms(instrument, rows), rows.length);
        const ref = naive(instrument, rows);
        expect(card.index === null).toBe(ref.index === null);
        if (card.index !== null) expect(Math.abs(card.index - ref.index!)).toBeLessThanOrEqual(1e-12);
        card.unsur.forEach((u, i) => {
          const r = ref.nrr[i];
          expect(u.nrr === null).toBe(r === null);
          if (u.nrr !== null) expect(Math.abs(u.nrr - r!)).toBeLessThanOrEqual(1e-12);
        });
      }),
      RUNS,
    );
  });

  it('does not depend on the order of the rows', () => {
    fc.assert(
      fc.property(
        survey.chain((s) => fc.record({ s: fc.constant(s), keys: fc.array(fc.double({ noNaN: true }), { minLength: s.rows.length, maxLength: s.rows.length }) })),
        ({ s: { instrument, rows }, keys }) => {
          const shuffled = rows.map((r, i) => [keys[i]!, r] as const).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
          const a = computeScoreCard(instrument, histograms(instrument, rows), rows.length);
          const b = computeScoreCard(instrument, histograms(instrument, shuffled), shuffled.length);
          expect(b).toEqual(a);
          // The naive row-by-row sums do depend on order in the last bit; the engine's counts do not.
          expect(Math.abs((naive(instrument, shuffled).index ?? 0) - (a.index ?? 0))).toBeLessThanOrEqual(1e-12);
        },
      ),
      RUNS,
    );
  });

  it('never lowers the index when an all-4 respondent is added', () => {
    fc.assert(
      fc.property(survey, ({ instrument, rows }) => {
        const before = computeScoreCard(instrument, histograms(instrument, rows), rows.length);
        const allFour: Row = {};
        for (const u of instrument.unsur) for (const item of u.items) allFour[item.code] = 4;
        const withFour = [...rows, allFour];
        const after = computeScoreCard(instrument, histograms(instrument, withFour), withFour.length);
        expect(after.index).not.toBeNull();
        if (before.index !== null) expect(after.index!).toBeGreaterThanOrEqual(before.index);
        if (before.konversi !== null) expect(after.konversi!).toBeGreaterThanOrEqual(before.konversi);
      }),
      RUNS,
    );
  });
});
