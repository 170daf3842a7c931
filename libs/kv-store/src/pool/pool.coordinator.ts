import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type ReplicationReport } from '../master/hot-spot.replicator';
import { type StoreMaster, type TickReport } from '../master/store.master';
import { type NodeCommand } from '../node/node-command.model';
import { type DataAddress, type HeartbeatResponse, type LeaveReport, type LinkFailure, type MemberHeartbeat } from './master-link.port';
import { NodeDirectory } from './node.directory';

/** The epoch of the tenure this master leads in now; undefined while it does not lead. */
export type LeaderEpoch = () => number | undefined;

/** A master that campaigns with no one: it leads alone, in the first tenure. */
const ALONE: LeaderEpoch = () => 1;

/**
 * The master's side of pool membership: heartbeats (with each member's data address), and the
 * commands the master's decisions produce, queued per member and handed over with its next
 * heartbeat. Commands are idempotent facts about what a member should no longer hold, so a
 * command delivered late or twice does no harm, save a delete of a block put there again since:
 * a put start withdraws those. Each answer carries the epoch of the tenure it was given in, for
 * members to fence off a master that was deposed while it answered.
 */
export class PoolCoordinator {
  readonly directory = new NodeDirectory();
  private readonly queued = new Map<NodeId, NodeCommand[]>();

  constructor(
    readonly master: StoreMaster,
    private readonly leaderEpoch: LeaderEpoch = ALONE,
  ) {}

  async heartbeat(beat: MemberHeartbeat): Promise<Result<HeartbeatResponse, LinkFailure>> {
    const epoch = this.leaderEpoch();
    if (epoch === undefined) return err({ kind: 'master-unavailable', message: 'this kvpool master does not lead' });
    const answer = await this.master.heartbeat(beat.nodeId, { capacityBytes: beat.capacityBytes, usedBytes: beat.usedBytes, ...(beat.data ? { dataAddress: beat.data } : {}) });
    if (!answer.ok) return err({ kind: 'master-refused', message: answer.error.reason });
    this.directory.register(beat.nodeId, beat.data);
    const commands = this.queued.get(beat.nodeId) ?? [];
    this.queued.delete(beat.nodeId);
    return ok({ joined: answer.value === 'joined', commands, epoch });
  }

  /**
   * Where a member serves block bytes: from this master's own heartbeats, else from the member's
   * record, which a master that just took over has not heard from yet.
   */
  async addressOf(nodeId: NodeId): Promise<DataAddress | undefined> {
    const known = this.directory.addressOf(nodeId);
    if (known !== undefined) return known;
    for (const node of await this.master.liveNodes()) if (node.dataAddress) this.directory.register(node.nodeId, node.dataAddress);
    return this.directory.addressOf(nodeId);
  }

  /** Queues commands for their members (from revokes, removals and maintenance). */
  enqueue(commands: readonly NodeCommand[]): void {
    for (const command of commands) {
      const list = this.queued.get(command.nodeId) ?? [];
      list.push(command);
      this.queued.set(command.nodeId, list);
    }
  }

  /**
   * A put has placed `key` on `nodeIds` again: deletes still queued for it there (from a revoked
   * put or a removal of the block before) would drop the new write at the member's next heartbeat.
   */
  withdrawDeletes(key: BlockKey, nodeIds: readonly NodeId[]): void {
    for (const nodeId of nodeIds) {
      const list = this.queued.get(nodeId);
      if (list) this.queued.set(nodeId, list.filter((command) => command.kind !== 'delete' || command.key !== key));
    }
  }

  /** One maintenance pass of the master; departed members are forgotten with their queued commands. */
  async tick(): Promise<TickReport> {
    const report = await this.master.tick();
    for (const departed of report.departedNodes) {
      this.directory.forget(departed.nodeId);
      this.queued.delete(departed.nodeId);
    }
    this.enqueue(report.commands);
    return report;
  }

  /** One hot-spot replication pass; the replicas it drops are deleted at their nodes' next heartbeat. */
  async replicate(): Promise<ReplicationReport> {
    const report = await this.master.replicateHot();
    this.enqueue(report.commands);
    return report;
  }

  async leave(nodeId: NodeId, drainBudgetMs = 0): Promise<LeaveReport> {
    const departure = await this.master.leave(nodeId, drainBudgetMs);
    this.directory.forget(nodeId);
    this.queued.delete(nodeId);
    const moved = departure !== undefined && 'movedBlocks' in departure ? departure : { movedBlocks: 0, movedBytes: 0 };
    return { movedBlocks: moved.movedBlocks, movedBytes: moved.movedBytes, lostBlocks: departure?.droppedBlocks ?? 0 };
  }

  /** Commands waiting for a member's next heartbeat. */
  pendingCommands(nodeId: NodeId): number {
    return this.queued.get(nodeId)?.length ?? 0;
  }
}
