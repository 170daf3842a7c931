// Original file: libs/proto/proto/tsukimi/v1/kvpool.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { HeartbeatReply as _tsukimi_v1_HeartbeatReply, HeartbeatReply__Output as _tsukimi_v1_HeartbeatReply__Output } from '../../tsukimi/v1/HeartbeatReply';
import type { HeartbeatRequest as _tsukimi_v1_HeartbeatRequest, HeartbeatRequest__Output as _tsukimi_v1_HeartbeatRequest__Output } from '../../tsukimi/v1/HeartbeatRequest';
import type { LeaveReply as _tsukimi_v1_LeaveReply, LeaveReply__Output as _tsukimi_v1_LeaveReply__Output } from '../../tsukimi/v1/LeaveReply';
import type { LeaveRequest as _tsukimi_v1_LeaveRequest, LeaveRequest__Output as _tsukimi_v1_LeaveRequest__Output } from '../../tsukimi/v1/LeaveRequest';
import type { ReconcileReply as _tsukimi_v1_ReconcileReply, ReconcileReply__Output as _tsukimi_v1_ReconcileReply__Output } from '../../tsukimi/v1/ReconcileReply';
import type { ReconcileRequest as _tsukimi_v1_ReconcileRequest, ReconcileRequest__Output as _tsukimi_v1_ReconcileRequest__Output } from '../../tsukimi/v1/ReconcileRequest';
import type { TierChangesReply as _tsukimi_v1_TierChangesReply, TierChangesReply__Output as _tsukimi_v1_TierChangesReply__Output } from '../../tsukimi/v1/TierChangesReply';
import type { TierChangesRequest as _tsukimi_v1_TierChangesRequest, TierChangesRequest__Output as _tsukimi_v1_TierChangesRequest__Output } from '../../tsukimi/v1/TierChangesRequest';

/**
 * The pool's members: kvpool nodes, and engine instances whose memory is the device tier, join by
 * heartbeat and report what they hold. The master answers each heartbeat with the commands
 * (demote, delete) it has for the member.
 */
export interface KvPoolMembersClient extends grpc.Client {
  Heartbeat(argument: _tsukimi_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tsukimi_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tsukimi_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  Heartbeat(argument: _tsukimi_v1_HeartbeatRequest, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsukimi_v1_HeartbeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsukimi_v1_HeartbeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsukimi_v1_HeartbeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  heartbeat(argument: _tsukimi_v1_HeartbeatRequest, callback: grpc.requestCallback<_tsukimi_v1_HeartbeatReply__Output>): grpc.ClientUnaryCall;
  
  Leave(argument: _tsukimi_v1_LeaveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  Leave(argument: _tsukimi_v1_LeaveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  Leave(argument: _tsukimi_v1_LeaveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  Leave(argument: _tsukimi_v1_LeaveRequest, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  leave(argument: _tsukimi_v1_LeaveRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  leave(argument: _tsukimi_v1_LeaveRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  leave(argument: _tsukimi_v1_LeaveRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  leave(argument: _tsukimi_v1_LeaveRequest, callback: grpc.requestCallback<_tsukimi_v1_LeaveReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * The member's whole inventory, after it (re)joined or lost reports.
   */
  Reconcile(argument: _tsukimi_v1_ReconcileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  Reconcile(argument: _tsukimi_v1_ReconcileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  Reconcile(argument: _tsukimi_v1_ReconcileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  Reconcile(argument: _tsukimi_v1_ReconcileRequest, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  /**
   * The member's whole inventory, after it (re)joined or lost reports.
   */
  reconcile(argument: _tsukimi_v1_ReconcileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  reconcile(argument: _tsukimi_v1_ReconcileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  reconcile(argument: _tsukimi_v1_ReconcileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  reconcile(argument: _tsukimi_v1_ReconcileRequest, callback: grpc.requestCallback<_tsukimi_v1_ReconcileReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Tier changes in the order they happened on the member.
   */
  ReportTierChanges(argument: _tsukimi_v1_TierChangesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  ReportTierChanges(argument: _tsukimi_v1_TierChangesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  ReportTierChanges(argument: _tsukimi_v1_TierChangesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  ReportTierChanges(argument: _tsukimi_v1_TierChangesRequest, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  /**
   * Tier changes in the order they happened on the member.
   */
  reportTierChanges(argument: _tsukimi_v1_TierChangesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  reportTierChanges(argument: _tsukimi_v1_TierChangesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  reportTierChanges(argument: _tsukimi_v1_TierChangesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  reportTierChanges(argument: _tsukimi_v1_TierChangesRequest, callback: grpc.requestCallback<_tsukimi_v1_TierChangesReply__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The pool's members: kvpool nodes, and engine instances whose memory is the device tier, join by
 * heartbeat and report what they hold. The master answers each heartbeat with the commands
 * (demote, delete) it has for the member.
 */
export interface KvPoolMembersHandlers extends grpc.UntypedServiceImplementation {
  Heartbeat: grpc.handleUnaryCall<_tsukimi_v1_HeartbeatRequest__Output, _tsukimi_v1_HeartbeatReply>;
  
  Leave: grpc.handleUnaryCall<_tsukimi_v1_LeaveRequest__Output, _tsukimi_v1_LeaveReply>;
  
  /**
   * The member's whole inventory, after it (re)joined or lost reports.
   */
  Reconcile: grpc.handleUnaryCall<_tsukimi_v1_ReconcileRequest__Output, _tsukimi_v1_ReconcileReply>;
  
  /**
   * Tier changes in the order they happened on the member.
   */
  ReportTierChanges: grpc.handleUnaryCall<_tsukimi_v1_TierChangesRequest__Output, _tsukimi_v1_TierChangesReply>;
  
}

export interface KvPoolMembersDefinition extends grpc.ServiceDefinition {
  Heartbeat: MethodDefinition<_tsukimi_v1_HeartbeatRequest, _tsukimi_v1_HeartbeatReply, _tsukimi_v1_HeartbeatRequest__Output, _tsukimi_v1_HeartbeatReply__Output>
  Leave: MethodDefinition<_tsukimi_v1_LeaveRequest, _tsukimi_v1_LeaveReply, _tsukimi_v1_LeaveRequest__Output, _tsukimi_v1_LeaveReply__Output>
  Reconcile: MethodDefinition<_tsukimi_v1_ReconcileRequest, _tsukimi_v1_ReconcileReply, _tsukimi_v1_ReconcileRequest__Output, _tsukimi_v1_ReconcileReply__Output>
  ReportTierChanges: MethodDefinition<_tsukimi_v1_TierChangesRequest, _tsukimi_v1_TierChangesReply, _tsukimi_v1_TierChangesRequest__Output, _tsukimi_v1_TierChangesReply__Output>
}
