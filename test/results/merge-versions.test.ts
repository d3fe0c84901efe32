import { describe, expect, it } from 'vitest';
import type { Instrument } from '../../src/instruments/schema.ts';
import { mergeVersions } from '../../src/results/scorecard.ts';
import { computeScoreCard } from '../../src/scoring/index.ts';

const labels: [string, string, string, string] = ['1', '2', '3', '4'];
const version = (unsur: [string, string[]][]): Instrument => ({
  id: 'x',
  name: 'X',
  kind: 'ikm',
  scale: 4,
  unsur: unsur.map(([code, items]) => ({ code, name: code, items: items.map((c) => ({ code: c, text: c, labels })) })),
});
const shape = (i: Instrument) => i.unsur.map((u) => [u.code, u.items.map((x) => x.code)]);

describe('pooling instrument versions', () => {
  it('keeps items only an older version had, under their unsur', () => {
    const merged = mergeVersions([version([['A', ['A1']], ['B', ['B1']]]), version([['A', ['A1', 'A2']], ['C', ['C1']]])]);
    expect(shape(merged)).toEqual([
      ['A', ['A1', 'A2']],
      ['B', ['B1']],
      ['C', ['C1']],
    ]);
  });

  it('never counts an item under two unsur when a version moved it', () => {
    const merged = mergeVersions([version([['A', ['A1']], ['C', ['Q1']]]), version([['A', ['A1']], ['B', ['Q1']]])]);
    expect(shape(merged)).toEqual([
      ['A', ['A1']],
      ['C', ['Q1']],
    ]);
    // A1 all 4s, Q1 all 1s: two unsur, index 2.5 (not 3 with Q1 counted twice)
    expect(computeScoreCard(merged, { A1: [0, 0, 0, 2], Q1: [2, 0, 0, 0] }, 2).index).toBe(2.5);
  });
});
