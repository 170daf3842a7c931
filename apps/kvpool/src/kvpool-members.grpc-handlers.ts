import { type sendUnaryData, type ServerUnaryCall, status } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { allFromWire, commandToWire, inventoryFromWire, nodeIdFromWire, tierBytesFromWire, tierChangeFromWire } from '@tsukimi/instance-kit';
import { type PoolCoordinator } from '@tsukimi/kv-store';
import {
  type HeartbeatReply,
  type HeartbeatRequest__Output,
  type LeaveReply,
  type LeaveRequest__Output,
  type ReconcileReply,
  type ReconcileRequest__Output,
  type TierChangesReply,
  type TierChangesRequest__Output,
} from '@tsukimi/proto';
import { LOGGER } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';
import { COORDINATOR } from './kvpool.tokens';

/**
 * The KvPoolMembers service: nodes and engine instances join, report and reconcile here. A
 * member may only speak for itself: every change it reports is recorded under its own node id.
 */
@Injectable()
export class KvPoolMembersGrpcHandlers {
  constructor(
    @Inject(COORDINATOR) private readonly pool: PoolCoordinator,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  handlers() {
    return {
      heartbeat: this.heartbeat.bind(this),
      reportTierChanges: this.reportTierChanges.bind(this),
      reconcile: this.reconcile.bind(this),
      leave: this.leave.bind(this),
    };
  }

  async heartbeat(call: ServerUnaryCall<HeartbeatRequest__Output, HeartbeatReply>, callback: sendUnaryData<HeartbeatReply>): Promise<void> {
    const request = call.request;
    const nodeId = nodeIdFromWire(request.nodeId);
    if (!nodeId.ok) return callback({ code: status.INVALID_ARGUMENT, details: nodeId.error });
    const capacityBytes = tierBytesFromWire(request.capacityBytes);
    const usedBytes = tierBytesFromWire(request.usedBytes);
    if (!capacityBytes.ok || !usedBytes.ok) return callback({ code: status.INVALID_ARGUMENT, details: `capacity_bytes/used_bytes: ${capacityBytes.ok ? (usedBytes.ok ? '' : usedBytes.error) : capacityBytes.error}` });
    if (request.dataHost !== '' && !(request.dataPort > 0 && request.dataPort < 65536)) return callback({ code: status.INVALID_ARGUMENT, details: `data_port: expected 1-65535, got ${request.dataPort}` });
    const answer = await this.pool.heartbeat({
      nodeId: nodeId.value,
      ...(request.dataHost !== '' ? { data: { host: request.dataHost, port: request.dataPort } } : {}),
      capacityBytes: capacityBytes.value,
      usedBytes: usedBytes.value,
    });
    // A master that lost its lease while answering is a standby now: the member asks the next one.
    if (!answer.ok) return callback({ code: answer.error.kind === 'master-unavailable' ? status.FAILED_PRECONDITION : status.INVALID_ARGUMENT, details: answer.error.message });
    callback(null, { joined: answer.value.joined, commands: answer.value.commands.map(commandToWire), leaderEpoch: answer.value.epoch });
  }

  async reportTierChanges(call: ServerUnaryCall<TierChangesRequest__Output, TierChangesReply>, callback: sendUnaryData<TierChangesReply>): Promise<void> {
    const nodeId = nodeIdFromWire(call.request.nodeId);
    if (!nodeId.ok) return callback({ code: status.INVALID_ARGUMENT, details: nodeId.error });
    const changes = allFromWire(call.request.changes, (c) => tierChangeFromWire(nodeId.value, c), 'changes');
    if (!changes.ok) return callback({ code: status.INVALID_ARGUMENT, details: changes.error });
    callback(null, { outcomes: await this.pool.master.reportTierChanges(changes.value) });
  }

  async reconcile(call: ServerUnaryCall<ReconcileRequest__Output, ReconcileReply>, callback: sendUnaryData<ReconcileReply>): Promise<void> {
    const nodeId = nodeIdFromWire(call.request.nodeId);
    if (!nodeId.ok) return callback({ code: status.INVALID_ARGUMENT, details: nodeId.error });
    const items = allFromWire(call.request.items, inventoryFromWire, 'items');
    if (!items.ok) return callback({ code: status.INVALID_ARGUMENT, details: items.error });
    const report = await this.pool.master.reconcileNode(nodeId.value, items.value);
    callback(null, { known: report.outcome === 'reconciled', corrected: report.corrected, dropped: report.dropped });
  }

  async leave(call: ServerUnaryCall<LeaveRequest__Output, LeaveReply>, callback: sendUnaryData<LeaveReply>): Promise<void> {
    const nodeId = nodeIdFromWire(call.request.nodeId);
    if (!nodeId.ok) return callback({ code: status.INVALID_ARGUMENT, details: nodeId.error });
    const departure = await this.pool.master.leave(nodeId.value, call.request.drainBudgetMs);
    this.pool.directory.forget(nodeId.value);
    const moved = departure !== undefined && 'movedBlocks' in departure ? departure : undefined;
    if (moved) this.logger.info('node drained and left', { nodeId: nodeId.value, movedBlocks: moved.movedBlocks, movedBytes: moved.movedBytes, lostBlocks: moved.droppedBlocks, failedCopies: moved.failedCopies, budgetSpent: moved.budgetSpent });
    callback(null, { droppedReplicas: departure?.droppedReplicas ?? 0, droppedBlocks: departure?.droppedBlocks ?? 0, movedBlocks: moved?.movedBlocks ?? 0, movedBytes: moved?.movedBytes ?? 0 });
  }
}
