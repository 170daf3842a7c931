// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface SubscribeRequest {
  /**
   * empty: start from a snapshot
   */
  'epoch'?: (string);
  /**
   * with epoch: resume after this event id
   */
  'afterId'?: (number | string | Long);
  /**
   * live events may come several to a message (IndexUpdate.events); a master that predates it sends one each
   */
  'batched'?: (boolean);
}

export interface SubscribeRequest__Output {
  /**
   * empty: start from a snapshot
   */
  'epoch': (string);
  /**
   * with epoch: resume after this event id
   */
  'afterId': (number);
  /**
   * live events may come several to a message (IndexUpdate.events); a master that predates it sends one each
   */
  'batched': (boolean);
}
