import { type ApiError, rateLimited } from '@tsukimi/openai';
import { type BudgetStatus, type RateLimitRejection, type RateLimitStatus } from './rate-limiter.port';

/**
 * OpenAI's rate-limit headers for the budgets a tenant has: limit per minute, what is left, and
 * the time until the budget is whole again (`6m0s`, `1.5s`, `20ms`), as the official API sends
 * them on every response.
 */
export function rateLimitHeaders(status: RateLimitStatus): Record<string, string> {
  const headers: Record<string, string> = {};
  const add = (name: 'requests' | 'tokens', budget: BudgetStatus | undefined) => {
    if (!budget) return;
    headers[`x-ratelimit-limit-${name}`] = String(budget.limit);
    headers[`x-ratelimit-remaining-${name}`] = String(budget.remaining);
    headers[`x-ratelimit-reset-${name}`] = resetDuration(budget.resetMs);
  };
  add('requests', status.requests);
  add('tokens', status.tokens);
  return headers;
}

const WHAT: Record<RateLimitRejection['limit'], string> = {
  requests: 'requests per min (RPM)',
  tokens: 'tokens per min (TPM)',
  concurrency: 'requests in flight',
};

/**
 * 429 `rate_limit_exceeded` for a request over its tenant's limit, with `type` `requests` or
 * `tokens` as OpenAI sends it (a concurrency cap counts as `requests`), `retry-after` of at least
 * a second, and the rate-limit headers.
 */
export function rateLimitReply(rejection: RateLimitRejection, tenant: string): ApiError {
  const { limit, status } = rejection;
  const detail =
    limit === 'concurrency'
      ? `limit ${status.concurrency?.limit ?? 0}, in flight ${status.concurrency?.inFlight ?? 0}`
      : `limit ${status[limit]?.limit ?? 0}, remaining ${status[limit]?.remaining ?? 0}, requested ${limit === 'tokens' ? rejection.requestedTokens : 1}`;
  const base = rateLimited(`rate limit reached for tenant ${JSON.stringify(tenant.slice(0, 64))} on ${WHAT[limit]}: ${detail}`, Math.max(1, Math.ceil(rejection.retryAfterMs / 1000)));
  const type = limit === 'tokens' ? 'tokens' : 'requests';
  return { ...base, body: { error: { ...base.body.error, type } }, headers: { ...base.headers, ...rateLimitHeaders(status) } };
}

/** A duration as OpenAI writes it in `x-ratelimit-reset-*`: `20ms`, `1.5s`, `6m0s`. */
export function resetDuration(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1000) return `${whole}ms`;
  const minutes = Math.floor(whole / 60_000);
  const seconds = String(Math.round(whole - minutes * 60_000) / 1000);
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
