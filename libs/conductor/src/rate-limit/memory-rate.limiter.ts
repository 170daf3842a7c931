import { err, ok, type Result } from '@tsukimi/result';
import { type RateLimiter, type RateLimitRejection, type Reservation } from './rate-limiter.port';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';
import { statusOf } from './rate-limit.status';
import { type TenantLimitTable } from './tenant-limits.model';
import { type BucketState, TokenBucket } from './token-bucket';

interface TenantState {
  requests: BucketState | undefined;
  tokens: BucketState | undefined;
  readonly inFlight: Set<string>;
}

export interface MemoryRateLimiterOptions {
  /** Retry-After for a request refused by the concurrency cap: a slot's end cannot be foreseen. */
  readonly concurrencyRetryAfterMs: number;
}

/**
 * The limits of one conductor, in its memory: for a single replica, or for tests. Tenants whose
 * budgets are whole and who have nothing in flight are forgotten, so arbitrary tenant ids cost
 * memory only while they spend.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly tenants = new Map<string, TenantState>();
  private sweepAtSize = 1024;
  private ids = 0;

  constructor(
    private readonly limits: TenantLimitTable,
    private readonly options: MemoryRateLimiterOptions,
  ) {}

  reserve(tenant: string, tokens: number, nowMs: number): Promise<Result<Reservation, RateLimitRejection | SharedStoreUnavailable>> {
    const limits = this.limits.limitsOf(tenant);
    const state = this.stateOf(tenant, nowMs);
    const requests = new TokenBucket(limits.requestsPerMinute);
    const tokenBucket = new TokenBucket(limits.tokensPerMinute);
    const requestLevel = requests.levelAt(state.requests, nowMs);
    const tokenLevel = tokenBucket.levelAt(state.tokens, nowMs);
    const reject = (limit: RateLimitRejection['limit'], retryAfterMs: number) => {
      const status = statusOf(limits, requestLevel, tokenLevel, state.inFlight.size);
      return Promise.resolve(err({ kind: 'limited' as const, limit, retryAfterMs, requestedTokens: tokens, status }));
    };
    if (limits.maxConcurrent > 0 && state.inFlight.size >= limits.maxConcurrent) return reject('concurrency', this.options.concurrencyRetryAfterMs);
    if (limits.requestsPerMinute > 0 && requestLevel < 1) return reject('requests', requests.msUntil(requestLevel, 1));
    if (limits.tokensPerMinute > 0 && tokenLevel < tokens) return reject('tokens', tokenBucket.msUntil(tokenLevel, tokens));

    const id = String((this.ids += 1));
    state.inFlight.add(id);
    if (limits.requestsPerMinute > 0) state.requests = { level: requestLevel - 1, atMs: nowMs };
    if (limits.tokensPerMinute > 0) state.tokens = { level: tokenLevel - tokens, atMs: nowMs };
    return Promise.resolve(ok({ tenant, id, tokens, status: statusOf(limits, requestLevel - 1, tokenLevel - tokens, state.inFlight.size) }));
  }

  settle(reservation: Reservation, actualTokens: number, nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    this.giveBack(reservation, { requests: 0, tokens: Math.max(0, reservation.tokens - actualTokens) }, nowMs);
    return Promise.resolve(ok(undefined));
  }

  release(reservation: Reservation, nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    this.giveBack(reservation, { requests: 1, tokens: reservation.tokens }, nowMs);
    return Promise.resolve(ok(undefined));
  }

  private giveBack(reservation: Reservation, back: { requests: number; tokens: number }, nowMs: number): void {
    const state = this.tenants.get(reservation.tenant);
    if (!state?.inFlight.delete(reservation.id)) return;
    const limits = this.limits.limitsOf(reservation.tenant);
    const refund = (perMinute: number, bucket: BucketState | undefined, units: number) => {
      if (bucket === undefined) return undefined;
      const tokenBucket = new TokenBucket(perMinute);
      return { level: Math.min(perMinute, tokenBucket.levelAt(bucket, nowMs) + units), atMs: nowMs };
    };
    state.requests = refund(limits.requestsPerMinute, state.requests, back.requests);
    state.tokens = refund(limits.tokensPerMinute, state.tokens, back.tokens);
  }

  private stateOf(tenant: string, nowMs: number): TenantState {
    let state = this.tenants.get(tenant);
    if (state) return state;
    if (this.tenants.size >= this.sweepAtSize) this.forgetIdle(nowMs);
    this.tenants.set(tenant, (state = { requests: undefined, tokens: undefined, inFlight: new Set() }));
    return state;
  }

  /** Drops tenants nothing is known of that a fresh state would not say; runs when the table has doubled since the last sweep. */
  private forgetIdle(nowMs: number): void {
    for (const [tenant, state] of this.tenants) {
      const limits = this.limits.limitsOf(tenant);
      const whole = (perMinute: number, bucket: BucketState | undefined) => bucket === undefined || new TokenBucket(perMinute).levelAt(bucket, nowMs) >= perMinute;
      if (state.inFlight.size === 0 && whole(limits.requestsPerMinute, state.requests) && whole(limits.tokensPerMinute, state.tokens)) this.tenants.delete(tenant);
    }
    this.sweepAtSize = Math.max(1024, this.tenants.size * 2);
  }
}
