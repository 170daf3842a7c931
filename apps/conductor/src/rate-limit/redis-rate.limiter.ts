import { randomBytes } from 'node:crypto';
import { type Redis } from 'ioredis';
import { askSharedStore, type SharedStoreUnavailable, type RateLimiter, type RateLimitRejection, type Reservation, statusOf, type TenantLimitTable, TokenBucket } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';
import { GIVE_BACK, RESERVE } from './rate-limit.scripts';

export interface RedisRateLimiterOptions {
  /** Prefix of every key, e.g. `tsukimi:rl:`. */
  readonly prefix: string;
  /** Retry-After for a request refused by the concurrency cap. */
  readonly concurrencyRetryAfterMs: number;
  /** How long a reservation holds its concurrency slot unless settled first: the bound on a slot leaked by a conductor that died. */
  readonly slotLeaseMs: number;
}

/**
 * Tenant limits in Redis, shared by every conductor replica pointed at it: each reserve and
 * give-back is one Lua script, atomic across replicas. Any Redis failure is `unavailable`, never
 * an exception, so that the caller can serve on (fail open).
 */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly limits: TenantLimitTable,
    private readonly options: RedisRateLimiterOptions,
  ) {}

  async reserve(tenant: string, tokens: number, nowMs: number): Promise<Result<Reservation, RateLimitRejection | SharedStoreUnavailable>> {
    const limits = this.limits.limitsOf(tenant);
    const id = randomBytes(8).toString('hex');
    const args = [nowMs, limits.requestsPerMinute, limits.tokensPerMinute, limits.maxConcurrent, tokens, id, this.options.slotLeaseMs];
    const answer = await askSharedStore(() => RESERVE.run(this.redis, this.keys(tenant), args));
    if (!answer.ok) return answer;
    const [verdict, requestLevel, tokenLevel, inFlight] = answer.value as [string, string, string, number];
    const status = statusOf(limits, Number(requestLevel), Number(tokenLevel), inFlight);
    if (verdict === 'ok') return ok({ tenant, id, tokens, status });
    const limit = verdict as RateLimitRejection['limit'];
    const retryAfterMs =
      limit === 'concurrency'
        ? this.options.concurrencyRetryAfterMs
        : limit === 'requests'
          ? new TokenBucket(limits.requestsPerMinute).msUntil(Number(requestLevel), 1)
          : new TokenBucket(limits.tokensPerMinute).msUntil(Number(tokenLevel), tokens);
    return err({ kind: 'limited', limit, retryAfterMs, requestedTokens: tokens, status });
  }

  settle(reservation: Reservation, actualTokens: number, nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    return this.giveBack(reservation, 0, Math.max(0, reservation.tokens - actualTokens), nowMs);
  }

  release(reservation: Reservation, nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    return this.giveBack(reservation, 1, reservation.tokens, nowMs);
  }

  private async giveBack(reservation: Reservation, requests: number, tokens: number, nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    const limits = this.limits.limitsOf(reservation.tenant);
    const args = [nowMs, limits.requestsPerMinute, limits.tokensPerMinute, reservation.id, requests, tokens];
    const answer = await askSharedStore(() => GIVE_BACK.run(this.redis, this.keys(reservation.tenant), args));
    return answer.ok ? ok(undefined) : answer;
  }

  /** One hash tag per tenant: the three keys a script touches live in one Redis Cluster slot. */
  private keys(tenant: string): string[] {
    const base = `${this.options.prefix}{${tenant}}:`;
    return [`${base}requests`, `${base}tokens`, `${base}inflight`];
  }
}
