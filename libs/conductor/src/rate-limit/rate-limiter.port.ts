import { type Result } from '@tsukimi/result';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';

/** Which of a tenant's limits turned a request away. */
export type LimitName = 'requests' | 'tokens' | 'concurrency';

export const LIMIT_NAMES: readonly LimitName[] = ['requests', 'tokens', 'concurrency'];

/** One per-minute budget as a client sees it, after the request that asked. */
export interface BudgetStatus {
  /** The budget per minute. */
  readonly limit: number;
  /** What is left now, rounded down. */
  readonly remaining: number;
  /** Milliseconds until the budget is whole again if nothing more is spent. */
  readonly resetMs: number;
}

/** Where a tenant stands; a budget without a limit is absent. */
export interface RateLimitStatus {
  readonly requests?: BudgetStatus;
  readonly tokens?: BudgetStatus;
  readonly concurrency?: { readonly limit: number; readonly inFlight: number };
}

/** What an admitted request holds until it ends: a request, its tokens and a concurrency slot. */
export interface Reservation {
  readonly tenant: string;
  /** Unique among the tenant's reservations in flight. */
  readonly id: string;
  readonly tokens: number;
  readonly status: RateLimitStatus;
}

/** A request over one of its tenant's limits. Nothing was reserved. */
export interface RateLimitRejection {
  readonly kind: 'limited';
  readonly limit: LimitName;
  /** When asking again may succeed, if nobody else spends first. */
  readonly retryAfterMs: number;
  /** The tokens the request asked for. */
  readonly requestedTokens: number;
  readonly status: RateLimitStatus;
}

/**
 * Per-tenant budgets of requests and tokens per minute and a cap on requests in flight, shared by
 * whoever shares the store. Every reserve that succeeds is ended by exactly one settle or release.
 * Times are wall-clock ms (`nowMs`), so that replicas sharing a store agree on them.
 */
export interface RateLimiter {
  /**
   * Takes one request, `tokens` tokens and a concurrency slot from the tenant's budgets, all or
   * nothing: a request over any limit takes nothing and learns which limit and when to retry.
   */
  reserve(tenant: string, tokens: number, nowMs: number): Promise<Result<Reservation, RateLimitRejection | SharedStoreUnavailable>>;
  /** The request ended having used `actualTokens`: the rest of its tokens go back and its slot is freed. */
  settle(reservation: Reservation, actualTokens: number, nowMs: number): Promise<Result<void, SharedStoreUnavailable>>;
  /** The request never reached an instance: its request, all its tokens and its slot go back. */
  release(reservation: Reservation, nowMs: number): Promise<Result<void, SharedStoreUnavailable>>;
}
