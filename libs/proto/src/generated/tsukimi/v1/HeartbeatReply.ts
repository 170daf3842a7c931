// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { NodeCommandMessage as _tsukimi_v1_NodeCommandMessage, NodeCommandMessage__Output as _tsukimi_v1_NodeCommandMessage__Output } from '../../tsukimi/v1/NodeCommandMessage';
import type { Long } from '@grpc/proto-loader';

export interface HeartbeatReply {
  /**
   * the master did not know the member: reconcile
   */
  'joined'?: (boolean);
  'commands'?: (_tsukimi_v1_NodeCommandMessage)[];
  /**
   * the master's leadership epoch: members refuse commands below the highest they saw
   */
  'leaderEpoch'?: (number | string | Long);
}

export interface HeartbeatReply__Output {
  /**
   * the master did not know the member: reconcile
   */
  'joined': (boolean);
  'commands': (_tsukimi_v1_NodeCommandMessage__Output)[];
  /**
   * the master's leadership epoch: members refuse commands below the highest they saw
   */
  'leaderEpoch': (number);
}
