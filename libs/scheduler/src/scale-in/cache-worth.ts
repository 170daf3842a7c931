import { type GlobalPrefixIndex } from '../index/global-prefix.index';
import { type InstanceId } from '../instance.model';
import { type InstanceCacheWorth, pickScaleInVictim } from './scale-in-victim.pick';

/** One instance of the pool being shrunk, as the registry knows it. */
export interface ScaleInCandidate {
  readonly id: InstanceId;
  /** Already leaving (removed from discovery, or picked before): never picked again. */
  readonly draining?: boolean;
}

/**
 * Each candidate's cache worth from the index: the blocks only its engine memory holds. The index
 * records where blocks are, not how often they are read, so `soleBlockHits` is 0 for every
 * instance and the pick falls to the fewest sole blocks (least cache lost, least to hand over).
 */
export function cacheWorths(index: Pick<GlobalPrefixIndex, 'soleDeviceBlocks'>, candidates: readonly ScaleInCandidate[]): InstanceCacheWorth[] {
  return candidates.map((c) => ({ instanceId: c.id, soleBlockHits: 0, soleBlocks: index.soleDeviceBlocks(c.id), ...(c.draining ? { draining: true } : {}) }));
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
