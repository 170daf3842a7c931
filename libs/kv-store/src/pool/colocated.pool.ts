import { type BlockKey } from '@tsukimi/kv-block';
import { type TierBytes } from '../common/tier.model';
import { type StoreMaster, type TickReport } from '../master/store.master';
import { type NodeCommandOutcome } from '../node/node-command.model';
import { type NodeStore } from '../node/node.store';
import { type TierReportQueue } from './tier-report.queue';

/** What one maintenance pass did, for logs and metrics. */
export interface MaintenanceReport {
  readonly tick: TickReport;
  readonly applied: Readonly<Record<NodeCommandOutcome, number>>;
}

/**
 * A master and one node in one process: the single-node pool. The node's tier changes reach the
 * master through the queue; the master's eviction and revoke commands are carried out on the node
 * at each maintenance pass. Block bytes stay in the node; the master only holds metadata.
 */
export class ColocatedPool {
  constructor(
    readonly master: StoreMaster,
    readonly node: NodeStore,
    private readonly reports: TierReportQueue,
  ) {}

  /** Joins the node and registers whatever it already holds (SSD blocks from an earlier run). */
  async start(): Promise<void> {
    this.reports.connect((changes) => this.master.reportTierChanges(changes));
    await this.heartbeat();
    await this.master.reconcileNode(this.node.nodeId, this.node.inventory());
  }

  /** Heartbeat, the master's maintenance (expiry, revokes, eviction), then the node follows its commands. */
  async maintain(): Promise<MaintenanceReport> {
    await this.reports.flush();
    const answer = await this.heartbeat();
    if (answer === 'joined') await this.master.reconcileNode(this.node.nodeId, this.node.inventory());
    const tick = await this.master.tick();
    const applied: Record<NodeCommandOutcome, number> = { demoted: 0, deleted: 0, absent: 0 };
    for (const command of tick.commands) {
      if (command.nodeId !== this.node.nodeId) continue;
      applied[await this.node.apply(command)] += 1;
    }
    await this.reports.flush();
    return { tick, applied };
  }

  /** Whether the node holds the key in any tier, for the data plane's write path. */
  holds(key: BlockKey): boolean {
    return this.node.tierOf(key) !== undefined;
  }

  async leave(): Promise<void> {
    await this.reports.flush();
  }

  private async heartbeat(): Promise<'joined' | 'alive'> {
    const usage = this.node.usage();
    const capacityBytes: TierBytes = usage.ssd ? { dram: usage.dram.capacityBytes, ssd: usage.ssd.capacityBytes } : { dram: usage.dram.capacityBytes };
    const usedBytes: TierBytes = usage.ssd ? { dram: usage.dram.usedBytes, ssd: usage.ssd.usedBytes } : { dram: usage.dram.usedBytes };
    const answer = await this.master.heartbeat(this.node.nodeId, { capacityBytes, usedBytes });
    if (!answer.ok) throw new Error(`the node's own heartbeat was refused: ${answer.error.reason}`);
    return answer.value;
  }
}
