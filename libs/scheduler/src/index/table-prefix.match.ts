import { type InstanceId } from '../instance.model';
import { type PrefixHolderTable } from './prefix-holder.table';
import { type PoolTier, type PrefixHit, type PrefixMatch } from './prefix-location.model';

/**
 * A prefix match read off a holder table's per-location lengths. The best locations are found
 * in one scan up front, so Algorithm 1's per-instance questions cost no more than an array read.
 */
export class TablePrefixMatch implements PrefixMatch {
  readonly longestBlocks: number;
  private readonly firstDevice: PrefixHit | undefined;
  private readonly secondDevice: PrefixHit | undefined;
  private readonly dram: PrefixHit | undefined;
  private readonly ssd: PrefixHit | undefined;

  constructor(
    private readonly table: PrefixHolderTable,
    private readonly lengths: readonly number[],
  ) {
    let longest = 0;
    let first = -1;
    let second = -1;
    let dram = -1;
    let ssd = -1;
    for (let ordinal = 0; ordinal < lengths.length; ordinal++) {
      const blocks = lengths[ordinal]!;
      if (blocks === 0) continue;
      if (blocks > longest) longest = blocks;
      const tier = table.location(ordinal).tier;
      if (tier === 'device') {
        if (first < 0 || blocks > lengths[first]!) {
          second = first;
          first = ordinal;
        } else if (second < 0 || blocks > lengths[second]!) second = ordinal;
      } else if (tier === 'dram') {
        if (dram < 0 || blocks > lengths[dram]!) dram = ordinal;
      } else if (ssd < 0 || blocks > lengths[ssd]!) ssd = ordinal;
    }
    this.longestBlocks = longest;
    this.firstDevice = this.hit(first);
    this.secondDevice = this.hit(second);
    this.dram = this.hit(dram);
    this.ssd = this.hit(ssd);
  }

  deviceBlocks(instance: InstanceId): number {
    const ordinal = this.table.find('device', instance);
    return ordinal === undefined ? 0 : (this.lengths[ordinal] ?? 0);
  }

  bestDevice(except?: InstanceId): PrefixHit | undefined {
    const first = this.firstDevice;
    if (first === undefined || first.location.tier !== 'device' || first.location.instance !== except) return first;
    return this.secondDevice;
  }

  bestNode(tier: PoolTier): PrefixHit | undefined {
    return tier === 'dram' ? this.dram : this.ssd;
  }

  private hit(ordinal: number): PrefixHit | undefined {
    return ordinal < 0 ? undefined : { location: this.table.location(ordinal), blocks: this.lengths[ordinal]! };
  }
}
