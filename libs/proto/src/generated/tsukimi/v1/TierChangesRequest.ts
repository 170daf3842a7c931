// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { TierChangeMessage as _tsukimi_v1_TierChangeMessage, TierChangeMessage__Output as _tsukimi_v1_TierChangeMessage__Output } from '../../tsukimi/v1/TierChangeMessage';

export interface TierChangesRequest {
  'nodeId'?: (string);
  'changes'?: (_tsukimi_v1_TierChangeMessage)[];
}

export interface TierChangesRequest__Output {
  'nodeId': (string);
  'changes': (_tsukimi_v1_TierChangeMessage__Output)[];
}
