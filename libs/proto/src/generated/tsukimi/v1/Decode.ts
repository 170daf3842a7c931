// Original file: libs/proto/proto/tsukimi/v1/decode.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DecodeEvent as _tsukimi_v1_DecodeEvent, DecodeEvent__Output as _tsukimi_v1_DecodeEvent__Output } from '../../tsukimi/v1/DecodeEvent';
import type { DecodeRequest as _tsukimi_v1_DecodeRequest, DecodeRequest__Output as _tsukimi_v1_DecodeRequest__Output } from '../../tsukimi/v1/DecodeRequest';
import type { DescribeRequest as _tsukimi_v1_DescribeRequest, DescribeRequest__Output as _tsukimi_v1_DescribeRequest__Output } from '../../tsukimi/v1/DescribeRequest';
import type { InstanceDescription as _tsukimi_v1_InstanceDescription, InstanceDescription__Output as _tsukimi_v1_InstanceDescription__Output } from '../../tsukimi/v1/InstanceDescription';
import type { ModelCard as _tsukimi_v1_ModelCard, ModelCard__Output as _tsukimi_v1_ModelCard__Output } from '../../tsukimi/v1/ModelCard';
import type { ModelCardRequest as _tsukimi_v1_ModelCardRequest, ModelCardRequest__Output as _tsukimi_v1_ModelCardRequest__Output } from '../../tsukimi/v1/ModelCardRequest';
import type { PrefetchReply as _tsukimi_v1_PrefetchReply, PrefetchReply__Output as _tsukimi_v1_PrefetchReply__Output } from '../../tsukimi/v1/PrefetchReply';
import type { PrefetchRequest as _tsukimi_v1_PrefetchRequest, PrefetchRequest__Output as _tsukimi_v1_PrefetchRequest__Output } from '../../tsukimi/v1/PrefetchRequest';
import type { WatchLoadRequest as _tsukimi_v1_WatchLoadRequest, WatchLoadRequest__Output as _tsukimi_v1_WatchLoadRequest__Output } from '../../tsukimi/v1/WatchLoadRequest';

/**
 * A decode instance: loads the request's KV blocks from the pool, joins the continuous batch
 * and streams tokens until a stop condition.
 */
export interface DecodeClient extends grpc.Client {
  Decode(argument: _tsukimi_v1_DecodeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_DecodeEvent__Output>;
  Decode(argument: _tsukimi_v1_DecodeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_DecodeEvent__Output>;
  decode(argument: _tsukimi_v1_DecodeRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_DecodeEvent__Output>;
  decode(argument: _tsukimi_v1_DecodeRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_tsukimi_v1_DecodeEvent__Output>;
  
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
  
  /**
   * Starts loading a request's blocks from the pool while its prefill still computes and stores
   * them (overlapped KV streaming); the request's Decode then finds them in the engine's memory.
   * Answers at once; blocks that do not arrive are loaded or recomputed by Decode.
   */
  Prefetch(argument: _tsukimi_v1_PrefetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  Prefetch(argument: _tsukimi_v1_PrefetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  Prefetch(argument: _tsukimi_v1_PrefetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  Prefetch(argument: _tsukimi_v1_PrefetchRequest, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  /**
   * Starts loading a request's blocks from the pool while its prefill still computes and stores
   * them (overlapped KV streaming); the request's Decode then finds them in the engine's memory.
   * Answers at once; blocks that do not arrive are loaded or recomputed by Decode.
   */
  prefetch(argument: _tsukimi_v1_PrefetchRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  prefetch(argument: _tsukimi_v1_PrefetchRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  prefetch(argument: _tsukimi_v1_PrefetchRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  prefetch(argument: _tsukimi_v1_PrefetchRequest, callback: grpc.requestCallback<_tsukimi_v1_PrefetchReply__Output>): grpc.ClientUnaryCall;
  
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
 * A decode instance: loads the request's KV blocks from the pool, joins the continuous batch
 * and streams tokens until a stop condition.
 */
export interface DecodeHandlers extends grpc.UntypedServiceImplementation {
  Decode: grpc.handleServerStreamingCall<_tsukimi_v1_DecodeRequest__Output, _tsukimi_v1_DecodeEvent>;
  
  Describe: grpc.handleUnaryCall<_tsukimi_v1_DescribeRequest__Output, _tsukimi_v1_InstanceDescription>;
  
  ModelCard: grpc.handleUnaryCall<_tsukimi_v1_ModelCardRequest__Output, _tsukimi_v1_ModelCard>;
  
  /**
   * Starts loading a request's blocks from the pool while its prefill still computes and stores
   * them (overlapped KV streaming); the request's Decode then finds them in the engine's memory.
   * Answers at once; blocks that do not arrive are loaded or recomputed by Decode.
   */
  Prefetch: grpc.handleUnaryCall<_tsukimi_v1_PrefetchRequest__Output, _tsukimi_v1_PrefetchReply>;
  
  /**
   * Describe pushed: see WatchLoadRequest. The conductor subscribes once and probes Describe rarely.
   */
  WatchLoad: grpc.handleServerStreamingCall<_tsukimi_v1_WatchLoadRequest__Output, _tsukimi_v1_InstanceDescription>;
  
}

export interface DecodeDefinition extends grpc.ServiceDefinition {
  Decode: MethodDefinition<_tsukimi_v1_DecodeRequest, _tsukimi_v1_DecodeEvent, _tsukimi_v1_DecodeRequest__Output, _tsukimi_v1_DecodeEvent__Output>
  Describe: MethodDefinition<_tsukimi_v1_DescribeRequest, _tsukimi_v1_InstanceDescription, _tsukimi_v1_DescribeRequest__Output, _tsukimi_v1_InstanceDescription__Output>
  ModelCard: MethodDefinition<_tsukimi_v1_ModelCardRequest, _tsukimi_v1_ModelCard, _tsukimi_v1_ModelCardRequest__Output, _tsukimi_v1_ModelCard__Output>
  Prefetch: MethodDefinition<_tsukimi_v1_PrefetchRequest, _tsukimi_v1_PrefetchReply, _tsukimi_v1_PrefetchRequest__Output, _tsukimi_v1_PrefetchReply__Output>
  WatchLoad: MethodDefinition<_tsukimi_v1_WatchLoadRequest, _tsukimi_v1_InstanceDescription, _tsukimi_v1_WatchLoadRequest__Output, _tsukimi_v1_InstanceDescription__Output>
}
