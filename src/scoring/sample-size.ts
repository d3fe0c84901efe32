/**
 * Minimum sample size of Krejcie & Morgan (1970), as PermenPANRB 14/2017 prescribes:
 * S = λ²·N·P·Q / (d²·(N−1) + λ²·P·Q), λ² = 3.841 (χ², 1 df, 95 %), P = Q = 0.5, d = 0.05,
 * rounded to the nearest integer.
 */
const CHI2 = 3.841;
const P = 0.5;
const D = 0.05;

export function krejcieMorgan(population: number): number {
  if (!Number.isSafeInteger(population) || population < 1) {
    throw new RangeError(`population must be a positive whole number (got ${String(population)})`);
  }
  const pq = P * (1 - P);
  return Math.round((CHI2 * population * pq) / (D * D * (population - 1) + CHI2 * pq));
}

export interface SampleAdequacy {
  minimum: number;
  actual: number;
  /** "Sesuai" when true, "Belum sesuai" when false */
  met: boolean;
}

export function sampleAdequacy(respondents: number, population: number): SampleAdequacy {
  if (!Number.isSafeInteger(respondents) || respondents < 0) {
    throw new RangeError(`respondents must be a non-negative whole number (got ${String(respondents)})`);
  }
  const minimum = krejcieMorgan(population);
  return { minimum, actual: respondents, met: respondents >= minimum };
}
