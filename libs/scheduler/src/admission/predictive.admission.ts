import { EarlyAdmission } from './early.admission';

/**
 * `predictive`: as `early`, but decode load is judged as it will be when this request's prefill
 * ends — requests that finish decoding by then no longer count — so a momentarily full decode
 * pool does not turn away a request that will find room by the time it gets there.
 */
export class PredictiveAdmission extends EarlyAdmission {
  override readonly name = 'predictive';

  override decodeHorizonMs(ttftMs: number): number {
    return ttftMs;
  }
}
