/** Randomness, injected so that placement is reproducible under a seed. */
export interface Random {
  /** A uniformly distributed number in [0, 1). */
  next(): number;
}

/** Mulberry32: small, fast and good enough for spreading blocks over nodes; not for secrets. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

export const mathRandom: Random = { next: () => Math.random() };

/** An index in [0, length). */
export function randomIndex(random: Random, length: number): number {
  return Math.min(length - 1, Math.floor(random.next() * length));
}
