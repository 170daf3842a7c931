// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface TierChangeMessage {
  /**
   * "stored", "moved", "removed"
   */
  'kind'?: (string);
  'key'?: (string);
  /**
   * stored/removed: the tier; moved: the destination
   */
  'tier'?: (string);
  /**
   * moved only
   */
  'fromTier'?: (string);
  'sizeBytes'?: (number | string | Long);
  'blockIndex'?: (number);
  /**
   * removed: "deleted" or "corrupt"
   */
  'reason'?: (string);
}

export interface TierChangeMessage__Output {
  /**
   * "stored", "moved", "removed"
   */
  'kind': (string);
  'key': (string);
  /**
   * stored/removed: the tier; moved: the destination
   */
  'tier': (string);
  /**
   * moved only
   */
  'fromTier': (string);
  'sizeBytes': (number);
  'blockIndex': (number);
  /**
   * removed: "deleted" or "corrupt"
   */
  'reason': (string);
}
