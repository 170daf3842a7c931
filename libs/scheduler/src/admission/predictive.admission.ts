import { type DecodeWork } from '../instance.model';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';
import { EarlyAdmission } from './early.admission';

/**
 * `predictive`: as `early`, but decode load is judged as it will be while this request
 * generates, not as it is when the request arrives. Requests that finish decoding before this
 * one's prefill ends no longer count; requests admitted before it and still in prefill do, though
 * the decode instances' batches do not show them yet: each will have joined a batch by the time
 * this one does. Without them, every arrival during a burst sees the same small batch, all are
 * admitted, and the batch they build together misses the TBT target.
 */
export class PredictiveAdmission extends EarlyAdmission {
  override readonly name = 'predictive';

  override decodeHorizonMs(ttftMs: number): number {
    return ttftMs;
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
