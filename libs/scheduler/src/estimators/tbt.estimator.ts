import { decodeBatchLoad } from '../decode-batch.load';
import { type DecodeWork, type InstanceSnapshot, type QueuedPrefill } from '../instance.model';
import { type DecodeStepCoefficients, predictDecodeStepMs } from './decode-step.model';
import { type GapCalibration, NO_GAP_CALIBRATION } from './gap-calibration.model';
import { type LocalPrefillModel, longestPendingChunkMs, turnsUntilDone } from './local-prefill.model';

/**
 * Predicts a decode instance's time between tokens once one more request joins its batch,
 * either as the batch is now or as it will be `horizonMs` from now — when the new request's
 * prefill ends — counting the requests that will have finished by then. With `local`, a step is
 * followed by a chunk of a prompt run there whole while any is queued, and every stream's gap
 * holds both: the one step-time model behind TBT and behind a local run's TTFT. `step` comes
 * already scaled by `gap.stepScale` (and `local` by what TTFTs showed of prefill work); a gap as a
 * stream sees it adds `gap.overheadMs`, which the steps between a local prompt's chunks do not
 * wait on.
 */
export class TbtEstimator {
  constructor(
    readonly step: DecodeStepCoefficients,
    readonly local?: LocalPrefillModel,
    readonly gap: GapCalibration = NO_GAP_CALIBRATION,
  ) {}

  /**
   * The step model's own figure (unscaled, no overhead, no prompt chunk) for the step a stream
   * would see with the request added, as `withRequestMs` judges it: what calibration compares that
   * stream's gaps with.
   */
  modelledStepMs(instance: InstanceSnapshot, addedContextTokens: number, horizonMs = 0, arrivals: readonly DecodeWork[] = []): number {
    return this.stepWithRequestMs(instance, addedContextTokens, horizonMs, arrivals) / this.gap.stepScale;
  }

  /** Step time of the batch as it is, without a new request. */
  currentMs(instance: InstanceSnapshot): number {
    const batch = instance.decodeBatch;
    if (batch === undefined) return predictDecodeStepMs(this.step, instance.inFlightRequests, instance.inFlightTokens);
    const load = instance.decodeBatchLoad ?? decodeBatchLoad(batch);
    return predictDecodeStepMs(this.step, load.requests, load.contextTokens);
  }

  /**
   * The gap between tokens (step, the gap's overhead, and a local prompt's chunk) with a request
   * of `addedContextTokens` added, judged `horizonMs` from now. Without
   * the running batch's details the horizon cannot be used and the load is judged as it is now.
   * Steps are taken at today's pace, which finishes requests no sooner than they will.
   * `arrivals` join the batch by then too: requests already admitted to it and still in prefill.
   * `ownPrompt`, when the request is run whole there, is computed in chunks between the steps of
   * the streams already there; its own stream starts after its prompt, so alone on the instance
   * it lengthens no gap.
   */
  withRequestMs(instance: InstanceSnapshot, addedContextTokens: number, horizonMs = 0, arrivals: readonly DecodeWork[] = [], ownPrompt?: QueuedPrefill): number {
    const stepMs = this.stepWithRequestMs(instance, addedContextTokens, horizonMs, arrivals) + this.gap.overheadMs;
    if (this.local === undefined) return stepMs;
    const othersStreaming = (instance.decodeBatch?.length ?? instance.inFlightRequests) > 0;
    return stepMs + longestPendingChunkMs(this.local, instance.queuedPrefills, othersStreaming ? ownPrompt : undefined);
  }

  /**
   * What a prompt run whole on a decode instance waits on besides prefill work: one step of the
   * batch before each turn of the chunks queued there, its own included, until its last chunk.
   * The batch already counts the requests whose prompts are queued there (they join it as their
   * prompts finish, before this one's). 0 without a local prefill model, and on an idle instance.
   */
  interleavedMs(instance: InstanceSnapshot, ownPrompt: QueuedPrefill): number {
    if (this.local === undefined) return 0;
    const stepMs = this.currentMs(instance);
    return stepMs === 0 ? 0 : turnsUntilDone(this.local, instance.queuedPrefills, ownPrompt) * stepMs;
  }

  private stepWithRequestMs(instance: InstanceSnapshot, addedContextTokens: number, horizonMs: number, arrivals: readonly DecodeWork[]): number {
    const batch = instance.decodeBatch;
    let arrivingTokens = 0;
    for (let i = 0; i < arrivals.length; i++) arrivingTokens += arrivals[i]!.contextTokens;
    if (batch === undefined) return predictDecodeStepMs(this.step, instance.inFlightRequests + arrivals.length + 1, instance.inFlightTokens + arrivingTokens + addedContextTokens);
    const load = instance.decodeBatchLoad ?? decodeBatchLoad(batch);
    const nowMs = predictDecodeStepMs(this.step, load.requests, load.contextTokens);
    const steps = horizonMs <= 0 ? 0 : nowMs > 0 ? Math.floor(horizonMs / nowMs) : Infinity;
    // Nobody finishes by then: every request survives with `steps` more tokens. Whole token counts
    // sum exactly in any order, so this is the loop below's number to the last bit.
    if (steps < load.fewestRemainingTokens && load.wholeTokens) {
      return predictDecodeStepMs(this.step, load.requests + arrivals.length + 1, load.contextTokens + load.requests * steps + arrivingTokens + addedContextTokens);
    }
    let survivors = 0;
    let contextTokens = 0;
    for (let i = 0; i < batch.length; i++) {
      const work = batch[i]!;
      if (work.remainingTokens <= steps) continue;
      survivors++;
      contextTokens += work.contextTokens + steps;
    }
    return predictDecodeStepMs(this.step, survivors + arrivals.length + 1, contextTokens + arrivingTokens + addedContextTokens);
  }
}
