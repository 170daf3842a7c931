import { type TokenLogprob } from './generation-params';

export interface StepLogprobs {
  readonly logprob: number;
  readonly topLogprobs: readonly TokenLogprob[];
}

/**
 * The natural-log softmax of `logits` (temperature 1, float64) at `token`, and the `top`
 * most likely tokens, most likely first, lowest id first on ties.
 */
export function tokenLogprobs(logits: ArrayLike<number>, token: number, top: number): StepLogprobs {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) if (logits[i]! > max) max = logits[i]!;
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i]! - max);
  const logZ = max + Math.log(sum);
  const best = topTokens(logits, top);
  return { logprob: logits[token]! - logZ, topLogprobs: best.map((t) => ({ token: t, logprob: logits[t]! - logZ })) };
}

/** The `n` largest logits' ids, by insertion into a short sorted list (n is at most 20). */
function topTokens(logits: ArrayLike<number>, n: number): number[] {
  const ids: number[] = [];
  if (n <= 0) return ids;
  for (let i = 0; i < logits.length; i++) {
    const v = logits[i]!;
    if (ids.length === n && v <= logits[ids[n - 1]!]!) continue;
    let at = ids.length;
    while (at > 0 && logits[ids[at - 1]!]! < v) at--;
    ids.splice(at, 0, i);
    if (ids.length > n) ids.pop();
  }
  return ids;
}
