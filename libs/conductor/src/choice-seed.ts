/** Seeds the wire carries: integers 0 … 2^53 - 1. */
const SEED_SPACE = 2 ** 53;

/**
 * The seed of choice `k` of a request seeded `seed`: `seed + k`, taken modulo 2^53 into the
 * range the wire carries. So `n: 4, seed: s` draws exactly what four requests with `n: 1` and
 * seeds s, s+1, s+2, s+3 draw, and a negative seed is as good as any.
 */
export function choiceSeed(seed: number, k: number): number {
  // Every step stays within ±2^53, where doubles are exact integers.
  const rest = seed % SEED_SPACE;
  const base = rest < 0 ? rest + SEED_SPACE : rest;
  return base >= SEED_SPACE - k ? base - (SEED_SPACE - k) : base + k;
}
