import { type Result } from '@tsukimi/result';
import { type TierBytes } from '../common/tier.model';
import { EpochFence } from '../node/epoch.fence';
import { type NodeCommandOutcome } from '../node/node-command.model';
import { type NodeStore } from '../node/node.store';
import { type DataAddress, type HeartbeatResponse, type LeaveReport, type LinkFailure, type MasterLink } from './master-link.port';
import { type TierReportQueue } from './tier-report.queue';

/** What one pass of the agent did. */
export interface AgentPass {
  readonly reachedMaster: boolean;
  /** The node is leaving or has left: the pass sent nothing, since a heartbeat would make the master take it back. */
  readonly left?: true;
  readonly reconciled: boolean;
  /** What the reconcile changed at the master, when one ran. */
  readonly reconcile?: { readonly inventory: number; readonly corrected: number; readonly dropped: number };
  readonly applied: Readonly<Record<NodeCommandOutcome, number>>;
  /** The master answered in an epoch below the highest this node saw: its commands were refused, and how many. */
  readonly staleEpoch?: { readonly epoch: number; readonly highestEpoch: number; readonly refusedCommands: number };
}

/**
 * A kvpool node's side of membership: heartbeats with its usage and data address, its tier
 * changes forwarded in order, the master's commands carried out, and a full reconcile whenever
 * the master did not know it or a report was lost (the master may have missed changes). A master
 * answering in an epoch older than one the node has seen is deposed: nothing it says is acted on.
 * Once the node starts to leave it heartbeats no more, and its leave waits for a pass under way:
 * a heartbeat the master handled after the leave would find no record and take the node back
 * (`joined`, then a reconcile registering its blocks again) as it was shutting down.
 */
export class NodeAgent {
  readonly fence = new EpochFence();
  private needsReconcile = true;
  private passing: Promise<AgentPass> | undefined;
  private leaving = false;

  constructor(
    private readonly node: NodeStore,
    private readonly link: MasterLink,
    private readonly reports: TierReportQueue,
    private readonly data?: DataAddress,
  ) {
    reports.connect(async (changes) => {
      const outcome = await link.report(node.nodeId, changes);
      if (!outcome.ok || outcome.value.includes('unknown-node')) this.needsReconcile = true;
      return outcome.ok ? outcome.value : [];
    });
  }

  /** Heartbeat, reconcile when needed, then the commands the master sent; nothing once the node is leaving. */
  pass(): Promise<AgentPass> {
    if (this.leaving) return Promise.resolve({ reachedMaster: false, reconciled: false, applied: { demoted: 0, deleted: 0, absent: 0 }, left: true });
    const passing = this.heartbeatPass();
    this.passing = passing;
    return passing.finally(() => {
      if (this.passing === passing) this.passing = undefined;
    });
  }

  private async heartbeatPass(): Promise<AgentPass> {
    const applied: Record<NodeCommandOutcome, number> = { demoted: 0, deleted: 0, absent: 0 };
    await this.reports.flush();
    const beat = await this.heartbeat();
    if (!beat.ok) {
      this.needsReconcile = true;
      return { reachedMaster: false, reconciled: false, applied };
    }
    if (this.fence.admit(beat.value.epoch) === 'stale') {
      this.needsReconcile = true;
      const staleEpoch = { epoch: beat.value.epoch, highestEpoch: this.fence.highestEpoch, refusedCommands: beat.value.commands.length };
      return { reachedMaster: false, reconciled: false, applied, staleEpoch };
    }
    let reconcile: AgentPass['reconcile'];
    if (beat.value.joined || this.needsReconcile) {
      let inventory = 0;
      const report = await this.reports.exclusive(() => {
        const items = this.node.inventory();
        inventory = items.length;
        return this.link.reconcile(this.node.nodeId, items);
      });
      if (report.ok && report.value.outcome === 'reconciled') reconcile = { inventory, corrected: report.value.corrected, dropped: report.value.dropped };
      this.needsReconcile = reconcile === undefined;
    }
    for (const command of beat.value.commands) applied[await this.node.apply(command)] += 1;
    await this.reports.flush();
    return { reachedMaster: true, reconciled: reconcile !== undefined, ...(reconcile ? { reconcile } : {}), applied };
  }

  /**
   * Tells the master the node is going, so no reader is sent to it; with `drainBudgetMs`, the
   * master first moves its blocks elsewhere (the data plane must serve until this resolves).
   */
  async leave(drainBudgetMs?: number): Promise<Result<LeaveReport, LinkFailure>> {
    this.leaving = true;
    await this.passing;
    await this.reports.flush();
    return this.link.leave(this.node.nodeId, drainBudgetMs);
  }

  private heartbeat(): Promise<Result<HeartbeatResponse, LinkFailure>> {
    const usage = this.node.usage();
    const capacityBytes: TierBytes = usage.ssd ? { dram: usage.dram.capacityBytes, ssd: usage.ssd.capacityBytes } : { dram: usage.dram.capacityBytes };
    const usedBytes: TierBytes = usage.ssd ? { dram: usage.dram.usedBytes, ssd: usage.ssd.usedBytes } : { dram: usage.dram.usedBytes };
    return this.link.heartbeat({ nodeId: this.node.nodeId, ...(this.data ? { data: this.data } : {}), capacityBytes, usedBytes });
  }
}
