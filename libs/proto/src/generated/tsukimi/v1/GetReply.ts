// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { GetItem as _tsukimi_v1_GetItem, GetItem__Output as _tsukimi_v1_GetItem__Output } from '../../tsukimi/v1/GetItem';

export interface GetReply {
  'items'?: (_tsukimi_v1_GetItem)[];
}

export interface GetReply__Output {
  'items': (_tsukimi_v1_GetItem__Output)[];
}
