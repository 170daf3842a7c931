/**
 * A uniform number in [0, 1) for generation step `step` of a request seeded with `seed`.
 * A pure function of (seed, step) rather than a stateful stream: prefill draws step 0
 * and a decode instance in another process draws step 1, 2, … with no state to hand over.
 */
export function stepUniform(seed: number, step: number): number {
  const lo = seed >>> 0;
  const hi = Math.floor(seed / 0x1_0000_0000) >>> 0;
  const a = fmix32(lo ^ fmix32(hi ^ 0x85ebca6b) ^ fmix32(step ^ 0x9e3779b9));
  const b = fmix32(a ^ 0xc2b2ae35 ^ fmix32((step + 0x27d4eb2f) >>> 0));
  return ((a >>> 5) * 67108864 + (b >>> 6)) / 9007199254740992;
}

/** MurmurHash3's 32-bit finalizer: full avalanche in a few integer ops. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
