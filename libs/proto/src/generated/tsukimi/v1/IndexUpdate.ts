// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { IndexSnapshotPage as _tsukimi_v1_IndexSnapshotPage, IndexSnapshotPage__Output as _tsukimi_v1_IndexSnapshotPage__Output } from '../../tsukimi/v1/IndexSnapshotPage';
import type { IndexEventMessage as _tsukimi_v1_IndexEventMessage, IndexEventMessage__Output as _tsukimi_v1_IndexEventMessage__Output } from '../../tsukimi/v1/IndexEventMessage';
import type { IndexEventBatch as _tsukimi_v1_IndexEventBatch, IndexEventBatch__Output as _tsukimi_v1_IndexEventBatch__Output } from '../../tsukimi/v1/IndexEventBatch';

export interface IndexUpdate {
  'snapshot'?: (_tsukimi_v1_IndexSnapshotPage | null);
  'event'?: (_tsukimi_v1_IndexEventMessage | null);
  /**
   * only to a subscriber that asked for batches
   */
  'events'?: (_tsukimi_v1_IndexEventBatch | null);
  'update'?: "snapshot"|"event"|"events";
}

export interface IndexUpdate__Output {
  'snapshot'?: (_tsukimi_v1_IndexSnapshotPage__Output | null);
  'event'?: (_tsukimi_v1_IndexEventMessage__Output | null);
  /**
   * only to a subscriber that asked for batches
   */
  'events'?: (_tsukimi_v1_IndexEventBatch__Output | null);
  'update'?: "snapshot"|"event"|"events";
}
