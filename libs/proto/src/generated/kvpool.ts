import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ExistsReply as _tsukimi_v1_ExistsReply, ExistsReply__Output as _tsukimi_v1_ExistsReply__Output } from './tsukimi/v1/ExistsReply';
import type { GetItem as _tsukimi_v1_GetItem, GetItem__Output as _tsukimi_v1_GetItem__Output } from './tsukimi/v1/GetItem';
import type { GetReply as _tsukimi_v1_GetReply, GetReply__Output as _tsukimi_v1_GetReply__Output } from './tsukimi/v1/GetReply';
import type { GetRequest as _tsukimi_v1_GetRequest, GetRequest__Output as _tsukimi_v1_GetRequest__Output } from './tsukimi/v1/GetRequest';
import type { KeyOutcome as _tsukimi_v1_KeyOutcome, KeyOutcome__Output as _tsukimi_v1_KeyOutcome__Output } from './tsukimi/v1/KeyOutcome';
import type { KeysReply as _tsukimi_v1_KeysReply, KeysReply__Output as _tsukimi_v1_KeysReply__Output } from './tsukimi/v1/KeysReply';
import type { KeysRequest as _tsukimi_v1_KeysRequest, KeysRequest__Output as _tsukimi_v1_KeysRequest__Output } from './tsukimi/v1/KeysRequest';
import type { KvPoolClient as _tsukimi_v1_KvPoolClient, KvPoolDefinition as _tsukimi_v1_KvPoolDefinition } from './tsukimi/v1/KvPool';
import type { PutItem as _tsukimi_v1_PutItem, PutItem__Output as _tsukimi_v1_PutItem__Output } from './tsukimi/v1/PutItem';
import type { PutStartReply as _tsukimi_v1_PutStartReply, PutStartReply__Output as _tsukimi_v1_PutStartReply__Output } from './tsukimi/v1/PutStartReply';
import type { PutStartRequest as _tsukimi_v1_PutStartRequest, PutStartRequest__Output as _tsukimi_v1_PutStartRequest__Output } from './tsukimi/v1/PutStartRequest';
import type { PutTarget as _tsukimi_v1_PutTarget, PutTarget__Output as _tsukimi_v1_PutTarget__Output } from './tsukimi/v1/PutTarget';
import type { Replica as _tsukimi_v1_Replica, Replica__Output as _tsukimi_v1_Replica__Output } from './tsukimi/v1/Replica';
import type { StatsReply as _tsukimi_v1_StatsReply, StatsReply__Output as _tsukimi_v1_StatsReply__Output } from './tsukimi/v1/StatsReply';
import type { StatsRequest as _tsukimi_v1_StatsRequest, StatsRequest__Output as _tsukimi_v1_StatsRequest__Output } from './tsukimi/v1/StatsRequest';
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
      KeyOutcome: MessageTypeDefinition<_tsukimi_v1_KeyOutcome, _tsukimi_v1_KeyOutcome__Output>
      KeysReply: MessageTypeDefinition<_tsukimi_v1_KeysReply, _tsukimi_v1_KeysReply__Output>
      KeysRequest: MessageTypeDefinition<_tsukimi_v1_KeysRequest, _tsukimi_v1_KeysRequest__Output>
      /**
       * The KV cache pool's control plane (the master). Block bytes never travel here: clients move
       * them over the data plane (the transfer engine) to and from the nodes this API names.
       */
      KvPool: SubtypeConstructor<typeof grpc.Client, _tsukimi_v1_KvPoolClient> & { service: _tsukimi_v1_KvPoolDefinition }
      PutItem: MessageTypeDefinition<_tsukimi_v1_PutItem, _tsukimi_v1_PutItem__Output>
      PutStartReply: MessageTypeDefinition<_tsukimi_v1_PutStartReply, _tsukimi_v1_PutStartReply__Output>
      PutStartRequest: MessageTypeDefinition<_tsukimi_v1_PutStartRequest, _tsukimi_v1_PutStartRequest__Output>
      PutTarget: MessageTypeDefinition<_tsukimi_v1_PutTarget, _tsukimi_v1_PutTarget__Output>
      Replica: MessageTypeDefinition<_tsukimi_v1_Replica, _tsukimi_v1_Replica__Output>
      StatsReply: MessageTypeDefinition<_tsukimi_v1_StatsReply, _tsukimi_v1_StatsReply__Output>
      StatsRequest: MessageTypeDefinition<_tsukimi_v1_StatsRequest, _tsukimi_v1_StatsRequest__Output>
      TierStats: MessageTypeDefinition<_tsukimi_v1_TierStats, _tsukimi_v1_TierStats__Output>
    }
  }
}

