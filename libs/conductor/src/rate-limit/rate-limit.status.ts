import { type BudgetStatus, type RateLimitStatus } from './rate-limiter.port';
import { type TenantLimits } from './tenant-limits.model';
import { TokenBucket } from './token-bucket';

/** Where a tenant stands at these levels; budgets without a limit are left out. */
export function statusOf(limits: TenantLimits, requestLevel: number, tokenLevel: number, inFlight: number): RateLimitStatus {
  return {
    ...(limits.requestsPerMinute > 0 ? { requests: budget(new TokenBucket(limits.requestsPerMinute), requestLevel) } : {}),
    ...(limits.tokensPerMinute > 0 ? { tokens: budget(new TokenBucket(limits.tokensPerMinute), tokenLevel) } : {}),
    ...(limits.maxConcurrent > 0 ? { concurrency: { limit: limits.maxConcurrent, inFlight } } : {}),
  };
}

function budget(bucket: TokenBucket, level: number): BudgetStatus {
  return { limit: bucket.perMinute, remaining: Math.max(0, Math.floor(level)), resetMs: bucket.msUntilFull(level) };
}
