import { ADMIT, type AdmissionInput, type AdmissionPolicy, type AdmissionVerdict } from './admission.port';
import { type TtftEstimate } from '../estimators/ttft.estimate';
import { type DecodeWork } from '../instance.model';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';

/**
 * `early`: refuses a request before its prefill starts when even the best prefill instance is
 * estimated past the TTFT target, or when no decode instance stays under the TBT target with it
 * added — judged on decode load as it is now. A refused request costs nothing; one admitted and
 * then late costs the prefill and still misses.
 */
export class EarlyAdmission implements AdmissionPolicy {
  readonly name: 'early' | 'predictive' = 'early';

  decodeHorizonMs(_ttftMs: number): number {
    return 0;
  }

  decodeArrivals(_request: ScheduleRequest, _snapshot: ClusterSnapshot): readonly DecodeWork[] {
    return [];
  }

  judge(input: AdmissionInput): AdmissionVerdict {
    const { estimate, decode, ttftLimitMs, tbtLimitMs, retryAfterMs } = input;
    if (estimate !== undefined && estimate.ttftMs > ttftLimitMs && !nothingAhead(estimate)) {
      return {
        admit: false,
        reason: 'prefill-overloaded',
        message: `estimated time to first token ${Math.round(estimate.ttftMs)} ms is over the ${Math.round(ttftLimitMs)} ms target on every prefill instance`,
        // The queue ahead drains in about the excess; retrying sooner would be refused again.
        retryAfterMs: Math.max(retryAfterMs, Math.ceil(estimate.ttftMs - ttftLimitMs)),
      };
    }
    if (!decode.withinSlo) {
      const predicted = decode.tbtMs === undefined ? '' : ` (best ${Math.round(decode.tbtMs)} ms)`;
      return {
        admit: false,
        reason: 'decode-overloaded',
        message: `no decode instance keeps time between tokens under ${Math.round(tbtLimitMs)} ms with this request${predicted}`,
        retryAfterMs,
      };
    }
    return ADMIT;
  }
}

/**
 * Nothing is queued ahead of the request and no step runs between its chunks: it gets the
 * instance's best TTFT, so refusing it makes no one sooner. Its estimate can still be over the
 * target when calibration learnt a worse moment; refusing then would refuse every request for
 * good, since a refused request shows nothing of what TTFTs are now.
 */
function nothingAhead(estimate: TtftEstimate): boolean {
  return estimate.queueMs === 0 && (estimate.interleavedMs ?? 0) === 0;
}
