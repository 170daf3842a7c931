// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface PutItem {
  'key'?: (string);
  'sizeBytes'?: (number | string | Long);
  /**
   * position of the block in its request, for length-aware eviction
   */
  'blockIndex'?: (number);
}

export interface PutItem__Output {
  'key': (string);
  'sizeBytes': (number);
  /**
   * position of the block in its request, for length-aware eviction
   */
  'blockIndex': (number);
}
