// Original file: libs/proto/proto/tsukimi/v1/decode.proto

import type { DecodeStarted as _tsukimi_v1_DecodeStarted, DecodeStarted__Output as _tsukimi_v1_DecodeStarted__Output } from '../../tsukimi/v1/DecodeStarted';
import type { GeneratedToken as _tsukimi_v1_GeneratedToken, GeneratedToken__Output as _tsukimi_v1_GeneratedToken__Output } from '../../tsukimi/v1/GeneratedToken';
import type { TokenBatch as _tsukimi_v1_TokenBatch, TokenBatch__Output as _tsukimi_v1_TokenBatch__Output } from '../../tsukimi/v1/TokenBatch';

export interface DecodeEvent {
  'started'?: (_tsukimi_v1_DecodeStarted | null);
  'token'?: (_tsukimi_v1_GeneratedToken | null);
  'tokens'?: (_tsukimi_v1_TokenBatch | null);
  'event'?: "started"|"token"|"tokens";
}

export interface DecodeEvent__Output {
  'started'?: (_tsukimi_v1_DecodeStarted__Output | null);
  'token'?: (_tsukimi_v1_GeneratedToken__Output | null);
  'tokens'?: (_tsukimi_v1_TokenBatch__Output | null);
  'event'?: "started"|"token"|"tokens";
}
