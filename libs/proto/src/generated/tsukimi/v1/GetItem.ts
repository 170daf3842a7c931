// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Replica as _tsukimi_v1_Replica, Replica__Output as _tsukimi_v1_Replica__Output } from '../../tsukimi/v1/Replica';
import type { Long } from '@grpc/proto-loader';

export interface GetItem {
  'key'?: (string);
  'found'?: (boolean);
  'replicas'?: (_tsukimi_v1_Replica)[];
  'sizeBytes'?: (number | string | Long);
}

export interface GetItem__Output {
  'key': (string);
  'found': (boolean);
  'replicas': (_tsukimi_v1_Replica__Output)[];
  'sizeBytes': (number);
}
