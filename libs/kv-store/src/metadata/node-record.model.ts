import { type NodeId } from '../common/node-id';
import { type TierBytes } from '../common/tier.model';

/** A member of the pool as its heartbeats describe it. */
export interface NodeRecord {
  readonly nodeId: NodeId;
  /** Byte budget per tier the node holds; a tier it lacks is absent. */
  readonly capacityBytes: TierBytes;
  /** What the node last said it uses, for observability; placement and eviction use the master's own ledger. */
  readonly reportedUsedBytes: TierBytes;
  /** Where the node serves block bytes, so that any master (a standby that took over too) can name its replicas. */
  readonly dataAddress?: { readonly host: string; readonly port: number };
  readonly joinedAtMs: number;
  readonly lastHeartbeatMs: number;
}
