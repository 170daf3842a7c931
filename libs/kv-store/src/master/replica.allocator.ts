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
      const capacityBytes = node.capacityBytes[request.tier];
      if (capacityBytes === undefined) continue;
      const usedBytes = (await this.ctx.store.usedBytes(node.nodeId))[request.tier] ?? 0;
      if (usedBytes + request.sizeBytes <= capacityBytes) spaces.push({ nodeId: node.nodeId, capacityBytes, usedBytes });
    }
    return strategy.place(request, spaces, this.ctx.random);
  }
}
