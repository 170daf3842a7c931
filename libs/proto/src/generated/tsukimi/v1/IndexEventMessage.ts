// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface IndexEventMessage {
  'id'?: (number | string | Long);
  /**
   * "stored" or "removed"
   */
  'kind'?: (string);
  'key'?: (string);
  'nodeId'?: (string);
  'tier'?: (string);
}

export interface IndexEventMessage__Output {
  'id': (number);
  /**
   * "stored" or "removed"
   */
  'kind': (string);
  'key': (string);
  'nodeId': (string);
  'tier': (string);
}
