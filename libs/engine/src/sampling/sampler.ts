import { type SamplingParams } from './sampling-params';
import { stepUniform } from './step-random';

/** The most likely token; the lowest id wins a tie. */
export function argmax(logits: ArrayLike<number>): number {
  let best = 0;
  let bestValue = -Infinity;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

/**
 * Chooses the token for generation step `step`: greedy at temperature 0, otherwise
 * temperature, top-k and top-p filtering then one seeded draw. Deterministic in
 * (logits, params, step), so every serving path samples the same token.
 */
export function sampleToken(logits: ArrayLike<number>, params: SamplingParams, step: number): number {
  if (params.temperature <= 0) return argmax(logits);
  const order = Array.from({ length: logits.length }, (_, i) => i);
  order.sort((a, b) => logits[b]! - logits[a]! || a - b);
  const k = params.topK > 0 ? Math.min(params.topK, order.length) : order.length;
  const max = logits[order[0]!]!;
  const weights = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < k; i++) {
    const w = Math.exp((logits[order[i]!]! - max) / params.temperature);
    weights[i] = w;
    total += w;
  }
  let kept = k;
  if (params.topP < 1) {
    let cumulative = 0;
    for (let i = 0; i < k; i++) {
      cumulative += weights[i]! / total;
      if (cumulative >= params.topP) {
        kept = i + 1;
        break;
      }
    }
    total = 0;
    for (let i = 0; i < kept; i++) total += weights[i]!;
  }
  let target = stepUniform(params.seed, step) * total;
  for (let i = 0; i < kept; i++) {
    target -= weights[i]!;
    if (target < 0) return order[i]!;
  }
  return order[kept - 1]!;
}
