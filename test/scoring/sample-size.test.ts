import { describe, expect, it } from 'vitest';
import { krejcieMorgan, sampleAdequacy } from '../../src/scoring/index.ts';

describe('Krejcie & Morgan minimum sample', () => {
  // Rows of the published table (Krejcie & Morgan 1970, Table 1).
  const published: [number, number][] = [
    [10, 10], [15, 14], [20, 19], [50, 44], [75, 63], [100, 80], [150, 108], [200, 132], [300, 169],
    [400, 196], [500, 217], [750, 254], [1000, 278], [1500, 306], [2000, 322], [3000, 341], [5000, 357],
    [9000, 368], [10000, 370], [20000, 377], [50000, 381], [75000, 382], [1000000, 384],
  ];
  it.each(published)('N = %i → %i', (population, minimum) => {
    expect(krejcieMorgan(population)).toBe(minimum);
  });

  it('gives 383 for N = 100 000', () => {
    // The formula gives 382.63 → 383. Reproductions of the table that print "100000 → 384" copy the
    // original's last row, which is N = 1 000 000 → 384 (383.95); the original has no 100 000 row.
    // The regulation prescribes the formula, so 383 it is.
    expect(krejcieMorgan(100000)).toBe(383);
  });

  it('never exceeds the population and tends to 384', () => {
    for (const n of [1, 2, 3, 5, 7, 9, 11]) expect(krejcieMorgan(n)).toBeLessThanOrEqual(n);
    expect(krejcieMorgan(1)).toBe(1);
    expect(krejcieMorgan(1e9)).toBe(384);
  });

  it('refuses a population that is not a positive whole number', () => {
    for (const bad of [0, -5, 2.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(() => krejcieMorgan(bad)).toThrow(RangeError);
    }
  });

  it('states minimum, actual and whether it is met', () => {
    expect(sampleAdequacy(217, 500)).toEqual({ minimum: 217, actual: 217, met: true });
    expect(sampleAdequacy(216, 500)).toEqual({ minimum: 217, actual: 216, met: false });
    expect(() => sampleAdequacy(-1, 500)).toThrow(RangeError);
  });
});
