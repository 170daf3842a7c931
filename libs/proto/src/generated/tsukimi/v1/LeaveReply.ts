// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { Long } from '@grpc/proto-loader';

export interface LeaveReply {
  'droppedReplicas'?: (number);
  /**
   * blocks only the node held: lost with it
   */
  'droppedBlocks'?: (number);
  /**
   * copied to other nodes by the drain
   */
  'movedBlocks'?: (number);
  'movedBytes'?: (number | string | Long);
}

export interface LeaveReply__Output {
  'droppedReplicas': (number);
  /**
   * blocks only the node held: lost with it
   */
  'droppedBlocks': (number);
  /**
   * copied to other nodes by the drain
   */
  'movedBlocks': (number);
  'movedBytes': (number);
}
