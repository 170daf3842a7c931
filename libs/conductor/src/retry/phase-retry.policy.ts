import { type GatewayFailure } from '../gateway.ports';

/** The phases of a request that go to an instance, each retried on its own. */
export const RETRY_PHASES = ['prefill', 'decode'] as const;
export type RetryPhase = (typeof RETRY_PHASES)[number];

/** One failed try of a phase, as the retry policy judges it. */
export interface FailedAttempt {
  readonly failure: GatewayFailure['kind'];
  /** Which try failed: 0 for the first. */
  readonly attempt: number;
  /** Tries the phase has in all (`phaseAttempts`). */
  readonly attempts: number;
  /**
   * Whether a timeout means the instance is lost rather than slow: a decode instance silent
   * before its first token while migration is on. Absent: a timeout is the request's own
   * deadline spent, and no other instance would meet it.
   */
  readonly timeoutIsLoss?: boolean;
}

export type RetryDecision =
  /** Try the phase again at once on another instance: the failed one is marked down and left out of the next decision, so there is nothing to wait for. */
  | { readonly kind: 'retry'; readonly markDown: true }
  /** Fail the request; `markDown` when the instance is lost all the same. */
  | { readonly kind: 'give-up'; readonly reason: 'not-retryable' | 'attempts-spent'; readonly markDown: boolean };

/**
 * Failures after which another instance may answer: the instance was not reached or its
 * connection broke, so it holds no part of the request that could be sent twice. An instance
 * that answered with an error (rejected, failed) would answer so again, or its error is the
 * request's own.
 */
const LOST: readonly GatewayFailure['kind'][] = ['unavailable'];

/**
 * How many tries one phase has: at least `attemptsPerPhase`, and one per instance of the role
 * where there are more, since instances drained together (a rolling update) each refuse in turn
 * and the request must still be served. Bounded by the instances there are, never open-ended.
 */
export function phaseAttempts(attemptsPerPhase: number, instances: number): number {
  return Math.max(attemptsPerPhase, instances);
}

/** Whether to try a phase again after `failed`, and whether the instance that failed it is lost. */
export function retryDecision(failed: FailedAttempt): RetryDecision {
  const lost = LOST.includes(failed.failure) || (failed.failure === 'timeout' && failed.timeoutIsLoss === true);
  if (!lost) return { kind: 'give-up', reason: 'not-retryable', markDown: false };
  if (failed.attempt + 1 >= failed.attempts) return { kind: 'give-up', reason: 'attempts-spent', markDown: true };
  return { kind: 'retry', markDown: true };
}
