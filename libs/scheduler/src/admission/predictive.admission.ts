import { type DecodeWork } from '../instance.model';
import { type ClusterSnapshot, type ScheduleRequest } from '../schedule.model';
import { ADMIT, type AdmissionInput, type AdmissionVerdict } from './admission.port';
import { EarlyAdmission } from './early.admission';

/**
 * `predictive`: as `early`, but decode load is judged as it will be while this request
 * generates, not as it is when the request arrives. Requests that finish decoding before this
 * one's prefill ends no longer count; requests admitted before it and still in prefill do, though
 * the decode instances' batches do not show them yet: each will have joined a batch by the time
 * this one does. Without them, every arrival during a burst sees the same small batch, all are
 * admitted, and the batch they build together misses the TBT target. And the gap between the
 * first token and the second, where the KV moves from prefill to decode, is held to the TBT SLO
 * on its own, as every other gap: judged by the gaps seen (the snapshot's `handoffGapMs`), since
 * no step-time model sees the handoff, and while it is long the request is refused even when the
 * batch has room. Seen, not estimated, it is held to the SLO itself rather than its headroom.
 * Held to the SLO alone rather than averaged into the longest tenth of the intervals, it keeps
 * the handoff from drifting long: admitting on the average lets the gaps grow until most
 * requests miss.
 */
export class PredictiveAdmission extends EarlyAdmission {
  override readonly name = 'predictive';

  override decodeHorizonMs(ttftMs: number): number {
    return ttftMs;
  }

  override judge(input: AdmissionInput): AdmissionVerdict {
    const verdict = super.judge(input);
    const { estimate, decode, tbtLimitMs, retryAfterMs } = input;
    const observedGapMs = decode.instance.handoffGapMs;
    if (!verdict.admit || observedGapMs === undefined) return verdict;
    // The gap seen is held to the SLO itself. Where handoffs are slow at all, the prefill instance
    // stores a prompt's blocks while it computes the prompts queued behind, so a request's gap grows
    // with that queue; in a steady stream the queue behind a request when its prefill ends is about
    // the queue it joins now, which the TTFT estimate holds: an estimate, held to the target.
    const seenLimitMs = input.tbtSeenLimitMs ?? tbtLimitMs;
    const queueMs = estimate?.queueMs ?? 0;
    if (observedGapMs <= seenLimitMs && queueMs <= tbtLimitMs) return ADMIT;
    const [gapMs, limitMs] = observedGapMs > seenLimitMs ? [observedGapMs, seenLimitMs] : [queueMs, tbtLimitMs];
    return {
      admit: false,
      reason: 'decode-overloaded',
      message: `the handoff from prefill to decode takes ${Math.round(gapMs)} ms between the first token and the second, over the ${Math.round(limitMs)} ms target`,
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
      const queue = instance.queuedPrefills;
      if (queue === undefined) continue;
      prefills += queue.length;
      for (let i = 0; i < queue.length; i++) promptTokens += queue[i]!.promptTokens;
    }
    let decodeInstances = 0;
    for (const instance of snapshot.decode) if (instance.routable) decodeInstances++;
    if (prefills === 0 || decodeInstances === 0) return [];
    const share = Math.ceil(prefills / decodeInstances);
    const work: DecodeWork = { contextTokens: Math.round(promptTokens / prefills) + 1, remainingTokens: request.maxTokens };
    return new Array<DecodeWork>(share).fill(work);
  }
}
