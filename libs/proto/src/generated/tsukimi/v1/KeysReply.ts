// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { KeyOutcome as _tsukimi_v1_KeyOutcome, KeyOutcome__Output as _tsukimi_v1_KeyOutcome__Output } from '../../tsukimi/v1/KeyOutcome';

export interface KeysReply {
  'outcomes'?: (_tsukimi_v1_KeyOutcome)[];
}

export interface KeysReply__Output {
  'outcomes': (_tsukimi_v1_KeyOutcome__Output)[];
}
