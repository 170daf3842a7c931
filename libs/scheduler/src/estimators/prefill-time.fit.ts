import { ok, type Result } from '@tsukimi/result';
import { leastSquares, type LeastSquaresError } from './least-squares';
import { attendedPairs, type PrefillCoefficients, usableReuseTokens } from './prefill-time.model';

/** One measured prefill. */
export interface PrefillSample {
  readonly promptTokens: number;
  readonly reusedTokens: number;
  readonly ms: number;
}

/**
 * Fits prefill coefficients to measured samples by least squares. The samples must vary both
 * prompt length and reuse enough to tell the linear and quadratic terms apart.
 */
export function fitPrefillCoefficients(samples: readonly PrefillSample[]): Result<PrefillCoefficients, LeastSquaresError> {
  const rows = samples.map(({ promptTokens, reusedTokens }) => {
    const reused = usableReuseTokens(promptTokens, reusedTokens);
    const computed = promptTokens - reused;
    return [1, computed, attendedPairs(computed, reused)];
  });
  const fit = leastSquares(
    rows,
    samples.map((s) => s.ms),
  );
  if (!fit.ok) return fit;
  const [baseMs, msPerComputedToken, msPerAttendedPair] = fit.value as [number, number, number];
  return ok({ baseMs, msPerComputedToken, msPerAttendedPair });
}
