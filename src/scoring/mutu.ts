import { round2 } from './round.ts';
import type { Kinerja, Mutu } from './types.ts';

/** PermenPANRB 14/2017 mutu pelayanan, on the konversi (25–100) rounded to 2 decimals, with ≥. */
export const MUTU_TABLE: readonly { min: number; mutu: Mutu; kinerja: Kinerja }[] = [
  { min: 88.31, mutu: 'A', kinerja: 'Sangat Baik' },
  { min: 76.61, mutu: 'B', kinerja: 'Baik' },
  { min: 65.0, mutu: 'C', kinerja: 'Kurang Baik' },
  { min: -Infinity, mutu: 'D', kinerja: 'Tidak Baik' },
];

export function classifyMutu(konversi: number): { mutu: Mutu; kinerja: Kinerja } {
  // Rounded again so a caller passing an unrounded konversi still gets the gap-free classification.
  const k = round2(konversi);
  for (const row of MUTU_TABLE) {
    if (k >= row.min) return { mutu: row.mutu, kinerja: row.kinerja };
  }
  throw new RangeError(`konversi ${konversi} is not a number`);
}

/** konversi = value on the 1–4 scale × 25, rounded to 2 decimals */
export function konversi(value: number): number {
  return round2(value * 25);
}
