import { type PrefillBranch } from '@tsukimi/scheduler';
import { type RunChoice } from './disaggregation/run-choice.policy';
import { type PrefixWaitOutcome } from './in-flight/prefix-wait.policy';

/**
 * The branch of Mooncake's Algorithm 1 a decision sends prefill down, `local` when it chose only a
 * decode instance to run the request whole, or `rejected` when it admitted nothing.
 */
export type DecisionBranch = PrefillBranch | 'local' | 'rejected';

/** Every branch, for series that should read 0 before their first decision. */
export const DECISION_BRANCHES: readonly DecisionBranch[] = ['holder', 'fetch', 'recompute', 'local', 'rejected'];

/** What the request pipeline tells of its scheduler's decisions; the conductor's edge maps it to metrics. */
export interface SchedulingMetrics {
  /** Every call of the scheduler, retries included: the branch it took and how long it took to decide. */
  decided(branch: DecisionBranch, seconds: number): void;
  /**
   * The TTFT the scheduler estimated for the prefill instance it chose, told once that request's
   * first token came, so estimates and actual TTFTs count the same requests; decisions without an
   * estimate (policies that estimate nothing, a prefill pinned to a sibling's instance) tell nothing.
   */
  estimatedTtftSeconds(seconds: number): void;
  /** Each request's choice between a disaggregated run and a run on its decode instance alone (retries are not asked again). */
  ran?(choice: RunChoice): void;
  /** Each wait for a prefix another request's prefill was computing, by how it ended. */
  waited?(outcome: PrefixWaitOutcome): void;
}
