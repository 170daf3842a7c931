import { type EngineProfile, predictDecodeStepMs, predictPrefillMs } from '@tsukimi/scheduler';

/**
 * What each computation of the simulated engine costs, in simulated milliseconds. `CostModel`
 * is one (times from a model's FLOPs and a node's peak); `profileTiming` another (times from an
 * engine profile fitted to a real engine's own measurements).
 */
export interface SimulatedTiming {
  /** A prefill of `promptTokens` whose first `reusedTokens` are cached. */
  prefillMs(promptTokens: number, reusedTokens: number): number;
  /** One decode step of `batchSize` requests attending to `contextTokens` in all. */
  decodeStepMs(batchSize: number, contextTokens: number): number;
}

/**
 * Times an engine as the scheduler's estimators would predict it from `profile`: the profile a
 * reference (or llama.cpp) instance measures of itself at start, so that a simulated cluster
 * stands in for a live one of that engine.
 */
export function profileTiming(profile: EngineProfile): SimulatedTiming {
  return {
    prefillMs: (promptTokens, reusedTokens) => predictPrefillMs(profile.prefill, promptTokens, reusedTokens),
    decodeStepMs: (batchSize, contextTokens) => predictDecodeStepMs(profile.decode, batchSize, contextTokens),
  };
}
