import { type InstanceId } from '../instance.model';

/**
 * What removing one instance would cost the cluster's cache: the recent hits on blocks that only
 * its engine memory holds (the pool and other instances lack them), which would become misses.
 */
export interface InstanceCacheWorth {
  readonly instanceId: InstanceId;
  /** Prompt blocks served from blocks nobody else holds, within the caller's recent window. */
  readonly soleBlockHits: number;
  /** Blocks nobody else holds: what a drain would have to hand to the pool. */
  readonly soleBlocks: number;
  /** Already leaving: never picked again. */
  readonly draining?: boolean;
}

/**
 * The instance whose cache is worth least: fewest recent hits on blocks only it holds, then the
 * fewest such blocks (least to hand over), then the smallest id so that every caller given the
 * same view picks the same one. Undefined when every instance is draining or none is given.
 */
export function pickScaleInVictim(instances: readonly InstanceCacheWorth[]): InstanceId | undefined {
  let best: InstanceCacheWorth | undefined;
  for (const candidate of instances) {
    if (candidate.draining === true) continue;
    if (best === undefined || worthLess(candidate, best)) best = candidate;
  }
  return best?.instanceId;
}

function worthLess(a: InstanceCacheWorth, b: InstanceCacheWorth): boolean {
  if (a.soleBlockHits !== b.soleBlockHits) return a.soleBlockHits < b.soleBlockHits;
  if (a.soleBlocks !== b.soleBlocks) return a.soleBlocks < b.soleBlocks;
  return a.instanceId < b.instanceId;
}
