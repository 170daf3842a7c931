// Original file: libs/proto/proto/tsukimi/v1/prefill.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DescribeRequest as _tsukimi_v1_DescribeRequest, DescribeRequest__Output as _tsukimi_v1_DescribeRequest__Output } from '../../tsukimi/v1/DescribeRequest';
import type { InstanceDescription as _tsukimi_v1_InstanceDescription, InstanceDescription__Output as _tsukimi_v1_InstanceDescription__Output } from '../../tsukimi/v1/InstanceDescription';
import type { ModelCard as _tsukimi_v1_ModelCard, ModelCard__Output as _tsukimi_v1_ModelCard__Output } from '../../tsukimi/v1/ModelCard';
import type { ModelCardRequest as _tsukimi_v1_ModelCardRequest, ModelCardRequest__Output as _tsukimi_v1_ModelCardRequest__Output } from '../../tsukimi/v1/ModelCardRequest';
import type { PrefillEvent as _tsukimi_v1_PrefillEvent, PrefillEvent__Output as _tsukimi_v1_PrefillEvent__Output } from '../../tsukimi/v1/PrefillEvent';
import type { PrefillRequest as _tsukimi_v1_PrefillRequest, PrefillRequest__Output as _tsukimi_v1_PrefillRequest__Output } from '../../tsukimi/v1/PrefillRequest';
import type { WarmReply as _tsukimi_v1_WarmReply, WarmReply__Output as _tsukimi_v1_WarmReply__Output } from '../../tsukimi/v1/WarmReply';
import type { WarmRequest as _tsukimi_v1_WarmRequest, WarmRequest__Output as _tsukimi_v1_WarmRequest__Output } from '../../tsukimi/v1/WarmRequest';
import type { WatchLoadRequest as _tsukimi_v1_WatchLoadRequest, WatchLoadRequest__Output as _tsukimi_v1_WatchLoadRequest__Output } from '../../tsukimi/v1/WatchLoadRequest';

/**
 * A prefill instance: reuses cached prefix blocks (its own engine memory, then the pool),
 * computes the rest and samples the first token, then writes the new full blocks to the pool.
 * The stream carries two events: `computed` as soon as the first token exists (the time to
 * first token does not wait for the pool), then `stored` once the blocks are in the pool.
 */
export interface PrefillClient extends grpc.Client {
  Describe(argument: _tsukimi_v1_DescribeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  Describe(argument: _tsukimi_v1_DescribeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  Describe(argument: _tsukimi_v1_DescribeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  Describe(argument: _tsukimi_v1_DescribeRequest, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  describe(argument: _tsukimi_v1_DescribeRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  describe(argument: _tsukimi_v1_DescribeRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  describe(argument: _tsukimi_v1_DescribeRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  describe(argument: _tsukimi_v1_DescribeRequest, callback: grpc.requestCallback<_tsukimi_v1_InstanceDescription__Output>): grpc.ClientUnaryCall;
  
  ModelCard(argument: _tsukimi_v1_ModelCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  ModelCard(argument: _tsukimi_v1_ModelCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  ModelCard(argument: _tsukimi_v1_ModelCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  ModelCard(argument: _tsukimi_v1_ModelCardRequest, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  modelCard(argument: _tsukimi_v1_ModelCardRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  modelCard(argument: _tsukimi_v1_ModelCardRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  modelCard(argument: _tsukimi_v1_ModelCardRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  modelCard(argument: _tsukimi_v1_ModelCardRequest, callback: grpc.requestCallback<_tsukimi_v1_ModelCard__Output>): grpc.ClientUnaryCall;
  
  Prefill(argument: _tsukimi_v1_PrefillRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_PrefillEvent__Output>;
  Prefill(argument: _tsukimi_v1_PrefillRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_PrefillEvent__Output>;
  prefill(argument: _tsukimi_v1_PrefillRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_PrefillEvent__Output>;
  prefill(argument: _tsukimi_v1_PrefillRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_PrefillEvent__Output>;
  
  /**
   * Loads a prefix's blocks from the pool into the instance's own memory ahead of the requests for
   * it (a warm copy of a hot prefix), and answers what it holds then.
   */
  Warm(argument: _tsukimi_v1_WarmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  Warm(argument: _tsukimi_v1_WarmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  Warm(argument: _tsukimi_v1_WarmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  Warm(argument: _tsukimi_v1_WarmRequest, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  /**
   * Loads a prefix's blocks from the pool into the instance's own memory ahead of the requests for
   * it (a warm copy of a hot prefix), and answers what it holds then.
   */
  warm(argument: _tsukimi_v1_WarmRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  warm(argument: _tsukimi_v1_WarmRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  warm(argument: _tsukimi_v1_WarmRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  warm(argument: _tsukimi_v1_WarmRequest, callback: grpc.requestCallback<_tsukimi_v1_WarmReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Describe pushed: see WatchLoadRequest. The conductor subscribes once and probes Describe rarely.
   */
  WatchLoad(argument: _tsukimi_v1_WatchLoadRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_InstanceDescription__Output>;
  WatchLoad(argument: _tsukimi_v1_WatchLoadRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_InstanceDescription__Output>;
  /**
   * Describe pushed: see WatchLoadRequest. The conductor subscribes once and probes Describe rarely.
   */
  watchLoad(argument: _tsukimi_v1_WatchLoadRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_InstanceDescription__Output>;
  watchLoad(argument: _tsukimi_v1_WatchLoadRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_InstanceDescription__Output>;
  
}

/**
 * A prefill instance: reuses cached prefix blocks (its own engine memory, then the pool),
 * computes the rest and samples the first token, then writes the new full blocks to the pool.
 * The stream carries two events: `computed` as soon as the first token exists (the time to
 * first token does not wait for the pool), then `stored` once the blocks are in the pool.
 */
export interface PrefillHandlers extends grpc.UntypedServiceImplementation {
  Describe: grpc.handleUnaryCall<_tsukimi_v1_DescribeRequest__Output, _tsukimi_v1_InstanceDescription>;
  
  ModelCard: grpc.handleUnaryCall<_tsukimi_v1_ModelCardRequest__Output, _tsukimi_v1_ModelCard>;
  
  Prefill: grpc.handleServerStreamingCall<_tsukimi_v1_PrefillRequest__Output, _tsukimi_v1_PrefillEvent>;
  
  /**
   * Loads a prefix's blocks from the pool into the instance's own memory ahead of the requests for
   * it (a warm copy of a hot prefix), and answers what it holds then.
   */
  Warm: grpc.handleUnaryCall<_tsukimi_v1_WarmRequest__Output, _tsukimi_v1_WarmReply>;
  
  /**
   * Describe pushed: see WatchLoadRequest. The conductor subscribes once and probes Describe rarely.
   */
  WatchLoad: grpc.handleServerStreamingCall<_tsukimi_v1_WatchLoadRequest__Output, _tsukimi_v1_InstanceDescription>;
  
}

export interface PrefillDefinition extends grpc.ServiceDefinition {
  Describe: MethodDefinition<_tsukimi_v1_DescribeRequest, _tsukimi_v1_InstanceDescription, _tsukimi_v1_DescribeRequest__Output, _tsukimi_v1_InstanceDescription__Output>
  ModelCard: MethodDefinition<_tsukimi_v1_ModelCardRequest, _tsukimi_v1_ModelCard, _tsukimi_v1_ModelCardRequest__Output, _tsukimi_v1_ModelCard__Output>
  Prefill: MethodDefinition<_tsukimi_v1_PrefillRequest, _tsukimi_v1_PrefillEvent, _tsukimi_v1_PrefillRequest__Output, _tsukimi_v1_PrefillEvent__Output>
  Warm: MethodDefinition<_tsukimi_v1_WarmRequest, _tsukimi_v1_WarmReply, _tsukimi_v1_WarmRequest__Output, _tsukimi_v1_WarmReply__Output>
  WatchLoad: MethodDefinition<_tsukimi_v1_WatchLoadRequest, _tsukimi_v1_InstanceDescription, _tsukimi_v1_WatchLoadRequest__Output, _tsukimi_v1_InstanceDescription__Output>
}
