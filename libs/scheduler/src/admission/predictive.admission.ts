import { type DecodeWork } from '../instance.model';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';
import { ADMIT, type AdmissionInput, type AdmissionVerdict } from './admission.port';
import { EarlyAdmission } from './early.admission';
import { longestTenthTbtMs } from './longest-tenth.tbt';

/**
 * `predictive`: as `early`, but decode load is judged as it will be while this request
 * generates, not as it is when the request arrives. Requests that finish decoding before this
 * one's prefill ends no longer count; requests admitted before it and still in prefill do, though
 * the decode instances' batches do not show them yet: each will have joined a batch by the time
 * this one does. Without them, every arrival during a burst sees the same small batch, all are
 * admitted, and the batch they build together misses the TBT target. And the gap between the
 * first token and the second, where the KV moves from prefill to decode, counts as one of the
 * request's intervals: judged as the decode instance's latest such gap, since no step-time model
 * sees the handoff, and while it is long the request is refused even when the batch has room.
 */
export class PredictiveAdmission extends EarlyAdmission {
  override readonly name = 'predictive';

  override decodeHorizonMs(ttftMs: number): number {
    return ttftMs;
  }

  override judge(input: AdmissionInput): AdmissionVerdict {
    const verdict = super.judge(input);
    const { decode, tbtLimitMs, maxTokens, retryAfterMs } = input;
    const gapMs = decode.instance.handoffGapMs;
    if (!verdict.admit || gapMs === undefined) return verdict;
    // Without a step-time prediction the handoff is judged alone.
    const tbtMs = longestTenthTbtMs(gapMs, decode.tbtMs ?? 0, maxTokens);
    if (tbtMs <= tbtLimitMs) return ADMIT;
    return {
      admit: false,
      reason: 'decode-overloaded',
      message: `time between tokens with the ${Math.round(gapMs)} ms handoff from prefill to decode would be ${Math.round(tbtMs)} ms, over the ${Math.round(tbtLimitMs)} ms target`,
      // The gap is as old as the latest handoff; another will have been seen by then.
      retryAfterMs: Math.max(retryAfterMs, Math.ceil(gapMs)),
    };
  }

  /**
   * The prefills in flight on every instance, as decode work shared out evenly over the routable
   * decode instances (the decode profile spreads them); each generates at most this request's
   * token limit, since the snapshot does not carry theirs.
   */
  override decodeArrivals(request: ScheduleRequest, snapshot: ClusterSnapshot): readonly DecodeWork[] {
    let prefills = 0;
    let promptTokens = 0;
    for (const instance of snapshot.prefill) {
      for (const queued of instance.queuedPrefills ?? []) {
        prefills++;
        promptTokens += queued.promptTokens;
      }
    }
    const decodeInstances = snapshot.decode.filter((i) => i.routable).length;
    if (prefills === 0 || decodeInstances === 0) return [];
    const share = Math.ceil(prefills / decodeInstances);
    const work: DecodeWork = { contextTokens: Math.round(promptTokens / prefills) + 1, remainingTokens: request.maxTokens };
    return Array.from({ length: share }, () => work);
  }
}
