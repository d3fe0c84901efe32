import { describe, expect, it } from 'vitest';
import { round2, roundTo } from '../../src/scoring/index.ts';

describe('round2', () => {
  it('rounds a value whose exact decimal is x.xx5 up, despite binary noise', () => {
    // Naive Math.round(v * 100) / 100 fails where v * 100 lands just below .5 (76.615 * 100 =
    // 7661.499999999999); round2 must not.
    const naive = (v: number) => Math.round(v * 100) / 100;
    expect(naive(76.615)).toBe(76.61);
    expect(naive(1.005)).toBe(1);
    expect(round2(76.615)).toBe(76.62);
    expect(round2(76.085)).toBe(76.09);
    expect(round2(0.285)).toBe(0.29);
    expect(round2(10.075)).toBe(10.08);
    expect(round2(76.605)).toBe(76.61);
    expect(round2(3.0642 * 25)).toBe(76.61);
    expect(round2(1.005)).toBe(1.01);
    expect(round2(2.675)).toBe(2.68);
    expect(round2(88.305)).toBe(88.31);
    expect(round2(64.995)).toBe(65);
  });

  it('rounds everything else to the nearest hundredth', () => {
    expect(round2(78.88888888888889)).toBe(78.89);
    expect(round2(76.60499)).toBe(76.6);
    expect(round2(76.6049999)).toBe(76.6);
    expect(round2(100)).toBe(100);
    expect(round2(25)).toBe(25);
    expect(round2(14.000000000000002)).toBe(14);
  });

  it('rounds to other precisions the same way', () => {
    expect(roundTo(3.15555, 4)).toBe(3.1556);
    expect(roundTo(3.14155, 4)).toBe(3.1416);
    expect(roundTo(2.5, 0)).toBe(3);
    expect(roundTo(-2.5, 0)).toBe(-3);
  });
});
