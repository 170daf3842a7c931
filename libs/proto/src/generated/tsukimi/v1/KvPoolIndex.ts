// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { IndexUpdate as _tsukimi_v1_IndexUpdate, IndexUpdate__Output as _tsukimi_v1_IndexUpdate__Output } from '../../tsukimi/v1/IndexUpdate';
import type { SubscribeRequest as _tsukimi_v1_SubscribeRequest, SubscribeRequest__Output as _tsukimi_v1_SubscribeRequest__Output } from '../../tsukimi/v1/SubscribeRequest';

/**
 * Where blocks are, for schedulers: a snapshot (in pages), then live events in id order.
 */
export interface KvPoolIndexClient extends grpc.Client {
  Subscribe(argument: _tsukimi_v1_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_IndexUpdate__Output>;
  Subscribe(argument: _tsukimi_v1_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_IndexUpdate__Output>;
  subscribe(argument: _tsukimi_v1_SubscribeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_IndexUpdate__Output>;
  subscribe(argument: _tsukimi_v1_SubscribeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_IndexUpdate__Output>;
  
}

/**
 * Where blocks are, for schedulers: a snapshot (in pages), then live events in id order.
 */
export interface KvPoolIndexHandlers extends grpc.UntypedServiceImplementation {
  Subscribe: grpc.handleServerStreamingCall<_tsukimi_v1_SubscribeRequest__Output, _tsukimi_v1_IndexUpdate>;
  
}

export interface KvPoolIndexDefinition extends grpc.ServiceDefinition {
  Subscribe: MethodDefinition<_tsukimi_v1_SubscribeRequest, _tsukimi_v1_IndexUpdate, _tsukimi_v1_SubscribeRequest__Output, _tsukimi_v1_IndexUpdate__Output>
}
