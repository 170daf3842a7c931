import { evictionPolicy, type EvictionPolicyType } from '@tsukimi/kv-store';
import { BlockCache } from './block.cache';

/**
 * a (position 0) is read three times early, b (position 2) is read once last, c (position 1)
 * is written last and never read: the oldest access, the fewest reads and the latest position
 * are three different blocks.
 */
function primed(policy: EvictionPolicyType): BlockCache {
  const cache = new BlockCache(evictionPolicy(policy), 3);
  cache.insert('a', 0);
  for (let i = 0; i < 3; i++) cache.lookup('a');
  cache.insert('b', 2);
  cache.insert('c', 1);
  cache.lookup('b');
  return cache;
}

describe('BlockCache', () => {
  it.each([
    { policy: 'lru', victim: 'a' },
    { policy: 'lfu', victim: 'c' },
    { policy: 'length-aware', victim: 'b' },
  ] as { policy: EvictionPolicyType; victim: string }[])('evicts as the pool policy $policy orders: $victim goes', ({ policy, victim }) => {
    const cache = primed(policy);
    expect(cache.insert('d', 0)).toBe(true);
    expect(cache.sizeBlocks).toBe(3);
    expect(cache.evictedBlocks).toBe(1);
    expect(['a', 'b', 'c'].filter((id) => !cache.lookup(id))).toEqual([victim]);
  });

  it('keeps every block when unbounded and none when its capacity is 0', () => {
    const unbounded = new BlockCache(evictionPolicy('lru'), Infinity);
    const none = new BlockCache(evictionPolicy('lru'), 0);
    for (let i = 0; i < 10_000; i++) {
      unbounded.insert(`${i}`, i);
      expect(none.insert(`${i}`, i)).toBe(false);
    }
    expect([unbounded.sizeBlocks, unbounded.evictedBlocks, none.sizeBlocks]).toEqual([10_000, 0, 0]);
    expect(unbounded.lookup('0') && unbounded.lookup('9999')).toBe(true);
  });

  it('does not write a block it already holds', () => {
    const cache = new BlockCache(evictionPolicy('lru'), 2);
    expect([cache.insert('a', 0), cache.insert('a', 0)]).toEqual([true, false]);
    expect(cache.sizeBlocks).toBe(1);
  });
});
