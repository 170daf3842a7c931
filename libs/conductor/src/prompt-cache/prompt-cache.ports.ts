import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';

/** The pool could not be asked (no master, or it did not answer). */
export interface PoolUnavailable {
  readonly kind: 'pool-unavailable';
  readonly message: string;
}

/** The pool master, as the prompt cache uses it. */
export interface PromptCachePool {
  /**
   * Keeps the blocks from eviction in every tier of the pool for `ttlMs` from now (extending,
   * never shortening, what already protects them): held by the master, not by the engine that
   * computed them. Blocks the pool does not hold are skipped; the answer counts those it holds.
   */
  hold(keys: readonly BlockKey[], ttlMs: number): Promise<Result<{ readonly heldBlocks: number }, PoolUnavailable>>;
}

/** What happened to one lease a request asked for. */
export type LeaseOutcome = 'created' | 'renewed' | 'pool-unavailable' | 'not-stored' | 'ledger-unavailable';
export const LEASE_OUTCOMES: readonly LeaseOutcome[] = ['created', 'renewed', 'pool-unavailable', 'not-stored', 'ledger-unavailable'];

/** What the prompt cache counts, per tenant; the conductor's edge maps it to Prometheus metrics. */
export interface PromptCacheMetrics {
  /** One lease asked for, by outcome; `renewed` is a hit on a live lease. */
  leased(tenant: string, outcome: LeaseOutcome): void;
  /** Requests refused before any work because their leases would pass the tenant's quota. */
  refused(tenant: string): void;
  /** Leases found run out; called with 0 too. */
  expired(tenant: string, leases: number): void;
  /** Bytes the tenant's live leases hold now. */
  heldBytes(tenant: string, bytes: number): void;
}
