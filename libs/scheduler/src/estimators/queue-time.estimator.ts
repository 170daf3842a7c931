import { type InstanceSnapshot } from '../instance.model';
import { predictPrefillMs, type PrefillCoefficients } from './prefill-time.model';

/** The prompt length whose per-token cost stands in for queued tokens of unknown shape. */
const REFERENCE_PROMPT_TOKENS = 2048;

export interface QueueTimeOptions {
  readonly prefill: PrefillCoefficients;
  /** Cost of one queued token when only a token count is known; defaults to the profile's per-token cost at a 2k-token prompt. */
  readonly msPerQueuedToken?: number;
}

/**
 * How long a new request waits on a prefill instance before its own prefill starts: the
 * predicted prefill time of each request queued ahead of it when the instance reports them,
 * otherwise its tokens in flight at a per-token cost.
 */
export class QueueTimeEstimator {
  readonly msPerQueuedToken: number;

  constructor(private readonly options: QueueTimeOptions) {
    this.msPerQueuedToken = options.msPerQueuedToken ?? predictPrefillMs(options.prefill, REFERENCE_PROMPT_TOKENS, 0) / REFERENCE_PROMPT_TOKENS;
  }

  queueMs(instance: InstanceSnapshot): number {
    const queued = instance.queuedPrefills;
    if (queued === undefined) return instance.inFlightTokens * this.msPerQueuedToken;
    let ms = 0;
    for (let i = 0; i < queued.length; i++) ms += predictPrefillMs(this.options.prefill, queued[i]!.promptTokens, queued[i]!.reusedTokens);
    return ms;
  }
}
