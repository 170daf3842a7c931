import { type NodeId } from '../common/node-id';
import { type NodeTier, type TierBytes } from '../common/tier.model';
import { type NodeRecord } from '../metadata/node-record.model';
import { type NodeSpace, type PlacementRequest, type PlacementStrategy } from '../placement/placement.port';
import { type Random } from '../common/random';
import { type MasterContext } from './master.context';
import { type NodeRegistry } from './node.registry';

/**
 * Turns a placement request into nodes: live nodes that hold the tier and have room for the block
 * by the master's ledger (pending allocations count), handed to the strategy. Two puts racing
 * can both count the same free bytes; the node then refuses one write with `no-space` and that
 * writer revokes, so the ledger never needs a lock.
 */
export class ReplicaAllocator {
  constructor(
    private readonly ctx: MasterContext,
    private readonly registry: NodeRegistry,
  ) {}

  async allocate(request: PlacementRequest & { readonly tier: NodeTier }, strategy: PlacementStrategy): Promise<readonly NodeId[]> {
    return (await this.round()).allocate(request, strategy);
  }

  /**
   * Live nodes and the ledger read once, to place a batch of blocks without reading them per
   * block. Both reads at once (over Redis, one round trip for the two rather than one for the
   * members and then one per member's ledger).
   */
  async round(): Promise<AllocationRound> {
    const [nodes, used] = await Promise.all([this.registry.placeableNodes(), this.ctx.store.usedBytesByNode()]);
    return new AllocationRound(nodes, nodes.map((node) => used.get(node.nodeId) ?? {}), this.ctx.random);
  }
}

/** Placements against one reading of the ledger; each counts the bytes the earlier ones allocated. */
export class AllocationRound {
  private readonly used: Map<NodeId, Partial<Record<NodeTier, number>>>;

  constructor(
    private readonly nodes: readonly NodeRecord[],
    used: readonly TierBytes[],
    private readonly random: Random,
  ) {
    this.used = new Map(nodes.map((node, i) => [node.nodeId, { ...used[i] }]));
  }

  allocate(request: PlacementRequest & { readonly tier: NodeTier }, strategy: PlacementStrategy): readonly NodeId[] {
    const spaces: NodeSpace[] = [];
    for (const node of this.nodes) {
      const tierCapacity = node.capacityBytes[request.tier];
      if (tierCapacity === undefined) continue;
      const used = this.used.get(node.nodeId) ?? {};
      // A node with an SSD tier makes DRAM room itself by demoting its coldest blocks, so a DRAM
      // put fits wherever DRAM and SSD together have room.
      const behind = request.tier === 'dram' && node.capacityBytes.ssd !== undefined ? { capacityBytes: node.capacityBytes.ssd, usedBytes: used.ssd ?? 0 } : { capacityBytes: 0, usedBytes: 0 };
      const capacityBytes = tierCapacity + behind.capacityBytes;
      const usedBytes = (used[request.tier] ?? 0) + behind.usedBytes;
      if (usedBytes + request.sizeBytes <= capacityBytes) spaces.push({ nodeId: node.nodeId, capacityBytes, usedBytes });
    }
    const chosen = strategy.place(request, spaces, this.random);
    for (const nodeId of chosen) {
      const used = this.used.get(nodeId);
      if (used !== undefined) used[request.tier] = (used[request.tier] ?? 0) + request.sizeBytes;
    }
    return chosen;
  }
}
