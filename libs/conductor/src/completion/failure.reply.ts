import { type ApiError, internal, serviceUnavailable } from '@tsukimi/openai';
import { type PipelineFailure } from '../request.model';

export type ClusterFailure = Exclude<PipelineFailure, { kind: 'rejected' }>;

/**
 * The reply to a request that failed in the cluster: a failed prefill is 503 (another try may
 * land elsewhere), a failed decode 500. The instances' own words name addresses and internals,
 * so only a caller allowed to see routing reads them; others get the request id, by which the
 * operator finds those words in the conductor's log.
 */
export function failureReply(failure: ClusterFailure, requestId: string, seeRouting: boolean): ApiError {
  if (failure.kind === 'decode-failed') return internal();
  const detail = seeRouting ? `: ${failure.message}` : ` on an instance (request ${requestId})`;
  return serviceUnavailable(`prefill failed${detail}`, 1);
}
