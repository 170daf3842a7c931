/**
 * One engine's prefill time: a fixed cost, a cost per computed token (the linear layers), and a
 * cost per attended pair (attention: every computed token reads every token before it, reused
 * or computed, so the term grows with the square of the prompt).
 */
export interface PrefillCoefficients {
  readonly baseMs: number;
  readonly msPerComputedToken: number;
  readonly msPerAttendedPair: number;
}

/** Query-key pairs that computing `computedTokens` after `reusedTokens` of cached prefix evaluates. */
export function attendedPairs(computedTokens: number, reusedTokens: number): number {
  return computedTokens * reusedTokens + (computedTokens * (computedTokens + 1)) / 2;
}

/** Tokens reused out of a prompt: at most all but the last, which must be computed to produce the first output token. */
export function usableReuseTokens(promptTokens: number, reusedTokens: number): number {
  return Math.max(0, Math.min(reusedTokens, promptTokens - 1));
}

export function predictPrefillMs(coefficients: PrefillCoefficients, promptTokens: number, reusedTokens: number): number {
  const reused = usableReuseTokens(promptTokens, reusedTokens);
  const computed = promptTokens - reused;
  return coefficients.baseMs + coefficients.msPerComputedToken * computed + coefficients.msPerAttendedPair * attendedPairs(computed, reused);
}
