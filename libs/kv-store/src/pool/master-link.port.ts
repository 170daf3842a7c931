import { type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type TierBytes } from '../common/tier.model';
import { type ReconcileReport, type ReportOutcome } from '../master/replica.reports';
import { type NodeCommand } from '../node/node-command.model';
import { type InventoryItem, type TierChange } from '../node/tier-change.model';

/** Where a member serves block bytes; absent for a member that serves none over the pool's data plane. */
export interface DataAddress {
  readonly host: string;
  readonly port: number;
}

export interface MemberHeartbeat {
  readonly nodeId: NodeId;
  readonly data?: DataAddress;
  readonly capacityBytes: TierBytes;
  readonly usedBytes: TierBytes;
}

export interface HeartbeatResponse {
  /** The master did not know the member (first contact, or it had expired it): send the inventory. */
  readonly joined: boolean;
  /** What the master wants done with blocks the member holds. */
  readonly commands: readonly NodeCommand[];
  /** The leadership epoch the master answered in (LeaseTenure): a member refuses commands from an epoch below the highest it saw. */
  readonly epoch: number;
}

/** What a member's leave came to: the blocks the master moved off it first, and those lost with it. */
export interface LeaveReport {
  readonly movedBlocks: number;
  readonly movedBytes: number;
  /** Blocks only the member held when it left, now gone from the pool. */
  readonly lostBlocks: number;
}

/** The master could not be reached or refused the call; the member retries at its next pass. */
export interface LinkFailure {
  readonly kind: 'master-unavailable' | 'master-refused';
  readonly message: string;
}

/** A member's line to the master: in process for a colocated node, gRPC for a remote one. */
export interface MasterLink {
  heartbeat(beat: MemberHeartbeat): Promise<Result<HeartbeatResponse, LinkFailure>>;
  report(nodeId: NodeId, changes: readonly TierChange[]): Promise<Result<readonly ReportOutcome[], LinkFailure>>;
  reconcile(nodeId: NodeId, inventory: readonly InventoryItem[]): Promise<Result<ReconcileReport, LinkFailure>>;
  /**
   * Leaves the pool. With `drainBudgetMs` above 0 the master first moves the member's blocks to
   * other members, for up to that long, reading them from the member (keep serving until this
   * resolves).
   */
  leave(nodeId: NodeId, drainBudgetMs?: number): Promise<Result<LeaveReport, LinkFailure>>;
}
