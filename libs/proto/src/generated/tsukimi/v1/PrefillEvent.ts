// Original file: libs/proto/proto/tsukimi/v1/prefill.proto

import type { PrefillReply as _tsukimi_v1_PrefillReply, PrefillReply__Output as _tsukimi_v1_PrefillReply__Output } from '../../tsukimi/v1/PrefillReply';
import type { PrefillStored as _tsukimi_v1_PrefillStored, PrefillStored__Output as _tsukimi_v1_PrefillStored__Output } from '../../tsukimi/v1/PrefillStored';

export interface PrefillEvent {
  'computed'?: (_tsukimi_v1_PrefillReply | null);
  'stored'?: (_tsukimi_v1_PrefillStored | null);
  'event'?: "computed"|"stored";
}

export interface PrefillEvent__Output {
  'computed'?: (_tsukimi_v1_PrefillReply__Output | null);
  'stored'?: (_tsukimi_v1_PrefillStored__Output | null);
  'event'?: "computed"|"stored";
}
