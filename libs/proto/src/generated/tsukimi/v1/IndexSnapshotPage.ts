// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type { IndexReplicaMessage as _tsukimi_v1_IndexReplicaMessage, IndexReplicaMessage__Output as _tsukimi_v1_IndexReplicaMessage__Output } from '../../tsukimi/v1/IndexReplicaMessage';
import type { Long } from '@grpc/proto-loader';

export interface IndexSnapshotPage {
  'epoch'?: (string);
  'lastEventId'?: (number | string | Long);
  'replicas'?: (_tsukimi_v1_IndexReplicaMessage)[];
  'lastPage'?: (boolean);
}

export interface IndexSnapshotPage__Output {
  'epoch': (string);
  'lastEventId': (number);
  'replicas': (_tsukimi_v1_IndexReplicaMessage__Output)[];
  'lastPage': (boolean);
}
