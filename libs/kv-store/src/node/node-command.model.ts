import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';

/**
 * What the master asks a node to do with a block it holds. Commands are values: the master returns
 * them and the adapter delivers them; a node applies a command for a block it lacks as a no-op.
 */
export type NodeCommand =
  /** Move the block from DRAM to SSD, or drop it when the SSD cannot take it. */
  | { readonly kind: 'demote'; readonly nodeId: NodeId; readonly key: BlockKey }
  /** Drop the node's copy, whatever tier it is in. */
  | { readonly kind: 'delete'; readonly nodeId: NodeId; readonly key: BlockKey };

export type NodeCommandOutcome = 'demoted' | 'deleted' | 'absent';
