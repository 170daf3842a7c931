// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { InventoryItemMessage as _tsukimi_v1_InventoryItemMessage, InventoryItemMessage__Output as _tsukimi_v1_InventoryItemMessage__Output } from '../../tsukimi/v1/InventoryItemMessage';

export interface ReconcileRequest {
  'nodeId'?: (string);
  'items'?: (_tsukimi_v1_InventoryItemMessage)[];
}

export interface ReconcileRequest__Output {
  'nodeId': (string);
  'items': (_tsukimi_v1_InventoryItemMessage__Output)[];
}
