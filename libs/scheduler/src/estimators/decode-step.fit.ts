import { ok, type Result } from '@tsukimi/result';
import { type DecodeStepCoefficients } from './decode-step.model';
import { leastSquares, type LeastSquaresError } from './least-squares';

/** One measured decode step. */
export interface DecodeStepSample {
  readonly batchSize: number;
  readonly contextTokens: number;
  readonly stepMs: number;
}

/** Fits decode step coefficients by least squares; batch size and context must vary independently. */
export function fitDecodeStepCoefficients(samples: readonly DecodeStepSample[]): Result<DecodeStepCoefficients, LeastSquaresError> {
  const fit = leastSquares(
    samples.map((s) => [1, s.batchSize, s.contextTokens]),
    samples.map((s) => s.stepMs),
  );
  if (!fit.ok) return fit;
  const [baseMs, msPerRequest, msPerContextToken] = fit.value as [number, number, number];
  return ok({ baseMs, msPerRequest, msPerContextToken });
}
