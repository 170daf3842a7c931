/**
 * When an instance's cache stops counting in scoring and when it counts again. Only requests for
 * which some reuse was predicted, or whose blocks the instance keyed otherwise than the conductor,
 * say anything about a cache; among the last `windowRequests` of them, `shortfallRequests` that
 * reused less than `minReuseRatio` of the prediction (or were keyed otherwise) make the instance's
 * cache untrusted. While untrusted, predictions go on in the shadow, and
 * `retrustRequests` in a row that reuse at least that share make it trusted again. An untrusted
 * instance whose cache no request has tested for `probeIntervalMs` is scored with its cache
 * again until one does, so that routing sends it a request that can show whether it recovered.
 */
export interface CacheTrustOptions {
  readonly windowRequests: number;
  readonly shortfallRequests: number;
  /** Share of the predicted cached tokens a request must reuse to count as matching, in (0, 1]. */
  readonly minReuseRatio: number;
  readonly retrustRequests: number;
  readonly probeIntervalMs: number;
}

export const DEFAULT_CACHE_TRUST_OPTIONS: CacheTrustOptions = {
  windowRequests: 8,
  shortfallRequests: 4,
  minReuseRatio: 0.5,
  retrustRequests: 3,
  probeIntervalMs: 10_000,
};

/**
 * What the conductor can see of why an instance reused less than predicted: the prompt's blocks
 * keyed by it were fewer or more than the conductor's (`block-size`), or the same number but other
 * keys, with the instance describing another model (`model-identity`), the request naming a LoRA
 * adapter (`adapter`), or neither (`salt`: the tenant salt or the hash seed differs); or the same
 * keys and still less reused (`lost-cache`: the instance or the pool no longer holds what the
 * index says it does).
 */
export type ProbableCause = 'block-size' | 'model-identity' | 'adapter' | 'salt' | 'lost-cache';

export const PROBABLE_CAUSES: readonly ProbableCause[] = ['block-size', 'model-identity', 'adapter', 'salt', 'lost-cache'];

/** Why an instance's cache trust moved: reuse fell short of `shortfallRequests` predictions, or `retrustRequests` in a row matched. */
export type TrustReason = ProbableCause | 'predictions-match';

export const TRUST_REASONS: readonly TrustReason[] = [...PROBABLE_CAUSES, 'predictions-match'];

/** A move of one instance's cache between trusted and untrusted, and the evidence for it. */
export interface TrustTransition {
  readonly instance: string;
  readonly trusted: boolean;
  readonly reason: TrustReason;
  /** The requests judged: those of the window (untrusted) or the matching run (trusted again). */
  readonly requests: number;
  /** Of them, those that reused less than `minReuseRatio` of the prediction. */
  readonly shortfalls: number;
  /** Predicted and actually reused cached tokens, summed over the requests judged. */
  readonly predictedTokens: number;
  readonly reusedTokens: number;
}

/** Checks options; says which is wrong, naming it. */
export function cacheTrustProblem(o: CacheTrustOptions): string | undefined {
  if (!Number.isInteger(o.windowRequests) || o.windowRequests < 1) return 'windowRequests must be a whole number of at least 1';
  if (!Number.isInteger(o.shortfallRequests) || o.shortfallRequests < 1 || o.shortfallRequests > o.windowRequests) return 'shortfallRequests must be a whole number from 1 to windowRequests';
  if (!(o.minReuseRatio > 0 && o.minReuseRatio <= 1)) return 'minReuseRatio must be in (0, 1]';
  if (!Number.isInteger(o.retrustRequests) || o.retrustRequests < 1) return 'retrustRequests must be a whole number of at least 1';
  if (!(o.probeIntervalMs > 0)) return 'probeIntervalMs must be positive';
  return undefined;
}
