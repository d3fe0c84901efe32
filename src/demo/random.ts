/** A small seeded generator (mulberry32): the same --seed gives the same demo data. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    weighted<T>(choices: readonly (readonly [T, number])[]): T {
      const total = choices.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [value, w] of choices) {
        r -= w;
        if (r < 0) return value;
      }
      return choices.at(-1)![0];
    },
    uuid(): string {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16));
      hex[12] = '4';
      hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
      const h = hex.join('');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

export type Random = ReturnType<typeof seededRandom>;

/**
 * An answer 1–4 around a latent mean: weights fall off with the distance from the mean, so a
 * unit that is "3.2 on U3" gets mostly 3s, some 4s and 2s and the odd 1.
 */
export function answerAround(random: Random, mean: number): 1 | 2 | 3 | 4 {
  const weights = ([1, 2, 3, 4] as const).map((v) => [v, Math.exp(-((v - mean) ** 2) / (2 * 0.55 ** 2))] as const);
  return random.weighted(weights);
}
