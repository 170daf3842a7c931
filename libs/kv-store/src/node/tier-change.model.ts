import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type Tier } from '../common/tier.model';

/**
 * What happened to one block on one node. Nodes emit these as they happen; the master applies them
 * to its replica map, so it learns where blocks live without asking. Each states a fact about the
 * node's present, so applying one twice changes nothing.
 */
export type TierChange =
  | {
      readonly kind: 'stored';
      readonly nodeId: NodeId;
      readonly key: BlockKey;
      readonly tier: Tier;
      readonly sizeBytes: number;
      /** Position of the block in its request, when the reporter knows it (engines do, pool nodes do not). */
      readonly blockIndex?: number;
    }
  | { readonly kind: 'moved'; readonly nodeId: NodeId; readonly key: BlockKey; readonly from: Tier; readonly to: Tier; readonly sizeBytes: number }
  | { readonly kind: 'removed'; readonly nodeId: NodeId; readonly key: BlockKey; readonly tier: Tier; readonly reason: 'deleted' | 'corrupt' };

/** One block a holder has, as it lists them when it (re)joins or reconciles. */
export interface InventoryItem {
  readonly key: BlockKey;
  readonly tier: Tier;
  readonly sizeBytes: number;
}
