import { type Result } from '@tsukimi/result';

/** The store could not be asked (connection down, timed out); the lease may or may not be held. */
export interface LeaseStoreUnavailable {
  readonly kind: 'unavailable';
  readonly reason: string;
}

/**
 * One tenure of the lease. `epoch` grows strictly with every acquisition of a free lease, by any
 * owner, and is never reused (not after a release, an expiry or a restart of the owners), so what
 * a holder stamps with it can be told apart from what any earlier holder stamped.
 */
export interface LeaseTenure {
  readonly epoch: number;
}

/**
 * One named lease: held by at most one owner at a time, and lapsing by itself `ttlMs` after it
 * was last taken or extended. Time is the store's own (for Redis, the server's), so owners on
 * different hosts need not agree on the time. Every member answers within the adapter's timeout.
 */
export interface LeaseStore {
  /**
   * Takes the lease for `owner` for `ttlMs` when it is free, in a new tenure with the next epoch;
   * when `owner` already holds it, extends it instead and keeps its tenure. The tenure when `owner`
   * holds it now, undefined when another does. Taking and numbering are one atomic step.
   */
  tryAcquire(owner: string, ttlMs: number): Promise<Result<LeaseTenure | undefined, LeaseStoreUnavailable>>;
  /** Extends the lease to `ttlMs` from now if `owner` still holds it; false when it lapsed or another took it. */
  renew(owner: string, ttlMs: number): Promise<Result<boolean, LeaseStoreUnavailable>>;
  /** Frees the lease if `owner` holds it, so a standby need not wait out the TTL; false when it did not. */
  release(owner: string): Promise<Result<boolean, LeaseStoreUnavailable>>;
  /** Who holds the lease now; undefined when it is free. */
  holder(): Promise<Result<string | undefined, LeaseStoreUnavailable>>;
}
