/**
 * Half-up rounding for display and classification values. Going through 12 significant digits first
 * removes binary noise, so a value whose exact decimal is 76.605 (stored as 76.60499999…) gives 76.61,
 * as a spreadsheet would. Meant for index-scale magnitudes (well below 1e9).
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const scaled = Number((Math.abs(value) * factor).toPrecision(12));
  return (Math.sign(value) * Math.round(scaled)) / factor;
}

export function round2(value: number): number {
  return roundTo(value, 2);
}
