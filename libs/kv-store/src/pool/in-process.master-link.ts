import { ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type ReconcileReport, type ReportOutcome } from '../master/replica.reports';
import { type InventoryItem, type TierChange } from '../node/tier-change.model';
import { type HeartbeatResponse, type LeaveReport, type LinkFailure, type MasterLink, type MemberHeartbeat } from './master-link.port';
import { type PoolCoordinator } from './pool.coordinator';

/** The link of a node that lives in the master's process: the same calls, no network. */
export class InProcessMasterLink implements MasterLink {
  constructor(private readonly coordinator: PoolCoordinator) {}

  heartbeat(beat: MemberHeartbeat): Promise<Result<HeartbeatResponse, LinkFailure>> {
    return this.coordinator.heartbeat(beat);
  }

  async report(_nodeId: NodeId, changes: readonly TierChange[]): Promise<Result<readonly ReportOutcome[], LinkFailure>> {
    return ok(await this.coordinator.master.reportTierChanges(changes));
  }

  async reconcile(nodeId: NodeId, inventory: readonly InventoryItem[]): Promise<Result<ReconcileReport, LinkFailure>> {
    return ok(await this.coordinator.master.reconcileNode(nodeId, inventory));
  }

  async leave(nodeId: NodeId, drainBudgetMs?: number): Promise<Result<LeaveReport, LinkFailure>> {
    return ok(await this.coordinator.leave(nodeId, drainBudgetMs));
  }
}
