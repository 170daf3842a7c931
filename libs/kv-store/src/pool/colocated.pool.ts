import { type StoreMaster, type TickReport } from '../master/store.master';
import { type NodeStore } from '../node/node.store';
import { InProcessMasterLink } from './in-process.master-link';
import { type DataAddress } from './master-link.port';
import { NodeAgent, type AgentPass } from './node.agent';
import { type LeaderEpoch, PoolCoordinator } from './pool.coordinator';
import { type TierReportQueue } from './tier-report.queue';

/** What one maintenance pass did, for logs and metrics. */
export interface MaintenanceReport {
  readonly tick: TickReport;
  readonly applied: AgentPass['applied'];
}

/**
 * A master and one node in one process: the single-process pool. The node is an ordinary member
 * whose link to the master is a function call, so it goes through exactly what a remote node
 * does: heartbeats, ordered tier reports, reconcile, and commands handed over at its heartbeat.
 */
export class ColocatedPool {
  readonly coordinator: PoolCoordinator;
  private readonly agent: NodeAgent;

  constructor(
    readonly master: StoreMaster,
    readonly node: NodeStore,
    reports: TierReportQueue,
    data?: DataAddress,
    leaderEpoch?: LeaderEpoch,
  ) {
    this.coordinator = new PoolCoordinator(master, leaderEpoch);
    this.agent = new NodeAgent(node, new InProcessMasterLink(this.coordinator), reports, data);
  }

  /** Joins the node and registers whatever it already holds (SSD blocks from an earlier run). */
  async start(): Promise<void> {
    await this.agent.pass();
  }

  /** The master's maintenance (expiry, revokes, eviction), then the node's heartbeat carries out its commands. */
  async maintain(): Promise<MaintenanceReport> {
    const tick = await this.coordinator.tick();
    const pass = await this.agent.pass();
    return { tick, applied: pass.applied };
  }

  async leave(): Promise<void> {
    await this.agent.leave();
  }
}
