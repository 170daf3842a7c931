// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { PutItem as _tsukimi_v1_PutItem, PutItem__Output as _tsukimi_v1_PutItem__Output } from '../../tsukimi/v1/PutItem';

export interface PutStartRequest {
  'items'?: (_tsukimi_v1_PutItem)[];
  /**
   * 0 = the pool's default
   */
  'replicas'?: (number);
  /**
   * placement strategy; "" = the pool's default
   */
  'strategy'?: (string);
  /**
   * for local-first placement
   */
  'preferredNode'?: (string);
}

export interface PutStartRequest__Output {
  'items': (_tsukimi_v1_PutItem__Output)[];
  /**
   * 0 = the pool's default
   */
  'replicas': (number);
  /**
   * placement strategy; "" = the pool's default
   */
  'strategy': (string);
  /**
   * for local-first placement
   */
  'preferredNode': (string);
}
