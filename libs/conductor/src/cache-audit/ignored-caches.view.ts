import { type BlockKey } from '@tsukimi/kv-block';
import { type ClusterSnapshot, type InstanceId, type PoolTier, type PrefixHit, type PrefixLookup, type PrefixMatch } from '@tsukimi/scheduler';

/**
 * The snapshot with the engine memory of `ignored` instances read as empty, so that every plugin
 * that reads the cache through the snapshot (prefix-aware, the kvcache-centric TTFT estimates,
 * session and third-party scorers alike) gives their hits no weight: the instances stay routable
 * and are scored on load. Pool tiers are untouched. With none ignored it is the snapshot itself.
 */
export function withIgnoredCaches(snapshot: ClusterSnapshot, ignored: ReadonlySet<string>): ClusterSnapshot {
  if (ignored.size === 0) return snapshot;
  const prefixes = snapshot.prefixes;
  return {
    ...snapshot,
    cachedPrefixBlocks: (id: InstanceId, keys: readonly BlockKey[]) => (ignored.has(id) ? 0 : snapshot.cachedPrefixBlocks(id, keys)),
    ...(prefixes ? { prefixes: ignoringLookup(prefixes, ignored) } : {}),
  };
}

function ignoringLookup(inner: PrefixLookup, ignored: ReadonlySet<string>): PrefixLookup {
  const matchWords = inner.matchWords?.bind(inner);
  return {
    match: (keys, words) => new IgnoringMatch(inner.match(keys, words), ignored),
    ...(matchWords ? { matchWords: (words: Uint32Array) => new IgnoringMatch(matchWords(words), ignored) } : {}),
  };
}

class IgnoringMatch implements PrefixMatch {
  constructor(
    private readonly inner: PrefixMatch,
    private readonly ignored: ReadonlySet<string>,
  ) {}

  /** Where the longest prefix is in an ignored memory, the longest elsewhere that this match can name. */
  get longestBlocks(): number {
    const device = this.bestDevice();
    return Math.max(device?.blocks ?? 0, this.bestNode('dram')?.blocks ?? 0, this.bestNode('ssd')?.blocks ?? 0);
  }

  deviceBlocks(instance: InstanceId): number {
    return this.ignored.has(instance) ? 0 : this.inner.deviceBlocks(instance);
  }

  /** None when the best memory is an ignored one: the index names only the best, and its blocks are in the pool too. */
  bestDevice(except?: InstanceId): PrefixHit | undefined {
    const best = this.inner.bestDevice(except);
    return best?.location.tier === 'device' && this.ignored.has(best.location.instance) ? undefined : best;
  }

  bestNode(tier: PoolTier): PrefixHit | undefined {
    return this.inner.bestNode(tier);
  }
}
