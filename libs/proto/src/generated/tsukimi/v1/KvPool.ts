// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { ExistsReply as _tsukimi_v1_ExistsReply, ExistsReply__Output as _tsukimi_v1_ExistsReply__Output } from '../../tsukimi/v1/ExistsReply';
import type { GetReply as _tsukimi_v1_GetReply, GetReply__Output as _tsukimi_v1_GetReply__Output } from '../../tsukimi/v1/GetReply';
import type { GetRequest as _tsukimi_v1_GetRequest, GetRequest__Output as _tsukimi_v1_GetRequest__Output } from '../../tsukimi/v1/GetRequest';
import type { KeysReply as _tsukimi_v1_KeysReply, KeysReply__Output as _tsukimi_v1_KeysReply__Output } from '../../tsukimi/v1/KeysReply';
import type { KeysRequest as _tsukimi_v1_KeysRequest, KeysRequest__Output as _tsukimi_v1_KeysRequest__Output } from '../../tsukimi/v1/KeysRequest';
import type { PinRequest as _tsukimi_v1_PinRequest, PinRequest__Output as _tsukimi_v1_PinRequest__Output } from '../../tsukimi/v1/PinRequest';
import type { PutStartReply as _tsukimi_v1_PutStartReply, PutStartReply__Output as _tsukimi_v1_PutStartReply__Output } from '../../tsukimi/v1/PutStartReply';
import type { PutStartRequest as _tsukimi_v1_PutStartRequest, PutStartRequest__Output as _tsukimi_v1_PutStartRequest__Output } from '../../tsukimi/v1/PutStartRequest';
import type { ReadStatsReply as _tsukimi_v1_ReadStatsReply, ReadStatsReply__Output as _tsukimi_v1_ReadStatsReply__Output } from '../../tsukimi/v1/ReadStatsReply';
import type { ReadStatsRequest as _tsukimi_v1_ReadStatsRequest, ReadStatsRequest__Output as _tsukimi_v1_ReadStatsRequest__Output } from '../../tsukimi/v1/ReadStatsRequest';
import type { StatsReply as _tsukimi_v1_StatsReply, StatsReply__Output as _tsukimi_v1_StatsReply__Output } from '../../tsukimi/v1/StatsReply';
import type { StatsRequest as _tsukimi_v1_StatsRequest, StatsRequest__Output as _tsukimi_v1_StatsRequest__Output } from '../../tsukimi/v1/StatsRequest';

/**
 * The KV cache pool's control plane (the master). Block bytes never travel here: clients move
 * them over the data plane (the transfer engine) to and from the nodes this API names.
 */
export interface KvPoolClient extends grpc.Client {
  /**
   * Whether each block is complete; does not lease or refresh anything.
   */
  Exists(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  Exists(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  Exists(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  Exists(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Whether each block is complete; does not lease or refresh anything.
   */
  exists(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  exists(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_ExistsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Where each complete block is, with a lease that protects it from eviction and removal. With
   * wait_ms, a first key not yet complete is waited for (its PutEnd, at most wait_ms) before the
   * answer: a reader of blocks still being written learns at once when the next one lands.
   */
  Get(argument: _tsukimi_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _tsukimi_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _tsukimi_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  Get(argument: _tsukimi_v1_GetRequest, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  /**
   * Where each complete block is, with a lease that protects it from eviction and removal. With
   * wait_ms, a first key not yet complete is waited for (its PutEnd, at most wait_ms) before the
   * answer: a reader of blocks still being written learns at once when the next one lands.
   */
  get(argument: _tsukimi_v1_GetRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsukimi_v1_GetRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsukimi_v1_GetRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  get(argument: _tsukimi_v1_GetRequest, callback: grpc.requestCallback<_tsukimi_v1_GetReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Soft pins (with a TTL) and hard pins keep blocks from eviction; a hard pin also from removal.
   */
  Pin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Pin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Pin(argument: _tsukimi_v1_PinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Pin(argument: _tsukimi_v1_PinRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  /**
   * Soft pins (with a TTL) and hard pins keep blocks from eviction; a hard pin also from removal.
   */
  pin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  pin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  pin(argument: _tsukimi_v1_PinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  pin(argument: _tsukimi_v1_PinRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Phase two: the bytes are written to every replica; the blocks become visible.
   */
  PutEnd(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  PutEnd(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  PutEnd(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  PutEnd(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  /**
   * Phase two: the bytes are written to every replica; the blocks become visible.
   */
  putEnd(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  putEnd(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  putEnd(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  putEnd(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The write failed: release the reservations.
   */
  PutRevoke(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  PutRevoke(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  PutRevoke(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  PutRevoke(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  /**
   * The write failed: release the reservations.
   */
  putRevoke(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  putRevoke(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  putRevoke(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  putRevoke(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Two-phase put, phase one: reserve replicas for each block. A key already complete answers
   * "exists"; readers see nothing until PutEnd.
   */
  PutStart(argument: _tsukimi_v1_PutStartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  PutStart(argument: _tsukimi_v1_PutStartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  PutStart(argument: _tsukimi_v1_PutStartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  PutStart(argument: _tsukimi_v1_PutStartRequest, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  /**
   * Two-phase put, phase one: reserve replicas for each block. A key already complete answers
   * "exists"; readers see nothing until PutEnd.
   */
  putStart(argument: _tsukimi_v1_PutStartRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  putStart(argument: _tsukimi_v1_PutStartRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  putStart(argument: _tsukimi_v1_PutStartRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  putStart(argument: _tsukimi_v1_PutStartRequest, callback: grpc.requestCallback<_tsukimi_v1_PutStartReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * What the master saw of block reads: the sampled LRU reuse-distance histogram of the keys gets
   * asked for (the pool's hit-ratio curve, which the planner sizes DRAM by) and the decayed hits
   * of the keys named. Kept by the leading master since it started leading.
   */
  ReadStats(argument: _tsukimi_v1_ReadStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  ReadStats(argument: _tsukimi_v1_ReadStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  ReadStats(argument: _tsukimi_v1_ReadStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  ReadStats(argument: _tsukimi_v1_ReadStatsRequest, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  /**
   * What the master saw of block reads: the sampled LRU reuse-distance histogram of the keys gets
   * asked for (the pool's hit-ratio curve, which the planner sizes DRAM by) and the decayed hits
   * of the keys named. Kept by the leading master since it started leading.
   */
  readStats(argument: _tsukimi_v1_ReadStatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  readStats(argument: _tsukimi_v1_ReadStatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  readStats(argument: _tsukimi_v1_ReadStatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  readStats(argument: _tsukimi_v1_ReadStatsRequest, callback: grpc.requestCallback<_tsukimi_v1_ReadStatsReply__Output>): grpc.ClientUnaryCall;
  
  Remove(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Remove(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Remove(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Remove(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  remove(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  remove(argument: _tsukimi_v1_KeysRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  remove(argument: _tsukimi_v1_KeysRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  remove(argument: _tsukimi_v1_KeysRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  
  Stats(argument: _tsukimi_v1_StatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  Stats(argument: _tsukimi_v1_StatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  Stats(argument: _tsukimi_v1_StatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  Stats(argument: _tsukimi_v1_StatsRequest, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  stats(argument: _tsukimi_v1_StatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  stats(argument: _tsukimi_v1_StatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  stats(argument: _tsukimi_v1_StatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  stats(argument: _tsukimi_v1_StatsRequest, callback: grpc.requestCallback<_tsukimi_v1_StatsReply__Output>): grpc.ClientUnaryCall;
  
  Unpin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Unpin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Unpin(argument: _tsukimi_v1_PinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  Unpin(argument: _tsukimi_v1_PinRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  unpin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  unpin(argument: _tsukimi_v1_PinRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  unpin(argument: _tsukimi_v1_PinRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  unpin(argument: _tsukimi_v1_PinRequest, callback: grpc.requestCallback<_tsukimi_v1_KeysReply__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The KV cache pool's control plane (the master). Block bytes never travel here: clients move
 * them over the data plane (the transfer engine) to and from the nodes this API names.
 */
export interface KvPoolHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Whether each block is complete; does not lease or refresh anything.
   */
  Exists: grpc.handleUnaryCall<_tsukimi_v1_KeysRequest__Output, _tsukimi_v1_ExistsReply>;
  
  /**
   * Where each complete block is, with a lease that protects it from eviction and removal. With
   * wait_ms, a first key not yet complete is waited for (its PutEnd, at most wait_ms) before the
   * answer: a reader of blocks still being written learns at once when the next one lands.
   */
  Get: grpc.handleUnaryCall<_tsukimi_v1_GetRequest__Output, _tsukimi_v1_GetReply>;
  
  /**
   * Soft pins (with a TTL) and hard pins keep blocks from eviction; a hard pin also from removal.
   */
  Pin: grpc.handleUnaryCall<_tsukimi_v1_PinRequest__Output, _tsukimi_v1_KeysReply>;
  
  /**
   * Phase two: the bytes are written to every replica; the blocks become visible.
   */
  PutEnd: grpc.handleUnaryCall<_tsukimi_v1_KeysRequest__Output, _tsukimi_v1_KeysReply>;
  
  /**
   * The write failed: release the reservations.
   */
  PutRevoke: grpc.handleUnaryCall<_tsukimi_v1_KeysRequest__Output, _tsukimi_v1_KeysReply>;
  
  /**
   * Two-phase put, phase one: reserve replicas for each block. A key already complete answers
   * "exists"; readers see nothing until PutEnd.
   */
  PutStart: grpc.handleUnaryCall<_tsukimi_v1_PutStartRequest__Output, _tsukimi_v1_PutStartReply>;
  
  /**
   * What the master saw of block reads: the sampled LRU reuse-distance histogram of the keys gets
   * asked for (the pool's hit-ratio curve, which the planner sizes DRAM by) and the decayed hits
   * of the keys named. Kept by the leading master since it started leading.
   */
  ReadStats: grpc.handleUnaryCall<_tsukimi_v1_ReadStatsRequest__Output, _tsukimi_v1_ReadStatsReply>;
  
  Remove: grpc.handleUnaryCall<_tsukimi_v1_KeysRequest__Output, _tsukimi_v1_KeysReply>;
  
  Stats: grpc.handleUnaryCall<_tsukimi_v1_StatsRequest__Output, _tsukimi_v1_StatsReply>;
  
  Unpin: grpc.handleUnaryCall<_tsukimi_v1_PinRequest__Output, _tsukimi_v1_KeysReply>;
  
}

export interface KvPoolDefinition extends grpc.ServiceDefinition {
  Exists: MethodDefinition<_tsukimi_v1_KeysRequest, _tsukimi_v1_ExistsReply, _tsukimi_v1_KeysRequest__Output, _tsukimi_v1_ExistsReply__Output>
  Get: MethodDefinition<_tsukimi_v1_GetRequest, _tsukimi_v1_GetReply, _tsukimi_v1_GetRequest__Output, _tsukimi_v1_GetReply__Output>
  Pin: MethodDefinition<_tsukimi_v1_PinRequest, _tsukimi_v1_KeysReply, _tsukimi_v1_PinRequest__Output, _tsukimi_v1_KeysReply__Output>
  PutEnd: MethodDefinition<_tsukimi_v1_KeysRequest, _tsukimi_v1_KeysReply, _tsukimi_v1_KeysRequest__Output, _tsukimi_v1_KeysReply__Output>
  PutRevoke: MethodDefinition<_tsukimi_v1_KeysRequest, _tsukimi_v1_KeysReply, _tsukimi_v1_KeysRequest__Output, _tsukimi_v1_KeysReply__Output>
  PutStart: MethodDefinition<_tsukimi_v1_PutStartRequest, _tsukimi_v1_PutStartReply, _tsukimi_v1_PutStartRequest__Output, _tsukimi_v1_PutStartReply__Output>
  ReadStats: MethodDefinition<_tsukimi_v1_ReadStatsRequest, _tsukimi_v1_ReadStatsReply, _tsukimi_v1_ReadStatsRequest__Output, _tsukimi_v1_ReadStatsReply__Output>
  Remove: MethodDefinition<_tsukimi_v1_KeysRequest, _tsukimi_v1_KeysReply, _tsukimi_v1_KeysRequest__Output, _tsukimi_v1_KeysReply__Output>
  Stats: MethodDefinition<_tsukimi_v1_StatsRequest, _tsukimi_v1_StatsReply, _tsukimi_v1_StatsRequest__Output, _tsukimi_v1_StatsReply__Output>
  Unpin: MethodDefinition<_tsukimi_v1_PinRequest, _tsukimi_v1_KeysReply, _tsukimi_v1_PinRequest__Output, _tsukimi_v1_KeysReply__Output>
}
