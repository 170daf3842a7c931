import { type ApiError, invalidRequest, rateLimited } from '@tsukimi/openai';
import { type QuotaExceeded } from './lease.ledger';

const MAX_RETRY_AFTER_S = 3_600;

/**
 * The refusal of a request whose leases would pass its tenant's prompt-cache quota. A lease larger
 * than the whole quota can never fit: 400. Otherwise 429, with a retry-after from how fast the
 * tenant's live leases run down (a lower bound: a lease that expires stops freeing the quota).
 */
export function quotaExceededReply(e: QuotaExceeded): ApiError {
  const asked = `a prompt-cache lease of ${Math.ceil(e.costByteSeconds)} byte-seconds`;
  if (e.costByteSeconds > e.quotaByteSeconds) {
    return invalidRequest(`${asked} is more than the tenant's whole prompt-cache quota of ${e.quotaByteSeconds} byte-seconds: shorten the ttl or the cached prefix`, null, 'prompt_cache_quota_exceeded');
  }
  const shortS = e.heldBytes > 0 ? (e.costByteSeconds - e.availableByteSeconds) / e.heldBytes : MAX_RETRY_AFTER_S;
  return rateLimited(`${asked} would pass the tenant's prompt-cache quota (${Math.floor(e.availableByteSeconds)} of ${e.quotaByteSeconds} byte-seconds free)`, Math.min(MAX_RETRY_AFTER_S, Math.max(1, Math.ceil(shortS))));
}
