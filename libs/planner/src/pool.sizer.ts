/** What the slow loop measures over its window (a minute or so) for the instance pools. */
export interface LoadSignals {
  readonly requestsPerS: number;
  /** Mean prompt tokens per request that no cache supplied. */
  readonly uncachedTokensPerRequest: number;
  readonly outputTokensPerRequest: number;
  /** Measured uncached prompt tokens one prefill instance computes per second. */
  readonly prefillTokensPerSPerInstance: number;
  /** Measured tokens one decode instance generates per second with its batch full at the TBT SLO. */
  readonly decodeTokensPerSPerInstance: number;
}

export interface PoolPlan {
  readonly prefill: number;
  readonly decode: number;
}

/**
 * The instances each pool needs for the offered load at `targetUtilisation` of measured
 * throughput: prefill by uncached prompt tokens per second (cached tokens cost almost nothing,
 * which is why the cache hit ratio shrinks the prefill pool), decode by output tokens per second.
 * Zero load gives zero; the role's minimum applies later. A pool with no throughput measured yet
 * gets no plan (undefined), rather than an infinite one.
 */
export function planPools(load: LoadSignals, targetUtilisation: number): { readonly prefill: number | undefined; readonly decode: number | undefined } {
  const size = (demandPerS: number, perInstance: number) => {
    if (demandPerS <= 0) return 0;
    if (!(perInstance > 0)) return undefined;
    // A hair of slack so that exact multiples do not round up on floating-point dust.
    return Math.ceil(demandPerS / (perInstance * targetUtilisation) - 1e-9);
  };
  return {
    prefill: size(load.requestsPerS * load.uncachedTokensPerRequest, load.prefillTokensPerSPerInstance),
    decode: size(load.requestsPerS * load.outputTokensPerRequest, load.decodeTokensPerSPerInstance),
  };
}
