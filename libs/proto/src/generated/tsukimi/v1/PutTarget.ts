// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Replica as _tsukimi_v1_Replica, Replica__Output as _tsukimi_v1_Replica__Output } from '../../tsukimi/v1/Replica';

export interface PutTarget {
  'key'?: (string);
  /**
   * "write", "exists", "pending" (another writer holds it), "no-space"
   */
  'status'?: (string);
  /**
   * where to write, for "write"
   */
  'replicas'?: (_tsukimi_v1_Replica)[];
}

export interface PutTarget__Output {
  'key': (string);
  /**
   * "write", "exists", "pending" (another writer holds it), "no-space"
   */
  'status': (string);
  /**
   * where to write, for "write"
   */
  'replicas': (_tsukimi_v1_Replica__Output)[];
}
