import { type PrefixHit, type PrefixMatch } from '../index/prefix-location.model';
import { type InstanceSnapshot } from '../instance.model';
import { type ScheduleRequest } from '../schedule.model';
import { predictPrefillMs, type PrefillCoefficients } from './prefill-time.model';
import { type QueueTimeEstimator } from './queue-time.estimator';
import { type TbtEstimator } from './tbt.estimator';
import { type TransferTimeEstimator, transferPathOf } from './transfer-time.estimator';
import { type TtftEstimate, TtftScratch } from './ttft.estimate';

export interface TtftEstimatorOptions {
  readonly blockSizeTokens: number;
  readonly prefill: PrefillCoefficients;
  readonly queue: QueueTimeEstimator;
  readonly transfer: TransferTimeEstimator;
  /**
   * Fetch a prefix from elsewhere only when it is more than this many times as long as the one
   * the instance holds. Below it the instance computes the difference itself, which keeps every
   * request from piling onto the holders of a popular prefix (cache load balancing).
   */
  readonly kvcacheBalanceThreshold: number;
  /**
   * The step-time model of decode instances: a request run whole on one (the instance it is
   * estimated on is a decode instance) also waits on the batch's steps between its prompt's
   * chunks. Without it, only the prefill work queued there counts.
   */
  readonly steps?: TbtEstimator;
}

/**
 * The inner step of Mooncake's Algorithm 1 for one prefill instance:
 * `TTFT = T_queue + T_transfer + T_prefill(prompt, reused)`, taking the cheaper of computing
 * past the instance's own prefix and fetching the longest prefix held elsewhere — another
 * instance's memory, a pool node's DRAM or its SSD, each over its own path.
 */
export class TtftEstimator {
  constructor(readonly options: TtftEstimatorOptions) {}

  estimate(request: ScheduleRequest, instance: InstanceSnapshot, match: PrefixMatch): TtftEstimate {
    const scratch = new TtftScratch();
    this.estimateInto(request, instance, match, scratch);
    return scratch.toEstimate();
  }

  /** Writes the estimate into `out`; allocates nothing. */
  estimateInto(request: ScheduleRequest, instance: InstanceSnapshot, match: PrefixMatch, out: TtftScratch): void {
    const { blockSizeTokens, prefill, queue, kvcacheBalanceThreshold } = this.options;
    const own = match.deviceBlocks(instance.id);
    const longest = match.longestBlocks;
    const queueMs = queue.queueMs(instance);
    const localPrefillMs = predictPrefillMs(prefill, request.promptTokens, own * blockSizeTokens);
    out.set(queueMs, localPrefillMs, 0, own, own, own > 0 && own >= longest ? 'holder' : 'recompute', undefined);
    if (longest > own && longest > kvcacheBalanceThreshold * own) {
      this.tryFetch(request, match.bestDevice(instance.id), own, queueMs, out);
      this.tryFetch(request, match.bestNode('dram'), own, queueMs, out);
      this.tryFetch(request, match.bestNode('ssd'), own, queueMs, out);
    }
    const steps = this.options.steps;
    if (steps !== undefined && instance.role === 'decode') {
      out.addInterleaved(steps.interleavedMs(instance, { promptTokens: request.promptTokens, reusedTokens: out.reusedBlocks * blockSizeTokens }));
    }
  }

  private tryFetch(request: ScheduleRequest, hit: PrefixHit | undefined, own: number, queueMs: number, out: TtftScratch): void {
    if (hit === undefined || hit.blocks <= own) return;
    const transferMs = this.options.transfer.transferMs(hit.blocks - own, transferPathOf(hit.location));
    const prefillMs = predictPrefillMs(this.options.prefill, request.promptTokens, hit.blocks * this.options.blockSizeTokens);
    if (queueMs + transferMs + prefillMs < out.ttftMs) out.set(queueMs, prefillMs, transferMs, own, hit.blocks, 'fetch', hit.location);
  }
}
