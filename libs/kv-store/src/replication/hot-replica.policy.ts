import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';

export interface ReplicaPolicyOptions {
  readonly hotReplicas: number;
  readonly hotReadsPerWindow: number;
  readonly maxCopiesPerPass: number;
}

/** One complete block as the policy sees it. */
export interface BlockReplicas {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  readonly readsInWindow: number;
  /** Every node holding a copy, the original holders first. */
  readonly holders: readonly NodeId[];
  /** The holders that hot-spot replication added, oldest first; only these are ever dropped. */
  readonly added: readonly NodeId[];
  /** A reader holds a lease: none of its replicas may be dropped now. */
  readonly leased: boolean;
}

/** A node that could take a copy, with the bytes it has free below the eviction watermark. */
export interface NodeRoom {
  readonly nodeId: NodeId;
  readonly freeBytes: number;
}

export interface ReplicaCopy {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  readonly readsInWindow: number;
  readonly sources: readonly NodeId[];
  readonly target: NodeId;
}

export interface ReplicaDrop {
  readonly key: BlockKey;
  readonly readsInWindow: number;
  readonly nodeId: NodeId;
}

export interface ReplicaPlan {
  readonly copies: readonly ReplicaCopy[];
  readonly drops: readonly ReplicaDrop[];
  /** Hot blocks left short of their target because no node had room (or the pass's copies ran out). */
  readonly shortOfRoom: readonly BlockKey[];
}

/**
 * Replicas a block should have: its base count (what its put placed) while it is cold, and one
 * more per `hotReadsPerWindow` reads once hot, up to `hotReplicas`.
 */
export function targetReplicas(readsInWindow: number, baseReplicas: number, options: ReplicaPolicyOptions): number {
  if (readsInWindow < options.hotReadsPerWindow) return baseReplicas;
  return Math.max(baseReplicas, Math.min(options.hotReplicas, baseReplicas + Math.floor(readsInWindow / options.hotReadsPerWindow)));
}

/**
 * Which copies to make and which added replicas to drop. Hottest blocks first, so the room goes
 * where the demand is. Copies go only into room free below the watermark, most free first: making
 * a replica never evicts anything, so a hotter block never loses its place to a cooler one's copy.
 * Cooled blocks shed the replicas this policy added (newest first) down to their target, never
 * below their base count and never while a reader holds a lease.
 */
export function planReplicas(blocks: readonly BlockReplicas[], nodes: readonly NodeRoom[], options: ReplicaPolicyOptions): ReplicaPlan {
  const free = new Map(nodes.map((node) => [node.nodeId, node.freeBytes]));
  const copies: ReplicaCopy[] = [];
  const drops: ReplicaDrop[] = [];
  const shortOfRoom: BlockKey[] = [];
  for (const block of [...blocks].sort((a, b) => b.readsInWindow - a.readsInWindow)) {
    const base = Math.max(1, block.holders.length - block.added.length);
    const target = targetReplicas(block.readsInWindow, base, options);
    if (block.holders.length > target) {
      if (block.leased) continue;
      const surplus = Math.min(block.holders.length - target, block.added.length);
      for (const nodeId of block.added.slice(-surplus).reverse()) drops.push({ key: block.key, readsInWindow: block.readsInWindow, nodeId });
      continue;
    }
    const holders = [...block.holders];
    while (holders.length < target && copies.length < options.maxCopiesPerPass) {
      const node = roomiest(free, block.sizeBytes, holders);
      if (node === undefined) break;
      free.set(node, (free.get(node) as number) - block.sizeBytes);
      copies.push({ key: block.key, sizeBytes: block.sizeBytes, readsInWindow: block.readsInWindow, sources: block.holders, target: node });
      holders.push(node);
    }
    if (holders.length < target) shortOfRoom.push(block.key);
  }
  return { copies, drops, shortOfRoom };
}

function roomiest(free: ReadonlyMap<NodeId, number>, sizeBytes: number, holders: readonly NodeId[]): NodeId | undefined {
  let best: NodeId | undefined;
  for (const [nodeId, bytes] of free) {
    if (bytes < sizeBytes || holders.includes(nodeId)) continue;
    if (best === undefined || bytes > (free.get(best) as number)) best = nodeId;
  }
  return best;
}
