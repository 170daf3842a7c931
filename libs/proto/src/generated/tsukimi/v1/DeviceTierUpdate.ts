// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * The blocks held in an instance's own memory (the device tier): changes after the caller's
 * cursor, or, when the cursor is from another epoch or too old, every key held now.
 */
export interface DeviceTierUpdate {
  'epoch'?: (string);
  'lastId'?: (number | string | Long);
  /**
   * true: `stored` is the whole set, replace what you had
   */
  'snapshot'?: (boolean);
  'stored'?: (string)[];
  'removed'?: (string)[];
}

/**
 * The blocks held in an instance's own memory (the device tier): changes after the caller's
 * cursor, or, when the cursor is from another epoch or too old, every key held now.
 */
export interface DeviceTierUpdate__Output {
  'epoch': (string);
  'lastId': (number);
  /**
   * true: `stored` is the whole set, replace what you had
   */
  'snapshot': (boolean);
  'stored': (string)[];
  'removed': (string)[];
}
