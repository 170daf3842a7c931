import { type NodeId } from '../common/node-id';
import { type Random } from '../common/random';

export const PLACEMENT_STRATEGIES = ['random', 'free-ratio-first', 'local-first'] as const;
export type PlacementStrategyType = (typeof PLACEMENT_STRATEGIES)[number];

/** A live node's room in the tier being placed into, by the master's ledger. */
export interface NodeSpace {
  readonly nodeId: NodeId;
  readonly capacityBytes: number;
  readonly usedBytes: number;
}

export interface PlacementRequest {
  readonly sizeBytes: number;
  readonly replicas: number;
  /** The writer's own node, for `local-first`; other strategies ignore it. */
  readonly preferredNode?: NodeId;
}

/** Chooses the nodes a new block's replicas go to. Pure: the same inputs and random draws give the same answer. */
export interface PlacementStrategy {
  readonly type: PlacementStrategyType;
  /**
   * Up to `request.replicas` distinct nodes out of `candidates`, every one of which already has
   * room for the block. Fewer only when there are fewer candidates.
   */
  place(request: PlacementRequest, candidates: readonly NodeSpace[], random: Random): readonly NodeId[];
}
