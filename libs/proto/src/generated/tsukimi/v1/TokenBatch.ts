// Original file: libs/proto/proto/tsukimi/v1/decode.proto

import type { GeneratedToken as _tsukimi_v1_GeneratedToken, GeneratedToken__Output as _tsukimi_v1_GeneratedToken__Output } from '../../tsukimi/v1/GeneratedToken';

/**
 * Every token the instance generated for the request since its last message, in order (one per
 * engine step; more than one where the stream's reader fell behind). The last one may carry the
 * finish reason, and nothing follows it.
 */
export interface TokenBatch {
  'tokens'?: (_tsukimi_v1_GeneratedToken)[];
}

/**
 * Every token the instance generated for the request since its last message, in order (one per
 * engine step; more than one where the stream's reader fell behind). The last one may carry the
 * finish reason, and nothing follows it.
 */
export interface TokenBatch__Output {
  'tokens': (_tsukimi_v1_GeneratedToken__Output)[];
}
