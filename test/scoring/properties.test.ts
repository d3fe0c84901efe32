import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/instruments/schema.ts';
import { scoreCsv } from '../../src/reports/score-csv.ts';
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

/** The text as a byte stream, whole (chunk 0) or in chunks of `chunk` bytes. */
function stream(text: string, chunk: number): Readable {
  const bytes = Buffer.from(text, 'utf8');
  if (chunk <= 0) return Readable.from([bytes]);
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) parts.push(bytes.subarray(i, i + chunk));
  return Readable.from(parts);
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

  it('scores a CSV the same whatever the order of its rows (fast-check, through scoreCsv)', async () => {
    // Each row keeps its own formatting when it moves, so rows that take the parser's fast path, its
    // quoted-record machine or the counter's slow path get interleaved differently in the two files.
    const style = fc.constantFrom('plain', 'spaced', 'quoted');
    const input = survey.chain((s) =>
      fc.record({
        s: fc.constant(s),
        styles: fc.array(style, { minLength: s.rows.length, maxLength: s.rows.length }),
        order: fc.shuffledSubarray(
          s.rows.map((_, i) => i),
          { minLength: s.rows.length, maxLength: s.rows.length },
        ),
        delimiter: fc.constantFrom(',', ';'),
        eol: fc.constantFrom('\n', '\r\n'),
        finalNewline: fc.boolean(),
        chunk: fc.integer({ min: 0, max: 13 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(input, async ({ s: { instrument, rows }, styles, order, delimiter, eol, finalNewline, chunk }) => {
        fc.pre(rows.some((r) => Object.values(r).some((v) => v !== null))); // scoreCsv refuses a file without respondents
        const codes = instrument.unsur.flatMap((u) => u.items.map((item) => item.code));
        const line = (i: number): string =>
          codes
            .map((c) => {
              const v = rows[i]![c];
              const cell = v === null || v === undefined ? '' : String(v);
              return styles[i] === 'spaced' ? ` ${cell} ` : styles[i] === 'quoted' ? `"${cell}"` : cell;
            })
            .join(delimiter);
        const csv = (indices: readonly number[]): string =>
          [codes.join(delimiter), ...indices.map(line)].join(eol) + (finalNewline ? eol : '');
        const score = async (text: string) => (await scoreCsv(stream(text, chunk), instrument)).card;
        const original = await score(csv(rows.map((_, i) => i)));
        expect(await score(csv(order))).toEqual(original);
        // and both equal the engine on the rows' counts (respondents = rows with at least one answer)
        const respondents = rows.filter((r) => Object.values(r).some((v) => v !== null)).length;
        expect(original).toEqual(computeScoreCard(instrument, histograms(instrument, rows), respondents));
      }),
      { numRuns: 1000 },
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
