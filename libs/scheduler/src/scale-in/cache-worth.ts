import { type BlockKey } from '@tsukimi/kv-block';
import { type GlobalPrefixIndex } from '../index/global-prefix.index';
import { type InstanceId } from '../instance.model';
import { type InstanceCacheWorth, pickScaleInVictim } from './scale-in-victim.pick';

/** One instance of the pool being shrunk, as the registry knows it. */
export interface ScaleInCandidate {
  readonly id: InstanceId;
  /** Already leaving (removed from discovery, or picked before): never picked again. */
  readonly draining?: boolean;
}

/** The blocks only each candidate's engine memory holds, from the index: what its removal loses and whose hits weigh it. */
export function soleBlocksOf(index: Pick<GlobalPrefixIndex, 'soleDeviceBlocks'>, candidates: readonly ScaleInCandidate[]): Map<InstanceId, BlockKey[]> {
  return new Map(candidates.map((c) => [c.id, index.soleDeviceBlocks(c.id)]));
}

/**
 * Each candidate's cache worth: the recent hits (`hitsOf`, e.g. the pool master's decayed read
 * counts) its sole-held blocks take, and how many there are. Without hits every block counts 0,
 * and the pick falls to the fewest sole blocks (least cache lost, least to hand over).
 */
export function cacheWorths(soleBlocks: ReadonlyMap<InstanceId, readonly BlockKey[]>, candidates: readonly ScaleInCandidate[], hitsOf: (key: BlockKey) => number = () => 0): InstanceCacheWorth[] {
  return candidates.map((c) => {
    const keys = soleBlocks.get(c.id) ?? [];
    return { instanceId: c.id, soleBlockHits: keys.reduce((sum, key) => sum + hitsOf(key), 0), soleBlocks: keys.length, ...(c.draining ? { draining: true } : {}) };
  });
}

/** The `count` instances whose caches are worth least, least first; fewer when fewer can go. */
export function pickScaleInVictims(worths: readonly InstanceCacheWorth[], count: number): InstanceId[] {
  const left = [...worths];
  const victims: InstanceId[] = [];
  while (victims.length < count) {
    const victim = pickScaleInVictim(left);
    if (victim === undefined) break;
    victims.push(victim);
    left.splice(left.findIndex((w) => w.instanceId === victim), 1);
  }
  return victims;
}
