import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { ModelCard as _tsukimi_v1_ModelCard, ModelCard__Output as _tsukimi_v1_ModelCard__Output } from './tsukimi/v1/ModelCard';
import type { ModelCardRequest as _tsukimi_v1_ModelCardRequest, ModelCardRequest__Output as _tsukimi_v1_ModelCardRequest__Output } from './tsukimi/v1/ModelCardRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  tsukimi: {
    v1: {
      ModelCard: MessageTypeDefinition<_tsukimi_v1_ModelCard, _tsukimi_v1_ModelCard__Output>
      ModelCardRequest: MessageTypeDefinition<_tsukimi_v1_ModelCardRequest, _tsukimi_v1_ModelCardRequest__Output>
    }
  }
}

