import { type BlockKey } from '@tsukimi/kv-block';
import { instanceId, type InstanceId, type PoolTier, type PrefixHit, type PrefixLookup, type PrefixMatch } from '@tsukimi/scheduler';
import { type BlockCache } from '../cache/block.cache';
import { KvPoolSim } from './kv-pool.sim';

/**
 * The scheduler's prefix lookup port over the simulated caches themselves: exact at every
 * decision, where the conductor's `GlobalPrefixIndex` may lag the master's event stream.
 */
export class ClusterPrefixLookup implements PrefixLookup {
  constructor(
    private readonly devices: ReadonlyMap<InstanceId, BlockCache>,
    private readonly pool: KvPoolSim | undefined,
  ) {}

  match(keys: readonly BlockKey[]): PrefixMatch {
    const device = new Map<InstanceId, number>();
    let longestBlocks = 0;
    for (const [id, cache] of this.devices) {
      const blocks = cache.prefixBlocks(keys);
      device.set(id, blocks);
      longestBlocks = Math.max(longestBlocks, blocks);
    }
    const nodes: Record<PoolTier, PrefixHit | undefined> = { dram: undefined, ssd: undefined };
    for (let node = 0; node < (this.pool?.nodeCount ?? 0); node++) {
      for (const tier of ['dram', 'ssd'] as const) {
        const blocks = this.pool!.tier(node, tier).prefixBlocks(keys);
        if (blocks > (nodes[tier]?.blocks ?? 0)) nodes[tier] = { location: { tier, node: KvPoolSim.nodeName(node) }, blocks };
        longestBlocks = Math.max(longestBlocks, blocks);
      }
    }
    return {
      longestBlocks,
      deviceBlocks: (instance) => device.get(instance) ?? 0,
      bestDevice: (except) => {
        let best: PrefixHit | undefined;
        for (const [id, blocks] of device) {
          if (id !== except && blocks > (best?.blocks ?? 0)) best = { location: { tier: 'device', instance: instanceId(id) }, blocks };
        }
        return best;
      },
      bestNode: (tier) => nodes[tier],
    };
  }
}
