// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { PutTarget as _tsukimi_v1_PutTarget, PutTarget__Output as _tsukimi_v1_PutTarget__Output } from '../../tsukimi/v1/PutTarget';

export interface PutStartReply {
  'targets'?: (_tsukimi_v1_PutTarget)[];
}

export interface PutStartReply__Output {
  'targets': (_tsukimi_v1_PutTarget__Output)[];
}
