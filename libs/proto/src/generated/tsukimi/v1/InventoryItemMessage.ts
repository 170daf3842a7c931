// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface InventoryItemMessage {
  'key'?: (string);
  'tier'?: (string);
  'sizeBytes'?: (number | string | Long);
}

export interface InventoryItemMessage__Output {
  'key': (string);
  'tier': (string);
  'sizeBytes': (number);
}
