import { type ApiError, rateLimited, serviceUnavailable } from '@tsukimi/openai';
import { type RejectReason } from '@tsukimi/scheduler';
import { type PipelineFailure } from '../request.model';

/** Reasons that say no instance of a role is up at all: nothing to rate-limit, the service itself is unavailable. */
const UNAVAILABLE: ReadonlySet<RejectReason> = new Set(['no-prefill-instance', 'no-decode-instance']);

/**
 * The reply to a request the scheduler turned away: 503 while a role has no routable instance
 * (clients and load balancers read 429 as "slow down", but here no rate would be served), 429
 * for every admission decision over live instances. Both carry `retry-after` of at least one
 * second and the reason in `x-tsukimi-reject-reason`.
 */
export function rejectionReply(failure: Extract<PipelineFailure, { kind: 'rejected' }>): ApiError {
  const retryAfterS = Math.max(1, Math.ceil(failure.retryAfterMs / 1000));
  const error = UNAVAILABLE.has(failure.reason) ? serviceUnavailable(`Request rejected: ${failure.message}.`, retryAfterS) : rateLimited(failure.message, retryAfterS);
  return { ...error, headers: { ...error.headers, 'x-tsukimi-reject-reason': failure.reason } };
}
