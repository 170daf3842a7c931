/** Whether requests may wait for a prefix another request's prefill is computing, and for how long at most. */
export interface PrefixWaitRule {
  readonly enabled: boolean;
  /** The longest any request waits, whatever the estimates say. */
  readonly maxWaitMs: number;
}

/** How a wait ended: the prefill computing the prefix answered, failed, or outlasted the bound. */
export type PrefixWaitOutcome = 'answered' | 'failed' | 'timed-out';
export const PREFIX_WAIT_OUTCOMES: readonly PrefixWaitOutcome[] = ['answered', 'failed', 'timed-out'];

/** What the choice needs to know of the request and of the prefill computing its prefix. */
export interface PrefixWaitInput {
  readonly nowMs: number;
  /** Leading blocks of the prompt being computed by a prefill in flight. */
  readonly inFlightBlocks: number;
  /** When that prefill is expected to answer (monotonic ms); undefined without an estimate. */
  readonly readyAtMs: number | undefined;
  /** Leading blocks of the prompt already cached somewhere: waiting gains only past them. */
  readonly cachedBlocks: number;
  /** The scheduler's estimated TTFT of the request as decided now, computing what is not cached. */
  readonly computeNowMs: number | undefined;
  /** Estimated compute of the prompt past the in-flight prefix, on the instance that will hold it. */
  readonly suffixMs: number | undefined;
}

/**
 * The wait is abandoned once it has lasted this many times the estimate of computing now. The
 * estimates come from timings an idle instance took at start until calibration has seen enough
 * answers; on a loaded host a fresh cluster's prefills run several times longer than estimated,
 * and a bound of twice the estimate gave up on prefills about to answer (then computed the prefix
 * a second time, on a host already short of CPU).
 */
const WAIT_BOUND_OVER_COMPUTE_NOW = 4;

export type PrefixWaitChoice =
  | { readonly wait: true; readonly expectedMs: number | undefined; readonly boundMs: number }
  | { readonly wait: false; readonly reason: 'off' | 'nothing-more' | 'cheaper-to-compute' };

/**
 * Wait or compute now. Waiting pays the remaining time of the prefill in flight plus the suffix on
 * the instance that will hold the prefix; computing now pays the scheduler's estimate. Ties compute.
 * The wait is bounded by a small multiple of the estimate of computing now (so a wait gone wrong
 * costs at most that multiple of not waiting) and by the rule's maximum; without estimates the request waits,
 * since the blocks are being computed already, bounded by the maximum alone.
 */
export function choosePrefixWait(rule: PrefixWaitRule, input: PrefixWaitInput): PrefixWaitChoice {
  if (!rule.enabled) return { wait: false, reason: 'off' };
  if (input.inFlightBlocks <= input.cachedBlocks) return { wait: false, reason: 'nothing-more' };
  if (input.computeNowMs === undefined || input.readyAtMs === undefined || input.suffixMs === undefined) {
    return { wait: true, expectedMs: undefined, boundMs: rule.maxWaitMs };
  }
  const expectedMs = Math.max(0, input.readyAtMs - input.nowMs);
  if (expectedMs + input.suffixMs >= input.computeNowMs) return { wait: false, reason: 'cheaper-to-compute' };
  return { wait: true, expectedMs, boundMs: Math.min(rule.maxWaitMs, WAIT_BOUND_OVER_COMPUTE_NOW * input.computeNowMs) };
}
