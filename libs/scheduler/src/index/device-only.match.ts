import { type BlockKey } from '@tsukimi/kv-block';
import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type PrefixHit, type PrefixMatch } from './prefix-location.model';

/**
 * A prefix match for a snapshot without a global index: only instances' own memory, asked one
 * instance at a time through `cachedPrefixBlocks`. Pool tiers are invisible here.
 */
export class DeviceOnlyMatch implements PrefixMatch {
  readonly longestBlocks: number;
  private readonly blocks = new Map<InstanceId, number>();
  private readonly first: PrefixHit | undefined;
  private readonly second: PrefixHit | undefined;

  constructor(instances: readonly InstanceSnapshot[], keys: readonly BlockKey[], cachedPrefixBlocks: (instance: InstanceId, keys: readonly BlockKey[]) => number) {
    let first: PrefixHit | undefined;
    let second: PrefixHit | undefined;
    for (const { id } of instances) {
      const blocks = cachedPrefixBlocks(id, keys);
      this.blocks.set(id, blocks);
      if (blocks === 0) continue;
      const hit: PrefixHit = { location: { tier: 'device', instance: id }, blocks };
      if (first === undefined || blocks > first.blocks) {
        second = first;
        first = hit;
      } else if (second === undefined || blocks > second.blocks) second = hit;
    }
    this.first = first;
    this.second = second;
    this.longestBlocks = first?.blocks ?? 0;
  }

  deviceBlocks(instance: InstanceId): number {
    return this.blocks.get(instance) ?? 0;
  }

  bestDevice(except?: InstanceId): PrefixHit | undefined {
    return this.first?.location.tier === 'device' && this.first.location.instance === except ? this.second : this.first;
  }

  bestNode(): PrefixHit | undefined {
    return undefined;
  }
}
