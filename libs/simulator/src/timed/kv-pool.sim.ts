import { type BlockKey } from '@tsukimi/kv-block';
import { evictionPolicy, type EvictionPolicyType } from '@tsukimi/kv-store';
import { type PoolTier } from '@tsukimi/scheduler';
import { BlockCache } from '../cache/block.cache';

/** One kvpool node: DRAM in front, SSD behind; a block evicted from DRAM is demoted to SSD, as the pool does under pressure. */
class PoolNode {
  readonly ssd: BlockCache;
  readonly dram: BlockCache;

  constructor(policy: EvictionPolicyType, dramBlocks: number, ssdBlocks: number) {
    this.ssd = new BlockCache(evictionPolicy(policy), ssdBlocks);
    this.dram = new BlockCache(evictionPolicy(policy), dramBlocks, (id) => this.ssd.insert(id, 0));
  }
}

/** The global multi-tier pool of a Mooncake cluster: one node per cluster node, each evicting under a kvpool policy. */
export class KvPoolSim {
  private readonly nodes: PoolNode[];

  constructor(nodeCount: number, policy: EvictionPolicyType, dramBlocks: number, ssdBlocks: number) {
    this.nodes = Array.from({ length: nodeCount }, () => new PoolNode(policy, dramBlocks, ssdBlocks));
  }

  get nodeCount(): number {
    return this.nodes.length;
  }

  static nodeName(node: number): string {
    return `node-${node}`;
  }

  tier(node: number, tier: PoolTier): BlockCache {
    const n = this.nodes[node];
    if (n === undefined) throw new Error(`KvPoolSim: no node ${node}`);
    return tier === 'dram' ? n.dram : n.ssd;
  }

  /** A prefill's blocks, written to its own node's DRAM (a block already there is read, so it stays warm). */
  write(node: number, keys: readonly BlockKey[]): void {
    const dram = this.tier(node, 'dram');
    for (let i = 0; i < keys.length; i++) if (!dram.lookup(keys[i]!)) dram.insert(keys[i]!, i);
  }
}
