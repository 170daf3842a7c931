import { type NodeId } from '../common/node-id';
import { type NodeTier } from '../common/tier.model';
import { type NodeSpace, type PlacementRequest, type PlacementStrategy } from '../placement/placement.port';
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
    const spaces: NodeSpace[] = [];
    for (const node of await this.registry.liveNodes()) {
      const tierCapacity = node.capacityBytes[request.tier];
      if (tierCapacity === undefined) continue;
      const used = await this.ctx.store.usedBytes(node.nodeId);
      // A node with an SSD tier makes DRAM room itself by demoting its coldest blocks, so a DRAM
      // put fits wherever DRAM and SSD together have room.
      const behind = request.tier === 'dram' && node.capacityBytes.ssd !== undefined ? { capacityBytes: node.capacityBytes.ssd, usedBytes: used.ssd ?? 0 } : { capacityBytes: 0, usedBytes: 0 };
      const capacityBytes = tierCapacity + behind.capacityBytes;
      const usedBytes = (used[request.tier] ?? 0) + behind.usedBytes;
      if (usedBytes + request.sizeBytes <= capacityBytes) spaces.push({ nodeId: node.nodeId, capacityBytes, usedBytes });
    }
    return strategy.place(request, spaces, this.ctx.random);
  }
}
