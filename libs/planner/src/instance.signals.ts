import { attendedPairs, type EngineProfile, type InstanceRole, predictDecodeStepMs } from '@tsukimi/scheduler';
import { type FastSignals } from './planner';

/** One instance as the conductor sees it at a fast tick. */
export interface InstanceLoad {
  readonly role: InstanceRole;
  readonly routable: boolean;
  /** Prefill: prompt tokens queued or running that no cache supplies, and the requests they belong to. */
  readonly queuedUncachedTokens: number;
  readonly queuedRequests: number;
  /** Decode: the running batch and the KV tokens it attends to. */
  readonly batchSize: number;
  readonly contextTokens: number;
  /** Device KV blocks, and those free when it last reported (unknown: counted as used by the batch alone). */
  readonly kvCapacityBlocks: number;
  readonly kvFreeBlocks?: number;
  readonly blockSizeTokens: number;
}

/** A prompt of this many uncached tokens stands for the mix when turning prefill coefficients into tokens per second. */
export const REFERENCE_PROMPT_TOKENS = 1024;

/** Uncached prompt tokens one prefill instance computes per second, from its fitted coefficients. */
export function prefillTokensPerS(profile: EngineProfile, promptTokens = REFERENCE_PROMPT_TOKENS): number {
  const { baseMs, msPerComputedToken, msPerAttendedPair } = profile.prefill;
  const ms = baseMs + msPerComputedToken * promptTokens + msPerAttendedPair * attendedPairs(promptTokens, 0);
  return ms > 0 ? (promptTokens / ms) * 1000 : 0;
}

/**
 * The fast loop's signals from the conductor's view of the instances: the routable ones count as
 * replicas; the prefill queue is their uncached tokens; decode latency is `measuredItlMs`, the
 * inter-token latency the conductor measured on the streams since the last tick (a high quantile
 * of the gaps, `DecodeLoadWindow`); KV use is over the pool's device blocks. With no token measured
 * in the tick: no latency where no decode instance has a batch, else the step time the fitted
 * decode model gives for the busiest instance's batch (a stream stalled longer than a tick sends
 * no gap). A role with no routable instance gives no signal. Without a profile there is no prefill
 * throughput, so prefill gives none.
 */
export function fastSignalsFrom(instances: readonly InstanceLoad[], profile: EngineProfile | undefined, measuredItlMs?: number): FastSignals {
  const prefill = instances.filter((i) => i.role === 'prefill' && i.routable);
  const decode = instances.filter((i) => i.role === 'decode' && i.routable);
  const signals: { -readonly [K in keyof FastSignals]: FastSignals[K] } = {};
  if (prefill.length > 0 && profile) {
    signals.prefill = { replicas: prefill.length, queuedUncachedTokens: prefill.reduce((sum, i) => sum + i.queuedUncachedTokens, 0), tokensPerSPerInstance: prefillTokensPerS(profile) };
  }
  if (decode.length > 0) {
    const capacity = decode.reduce((sum, i) => sum + i.kvCapacityBlocks, 0);
    const used = decode.reduce((sum, i) => sum + (i.kvFreeBlocks !== undefined ? i.kvCapacityBlocks - i.kvFreeBlocks : Math.ceil(i.contextTokens / i.blockSizeTokens)), 0);
    const busy = decode.filter((i) => i.batchSize > 0);
    const modelledMs = () => (profile && busy.length > 0 ? Math.max(...busy.map((i) => predictDecodeStepMs(profile.decode, i.batchSize, i.contextTokens))) : 0);
    signals.decode = { replicas: decode.length, kvUsedRatio: capacity > 0 ? Math.min(1, used / capacity) : 0, interTokenLatencyMs: measuredItlMs ?? modelledMs() };
  }
  return signals;
}
