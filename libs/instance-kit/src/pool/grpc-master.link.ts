import { type CallOptions, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { type Address } from '@tsukimi/config';
import { type HeartbeatResponse, type InventoryItem, type LinkFailure, type MasterLink, type MemberHeartbeat, type NodeId, type ReconcileReport, type ReportOutcome, type TierChange } from '@tsukimi/kv-store';
import {
  callUnary,
  type CallFailure,
  type HeartbeatReply__Output,
  type HeartbeatRequest,
  type KvPoolMembersClient,
  type LeaveReply__Output,
  type LeaveRequest,
  type ReconcileReply__Output,
  type ReconcileRequest,
  type TierChangesReply__Output,
  type TierChangesRequest,
  tsukimiProto,
} from '@tsukimi/proto';
import { err, ok, type Result } from '@tsukimi/result';
import { allFromWire, commandFromWire, inventoryToWire, tierBytesToWire, tierChangeToWire } from './member.mapper';

const REPORT_OUTCOMES: readonly ReportOutcome[] = ['applied', 'unchanged', 'unknown-node', 'contention'];

/** A member's link to a remote master over the KvPoolMembers gRPC service. */
export class GrpcMasterLink implements MasterLink {
  private readonly stub: KvPoolMembersClient;

  constructor(
    master: Address,
    private readonly timeoutMs: number,
  ) {
    this.stub = new (tsukimiProto().tsukimi.v1.KvPoolMembers)(`${master.host}:${master.port}`, credentials.createInsecure());
  }

  async heartbeat(beat: MemberHeartbeat): Promise<Result<HeartbeatResponse, LinkFailure>> {
    const reply = await this.call<HeartbeatRequest, HeartbeatReply__Output>((r, m, o, cb) => this.stub.heartbeat(r, m, o, cb), {
      nodeId: beat.nodeId,
      dataHost: beat.data?.host ?? '',
      dataPort: beat.data?.port ?? 0,
      capacityBytes: tierBytesToWire(beat.capacityBytes),
      usedBytes: tierBytesToWire(beat.usedBytes),
    });
    if (!reply.ok) return reply;
    const commands = allFromWire(reply.value.commands, (c) => commandFromWire(beat.nodeId, c), 'commands');
    if (!commands.ok) return err({ kind: 'master-refused', message: commands.error });
    return ok({ joined: reply.value.joined, commands: commands.value });
  }

  async report(nodeId: NodeId, changes: readonly TierChange[]): Promise<Result<readonly ReportOutcome[], LinkFailure>> {
    const reply = await this.call<TierChangesRequest, TierChangesReply__Output>((r, m, o, cb) => this.stub.reportTierChanges(r, m, o, cb), {
      nodeId,
      changes: changes.map(tierChangeToWire),
    });
    if (!reply.ok) return reply;
    return ok(reply.value.outcomes.map((o) => (REPORT_OUTCOMES as readonly string[]).includes(o) ? (o as ReportOutcome) : 'contention'));
  }

  async reconcile(nodeId: NodeId, inventory: readonly InventoryItem[]): Promise<Result<ReconcileReport, LinkFailure>> {
    const reply = await this.call<ReconcileRequest, ReconcileReply__Output>((r, m, o, cb) => this.stub.reconcile(r, m, o, cb), { nodeId, items: inventory.map(inventoryToWire) });
    if (!reply.ok) return reply;
    return ok({ outcome: reply.value.known ? 'reconciled' : 'unknown-node', corrected: reply.value.corrected, dropped: reply.value.dropped });
  }

  async leave(nodeId: NodeId): Promise<Result<void, LinkFailure>> {
    const reply = await this.call<LeaveRequest, LeaveReply__Output>((r, m, o, cb) => this.stub.leave(r, m, o, cb), { nodeId });
    return reply.ok ? ok(undefined) : reply;
  }

  close(): void {
    this.stub.close();
  }

  private async call<Req, Res>(
    method: (request: Req, metadata: Metadata, options: CallOptions, callback: (error: ServiceError | null, response?: Res) => void) => unknown,
    request: Req,
  ): Promise<Result<Res, LinkFailure>> {
    const result = await callUnary(method, request, new Metadata(), this.timeoutMs);
    return result.ok ? result : err(linkFailure(result.error));
  }
}

function linkFailure(failure: CallFailure): LinkFailure {
  const refused = failure.code === status.INVALID_ARGUMENT || failure.code === status.FAILED_PRECONDITION;
  return { kind: refused ? 'master-refused' : 'master-unavailable', message: failure.details };
}
