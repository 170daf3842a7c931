import { type CallOptions, credentials, Metadata, type ServiceError, status } from '@grpc/grpc-js';
import { type Address } from '@tsukimi/config';
import { type HeartbeatResponse, type InventoryItem, type LeaveReport, type LinkFailure, type MasterLink, type MemberHeartbeat, type NodeId, type ReconcileReport, type ReportOutcome, type TierChange } from '@tsukimi/kv-store';
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
import { serviceClientOptions, type ServiceTokens } from '@tsukimi/service-kit';
import { FailoverChannel } from './failover.channel';
import { allFromWire, commandFromWire, inventoryToWire, tierBytesToWire, tierChangeToWire } from './member.mapper';

const REPORT_OUTCOMES: readonly ReportOutcome[] = ['applied', 'unchanged', 'unknown-node', 'contention'];

/** A member's link to a remote master over the KvPoolMembers gRPC service. */
export class GrpcMasterLink implements MasterLink {
  private readonly channel: FailoverChannel<KvPoolMembersClient>;

  constructor(
    masters: readonly Address[],
    private readonly timeoutMs: number,
    /** Shown on every call: a master holding tokens refuses a member without one. */
    tokens?: Pick<ServiceTokens, 'sending'>,
  ) {
    const { KvPoolMembers } = tsukimiProto().tsukimi.v1;
    this.channel = new FailoverChannel(masters, (target) => new KvPoolMembers(target, credentials.createInsecure(), serviceClientOptions(tokens)));
  }

  async heartbeat(beat: MemberHeartbeat): Promise<Result<HeartbeatResponse, LinkFailure>> {
    const reply = await this.call<HeartbeatRequest, HeartbeatReply__Output>((stub, r, m, o, cb) => stub.heartbeat(r, m, o, cb), {
      nodeId: beat.nodeId,
      dataHost: beat.data?.host ?? '',
      dataPort: beat.data?.port ?? 0,
      capacityBytes: tierBytesToWire(beat.capacityBytes),
      usedBytes: tierBytesToWire(beat.usedBytes),
    });
    if (!reply.ok) return reply;
    const commands = allFromWire(reply.value.commands, (c) => commandFromWire(beat.nodeId, c), 'commands');
    if (!commands.ok) return err({ kind: 'master-refused', message: commands.error });
    return ok({ joined: reply.value.joined, commands: commands.value, epoch: reply.value.leaderEpoch });
  }

  async report(nodeId: NodeId, changes: readonly TierChange[]): Promise<Result<readonly ReportOutcome[], LinkFailure>> {
    const reply = await this.call<TierChangesRequest, TierChangesReply__Output>((stub, r, m, o, cb) => stub.reportTierChanges(r, m, o, cb), {
      nodeId,
      changes: changes.map(tierChangeToWire),
    });
    if (!reply.ok) return reply;
    return ok(reply.value.outcomes.map((o) => (REPORT_OUTCOMES as readonly string[]).includes(o) ? (o as ReportOutcome) : 'contention'));
  }

  async reconcile(nodeId: NodeId, inventory: readonly InventoryItem[]): Promise<Result<ReconcileReport, LinkFailure>> {
    const reply = await this.call<ReconcileRequest, ReconcileReply__Output>((stub, r, m, o, cb) => stub.reconcile(r, m, o, cb), { nodeId, items: inventory.map(inventoryToWire) });
    if (!reply.ok) return reply;
    return ok({ outcome: reply.value.known ? 'reconciled' : 'unknown-node', corrected: reply.value.corrected, dropped: reply.value.dropped });
  }

  /** A drain keeps the call open while blocks move: its deadline is the budget beyond the usual timeout. */
  async leave(nodeId: NodeId, drainBudgetMs = 0): Promise<Result<LeaveReport, LinkFailure>> {
    const reply = await this.call<LeaveRequest, LeaveReply__Output>((stub, r, m, o, cb) => stub.leave(r, m, o, cb), { nodeId, drainBudgetMs }, this.timeoutMs + drainBudgetMs);
    return reply.ok ? ok({ movedBlocks: reply.value.movedBlocks, movedBytes: reply.value.movedBytes, lostBlocks: reply.value.droppedBlocks }) : reply;
  }

  close(): void {
    this.channel.close();
  }

  private async call<Req, Res>(
    method: (stub: KvPoolMembersClient, request: Req, metadata: Metadata, options: CallOptions, callback: (error: ServiceError | null, response?: Res) => void) => unknown,
    request: Req,
    timeoutMs = this.timeoutMs,
  ): Promise<Result<Res, LinkFailure>> {
    const result = await this.channel.call((stub) => callUnary<Req, Res>((r, m, o, cb) => method(stub, r, m, o, cb), request, new Metadata(), timeoutMs));
    return result.ok ? result : err(linkFailure(result.error));
  }
}

function linkFailure(failure: CallFailure): LinkFailure {
  const refused = failure.code === status.INVALID_ARGUMENT;
  return { kind: refused ? 'master-refused' : 'master-unavailable', message: failure.details };
}
