import { type ScaleProposal } from './planner.model';
import { type PlannerOptions } from './planner.options';

/** What the prefill pool reports each fast tick. */
export interface PrefillSignals {
  readonly replicas: number;
  /** Prompt tokens queued across the pool that no cache will supply. */
  readonly queuedUncachedTokens: number;
  /** Measured uncached prompt tokens one instance computes per second. */
  readonly tokensPerSPerInstance: number;
}

/** What the decode pool reports each fast tick. */
export interface DecodeSignals {
  readonly replicas: number;
  /** Share of the pool's KV memory in use, 0..1. */
  readonly kvUsedRatio: number;
  /** Measured inter-token latency (a high percentile, e.g. p90) over the last tick. */
  readonly interTokenLatencyMs: number;
}

/** Seconds to drain `queued` tokens with `replicas` instances; Infinity with none. */
export function drainMs(queuedTokens: number, replicas: number, tokensPerSPerInstance: number): number {
  if (queuedTokens <= 0) return 0;
  const rate = replicas * tokensPerSPerInstance;
  return rate > 0 ? (queuedTokens / rate) * 1000 : Infinity;
}

/**
 * Prefill: up one when the queue's drain time passes `queueHighShare` of the TTFT SLO (a request
 * joining it would wait that long before its own prefill), down one when one instance fewer would
 * still drain it within `queueLowShare`.
 */
export function prefillProposal(signals: PrefillSignals, options: PlannerOptions): ScaleProposal {
  const { replicas, queuedUncachedTokens, tokensPerSPerInstance } = signals;
  if (drainMs(queuedUncachedTokens, replicas, tokensPerSPerInstance) > options.queueHighShare * options.ttftSloMs) {
    return { replicas: replicas + 1, reason: 'ttft-queue' };
  }
  if (replicas > 1 && drainMs(queuedUncachedTokens, replicas - 1, tokensPerSPerInstance) <= options.queueLowShare * options.ttftSloMs) {
    return { replicas: replicas - 1, reason: 'prefill-idle' };
  }
  return { replicas, reason: 'within-slo' };
}

/**
 * Decode: up one when inter-token latency passes `tbtHighShare` of the TBT SLO or KV use passes
 * `kvHighRatio` (the next long request would not fit); down one only when latency is under
 * `tbtLowShare` and the same KV spread over one instance fewer stays under `kvLowRatio`.
 */
export function decodeProposal(signals: DecodeSignals, options: PlannerOptions): ScaleProposal {
  const { replicas, kvUsedRatio, interTokenLatencyMs } = signals;
  if (interTokenLatencyMs > options.tbtHighShare * options.tbtSloMs) return { replicas: replicas + 1, reason: 'tbt-latency' };
  if (kvUsedRatio > options.kvHighRatio) return { replicas: replicas + 1, reason: 'kv-usage' };
  const kvWithOneFewer = replicas > 1 ? (kvUsedRatio * replicas) / (replicas - 1) : Infinity;
  if (interTokenLatencyMs < options.tbtLowShare * options.tbtSloMs && kvWithOneFewer < options.kvLowRatio) {
    return { replicas: replicas - 1, reason: 'decode-idle' };
  }
  return { replicas, reason: 'within-slo' };
}
