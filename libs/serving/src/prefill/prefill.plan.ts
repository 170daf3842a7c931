import { type PrefillBranch } from '@tsukimi/scheduler';
import { type PoolTier } from '../pool/kv-pool-client.port';

/** Every branch of Mooncake's Algorithm 1 a plan can carry out, to check one read off the wire. */
export const PLAN_BRANCHES: readonly PrefillBranch[] = ['holder', 'fetch', 'recompute'];

/** The pool node the scheduler chose to read the prefix from, and the tier it saw it in there. */
export interface PlanSource {
  readonly node: string;
  readonly tier: PoolTier;
}

/**
 * Where a prompt's KV is to come from: the first `deviceBlocks` from the instance's own memory,
 * then blocks up to `reusedBlocks` read from the pool (from `source` when set, else any
 * replica), the rest computed. `recompute` reads nothing from the pool.
 */
export interface PrefillPlan {
  readonly branch: PrefillBranch;
  readonly deviceBlocks: number;
  readonly reusedBlocks: number;
  readonly source?: PlanSource;
}

/**
 * Why a plan was not followed as given, each followed by a fallback that keeps the tokens right:
 * `device-evicted`: the instance no longer holds blocks the plan counted on (read from the pool);
 * `block-missing`: the chosen node lacks a planned block (read another replica);
 * `node-unreachable`: the chosen node did not answer (read another replica);
 * `block-corrupt`: the engine refused a read block (checksum, model or layout; compute the rest);
 * `pool-unavailable`: the pool's master did not answer (compute the rest).
 */
export type PlanFallbackReason = 'device-evicted' | 'block-missing' | 'node-unreachable' | 'block-corrupt' | 'pool-unavailable';

export const PLAN_FALLBACK_REASONS: readonly PlanFallbackReason[] = ['device-evicted', 'block-missing', 'node-unreachable', 'block-corrupt', 'pool-unavailable'];

/** How one prefill carried its plan out; `none` / `no-plan` when it was given none and reused what the pool held. */
export type PlanOutcome =
  | { readonly branch: PrefillBranch; readonly reason: 'followed' | PlanFallbackReason }
  | { readonly branch: 'none'; readonly reason: 'no-plan' };
