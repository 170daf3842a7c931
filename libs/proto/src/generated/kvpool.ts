import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExistsReply as _tsukimi_v1_ExistsReply, ExistsReply__Output as _tsukimi_v1_ExistsReply__Output } from './tsukimi/v1/ExistsReply';
import type { GetItem as _tsukimi_v1_GetItem, GetItem__Output as _tsukimi_v1_GetItem__Output } from './tsukimi/v1/GetItem';
import type { GetReply as _tsukimi_v1_GetReply, GetReply__Output as _tsukimi_v1_GetReply__Output } from './tsukimi/v1/GetReply';
import type { GetRequest as _tsukimi_v1_GetRequest, GetRequest__Output as _tsukimi_v1_GetRequest__Output } from './tsukimi/v1/GetRequest';
import type { HeartbeatReply as _tsukimi_v1_HeartbeatReply, HeartbeatReply__Output as _tsukimi_v1_HeartbeatReply__Output } from './tsukimi/v1/HeartbeatReply';
import type { HeartbeatRequest as _tsukimi_v1_HeartbeatRequest, HeartbeatRequest__Output as _tsukimi_v1_HeartbeatRequest__Output } from './tsukimi/v1/HeartbeatRequest';
import type { IndexEventBatch as _tsukimi_v1_IndexEventBatch, IndexEventBatch__Output as _tsukimi_v1_IndexEventBatch__Output } from './tsukimi/v1/IndexEventBatch';
import type { IndexEventMessage as _tsukimi_v1_IndexEventMessage, IndexEventMessage__Output as _tsukimi_v1_IndexEventMessage__Output } from './tsukimi/v1/IndexEventMessage';
import type { IndexReplicaMessage as _tsukimi_v1_IndexReplicaMessage, IndexReplicaMessage__Output as _tsukimi_v1_IndexReplicaMessage__Output } from './tsukimi/v1/IndexReplicaMessage';
import type { IndexSnapshotPage as _tsukimi_v1_IndexSnapshotPage, IndexSnapshotPage__Output as _tsukimi_v1_IndexSnapshotPage__Output } from './tsukimi/v1/IndexSnapshotPage';
import type { IndexUpdate as _tsukimi_v1_IndexUpdate, IndexUpdate__Output as _tsukimi_v1_IndexUpdate__Output } from './tsukimi/v1/IndexUpdate';
import type { InventoryItemMessage as _tsukimi_v1_InventoryItemMessage, InventoryItemMessage__Output as _tsukimi_v1_InventoryItemMessage__Output } from './tsukimi/v1/InventoryItemMessage';
import type { KeyOutcome as _tsukimi_v1_KeyOutcome, KeyOutcome__Output as _tsukimi_v1_KeyOutcome__Output } from './tsukimi/v1/KeyOutcome';
import type { KeysReply as _tsukimi_v1_KeysReply, KeysReply__Output as _tsukimi_v1_KeysReply__Output } from './tsukimi/v1/KeysReply';
import type { KeysRequest as _tsukimi_v1_KeysRequest, KeysRequest__Output as _tsukimi_v1_KeysRequest__Output } from './tsukimi/v1/KeysRequest';
import type { KvPoolClient as _tsukimi_v1_KvPoolClient, KvPoolDefinition as _tsukimi_v1_KvPoolDefinition } from './tsukimi/v1/KvPool';
import type { KvPoolIndexClient as _tsukimi_v1_KvPoolIndexClient, KvPoolIndexDefinition as _tsukimi_v1_KvPoolIndexDefinition } from './tsukimi/v1/KvPoolIndex';
import type { KvPoolMembersClient as _tsukimi_v1_KvPoolMembersClient, KvPoolMembersDefinition as _tsukimi_v1_KvPoolMembersDefinition } from './tsukimi/v1/KvPoolMembers';
import type { LeaveReply as _tsukimi_v1_LeaveReply, LeaveReply__Output as _tsukimi_v1_LeaveReply__Output } from './tsukimi/v1/LeaveReply';
import type { LeaveRequest as _tsukimi_v1_LeaveRequest, LeaveRequest__Output as _tsukimi_v1_LeaveRequest__Output } from './tsukimi/v1/LeaveRequest';
import type { NodeCommandMessage as _tsukimi_v1_NodeCommandMessage, NodeCommandMessage__Output as _tsukimi_v1_NodeCommandMessage__Output } from './tsukimi/v1/NodeCommandMessage';
import type { PinRequest as _tsukimi_v1_PinRequest, PinRequest__Output as _tsukimi_v1_PinRequest__Output } from './tsukimi/v1/PinRequest';
import type { PutItem as _tsukimi_v1_PutItem, PutItem__Output as _tsukimi_v1_PutItem__Output } from './tsukimi/v1/PutItem';
import type { PutStartReply as _tsukimi_v1_PutStartReply, PutStartReply__Output as _tsukimi_v1_PutStartReply__Output } from './tsukimi/v1/PutStartReply';
import type { PutStartRequest as _tsukimi_v1_PutStartRequest, PutStartRequest__Output as _tsukimi_v1_PutStartRequest__Output } from './tsukimi/v1/PutStartRequest';
import type { PutTarget as _tsukimi_v1_PutTarget, PutTarget__Output as _tsukimi_v1_PutTarget__Output } from './tsukimi/v1/PutTarget';
import type { ReadStatsReply as _tsukimi_v1_ReadStatsReply, ReadStatsReply__Output as _tsukimi_v1_ReadStatsReply__Output } from './tsukimi/v1/ReadStatsReply';
import type { ReadStatsRequest as _tsukimi_v1_ReadStatsRequest, ReadStatsRequest__Output as _tsukimi_v1_ReadStatsRequest__Output } from './tsukimi/v1/ReadStatsRequest';
import type { ReconcileReply as _tsukimi_v1_ReconcileReply, ReconcileReply__Output as _tsukimi_v1_ReconcileReply__Output } from './tsukimi/v1/ReconcileReply';
import type { ReconcileRequest as _tsukimi_v1_ReconcileRequest, ReconcileRequest__Output as _tsukimi_v1_ReconcileRequest__Output } from './tsukimi/v1/ReconcileRequest';
import type { Replica as _tsukimi_v1_Replica, Replica__Output as _tsukimi_v1_Replica__Output } from './tsukimi/v1/Replica';
import type { StatsReply as _tsukimi_v1_StatsReply, StatsReply__Output as _tsukimi_v1_StatsReply__Output } from './tsukimi/v1/StatsReply';
import type { StatsRequest as _tsukimi_v1_StatsRequest, StatsRequest__Output as _tsukimi_v1_StatsRequest__Output } from './tsukimi/v1/StatsRequest';
import type { SubscribeRequest as _tsukimi_v1_SubscribeRequest, SubscribeRequest__Output as _tsukimi_v1_SubscribeRequest__Output } from './tsukimi/v1/SubscribeRequest';
import type { TierChangeMessage as _tsukimi_v1_TierChangeMessage, TierChangeMessage__Output as _tsukimi_v1_TierChangeMessage__Output } from './tsukimi/v1/TierChangeMessage';
import type { TierChangesReply as _tsukimi_v1_TierChangesReply, TierChangesReply__Output as _tsukimi_v1_TierChangesReply__Output } from './tsukimi/v1/TierChangesReply';
import type { TierChangesRequest as _tsukimi_v1_TierChangesRequest, TierChangesRequest__Output as _tsukimi_v1_TierChangesRequest__Output } from './tsukimi/v1/TierChangesRequest';
import type { TierStats as _tsukimi_v1_TierStats, TierStats__Output as _tsukimi_v1_TierStats__Output } from './tsukimi/v1/TierStats';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsukimi: {
    v1: {
      ExistsReply: MessageTypeDefinition<_tsukimi_v1_ExistsReply, _tsukimi_v1_ExistsReply__Output>
      GetItem: MessageTypeDefinition<_tsukimi_v1_GetItem, _tsukimi_v1_GetItem__Output>
      GetReply: MessageTypeDefinition<_tsukimi_v1_GetReply, _tsukimi_v1_GetReply__Output>
      GetRequest: MessageTypeDefinition<_tsukimi_v1_GetRequest, _tsukimi_v1_GetRequest__Output>
      HeartbeatReply: MessageTypeDefinition<_tsukimi_v1_HeartbeatReply, _tsukimi_v1_HeartbeatReply__Output>
      HeartbeatRequest: MessageTypeDefinition<_tsukimi_v1_HeartbeatRequest, _tsukimi_v1_HeartbeatRequest__Output>
      IndexEventBatch: MessageTypeDefinition<_tsukimi_v1_IndexEventBatch, _tsukimi_v1_IndexEventBatch__Output>
      IndexEventMessage: MessageTypeDefinition<_tsukimi_v1_IndexEventMessage, _tsukimi_v1_IndexEventMessage__Output>
      IndexReplicaMessage: MessageTypeDefinition<_tsukimi_v1_IndexReplicaMessage, _tsukimi_v1_IndexReplicaMessage__Output>
      IndexSnapshotPage: MessageTypeDefinition<_tsukimi_v1_IndexSnapshotPage, _tsukimi_v1_IndexSnapshotPage__Output>
      IndexUpdate: MessageTypeDefinition<_tsukimi_v1_IndexUpdate, _tsukimi_v1_IndexUpdate__Output>
      InventoryItemMessage: MessageTypeDefinition<_tsukimi_v1_InventoryItemMessage, _tsukimi_v1_InventoryItemMessage__Output>
      KeyOutcome: MessageTypeDefinition<_tsukimi_v1_KeyOutcome, _tsukimi_v1_KeyOutcome__Output>
      KeysReply: MessageTypeDefinition<_tsukimi_v1_KeysReply, _tsukimi_v1_KeysReply__Output>
      KeysRequest: MessageTypeDefinition<_tsukimi_v1_KeysRequest, _tsukimi_v1_KeysRequest__Output>
      /**
       * The KV cache pool's control plane (the master). Block bytes never travel here: clients move
       * them over the data plane (the transfer engine) to and from the nodes this API names.
       */
      KvPool: SubtypeConstructor<typeof grpc.Client, _tsukimi_v1_KvPoolClient> & { service: _tsukimi_v1_KvPoolDefinition }
      /**
       * Where blocks are, for schedulers: a snapshot (in pages), then live events in id order.
       */
      KvPoolIndex: SubtypeConstructor<typeof grpc.Client, _tsukimi_v1_KvPoolIndexClient> & { service: _tsukimi_v1_KvPoolIndexDefinition }
      /**
       * The pool's members: kvpool nodes, and engine instances whose memory is the device tier, join by
       * heartbeat and report what they hold. The master answers each heartbeat with the commands
       * (demote, delete) it has for the member.
       */
      KvPoolMembers: SubtypeConstructor<typeof grpc.Client, _tsukimi_v1_KvPoolMembersClient> & { service: _tsukimi_v1_KvPoolMembersDefinition }
      LeaveReply: MessageTypeDefinition<_tsukimi_v1_LeaveReply, _tsukimi_v1_LeaveReply__Output>
      LeaveRequest: MessageTypeDefinition<_tsukimi_v1_LeaveRequest, _tsukimi_v1_LeaveRequest__Output>
      NodeCommandMessage: MessageTypeDefinition<_tsukimi_v1_NodeCommandMessage, _tsukimi_v1_NodeCommandMessage__Output>
      PinRequest: MessageTypeDefinition<_tsukimi_v1_PinRequest, _tsukimi_v1_PinRequest__Output>
      PutItem: MessageTypeDefinition<_tsukimi_v1_PutItem, _tsukimi_v1_PutItem__Output>
      PutStartReply: MessageTypeDefinition<_tsukimi_v1_PutStartReply, _tsukimi_v1_PutStartReply__Output>
      PutStartRequest: MessageTypeDefinition<_tsukimi_v1_PutStartRequest, _tsukimi_v1_PutStartRequest__Output>
      PutTarget: MessageTypeDefinition<_tsukimi_v1_PutTarget, _tsukimi_v1_PutTarget__Output>
      ReadStatsReply: MessageTypeDefinition<_tsukimi_v1_ReadStatsReply, _tsukimi_v1_ReadStatsReply__Output>
      ReadStatsRequest: MessageTypeDefinition<_tsukimi_v1_ReadStatsRequest, _tsukimi_v1_ReadStatsRequest__Output>
      ReconcileReply: MessageTypeDefinition<_tsukimi_v1_ReconcileReply, _tsukimi_v1_ReconcileReply__Output>
      ReconcileRequest: MessageTypeDefinition<_tsukimi_v1_ReconcileRequest, _tsukimi_v1_ReconcileRequest__Output>
      Replica: MessageTypeDefinition<_tsukimi_v1_Replica, _tsukimi_v1_Replica__Output>
      StatsReply: MessageTypeDefinition<_tsukimi_v1_StatsReply, _tsukimi_v1_StatsReply__Output>
      StatsRequest: MessageTypeDefinition<_tsukimi_v1_StatsRequest, _tsukimi_v1_StatsRequest__Output>
      SubscribeRequest: MessageTypeDefinition<_tsukimi_v1_SubscribeRequest, _tsukimi_v1_SubscribeRequest__Output>
      TierChangeMessage: MessageTypeDefinition<_tsukimi_v1_TierChangeMessage, _tsukimi_v1_TierChangeMessage__Output>
      TierChangesReply: MessageTypeDefinition<_tsukimi_v1_TierChangesReply, _tsukimi_v1_TierChangesReply__Output>
      TierChangesRequest: MessageTypeDefinition<_tsukimi_v1_TierChangesRequest, _tsukimi_v1_TierChangesRequest__Output>
      TierStats: MessageTypeDefinition<_tsukimi_v1_TierStats, _tsukimi_v1_TierStats__Output>
    }
  }
}

