import { seededRandom } from '@tsukimi/kv-store';
import { ReuseDistanceHistogram } from './reuse-distance.histogram';

/** Exact LRU hits of a cache of `capacity` blocks over `reads`, for comparison. */
function lruHits(reads: readonly string[], capacity: number): number {
  const cache = new Map<string, true>();
  let hits = 0;
  for (const key of reads) {
    if (cache.delete(key)) hits += 1;
    cache.set(key, true);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
  }
  return hits / reads.length;
}

describe('ReuseDistanceHistogram', () => {
  it('a loop over N blocks hits fully with N blocks of cache and not at all with half (LRU; between powers of two the curve is interpolated)', () => {
    const histogram = new ReuseDistanceHistogram(1);
    const reads = Array.from({ length: 10 * 64 }, (_, i) => `b${i % 64}`);
    for (const key of reads) histogram.read(key, 0);
    expect(histogram.hitRatio(64)).toBeCloseTo(lruHits(reads, 64), 6);
    expect(histogram.hitRatio(32)).toBe(0);
    expect(lruHits(reads, 63)).toBe(0);
    expect(histogram.hitRatio(1e9)).toBeCloseTo(0.9, 6);
  });

  it('unsampled, it matches exact LRU at powers of two on a skewed workload', () => {
    const random = seededRandom(7);
    const reads = Array.from({ length: 20_000 }, () => `b${Math.floor(1000 * random.next() ** 3)}`);
    const histogram = new ReuseDistanceHistogram(1);
    for (const key of reads) histogram.read(key, 0);
    for (const capacity of [1, 16, 64, 256, 1024]) expect(histogram.hitRatio(capacity)).toBeCloseTo(lruHits(reads, capacity), 2);
  });

  it('sampled at 10% of keys, the curve stays within a few points of exact LRU', () => {
    const random = seededRandom(11);
    const reads = Array.from({ length: 50_000 }, () => `b${Math.floor(5000 * random.next() ** 2)}`);
    const hashes = new Map<string, number>();
    const hash01 = (key: string) => hashes.get(key) ?? hashes.set(key, random.next()).get(key)!;
    const histogram = new ReuseDistanceHistogram(0.1);
    for (const key of reads) histogram.read(key, hash01(key));
    expect(histogram.reads).toBeLessThan(reads.length / 5);
    for (const capacity of [256, 1024, 4096]) expect(Math.abs(histogram.hitRatio(capacity) - lruHits(reads, capacity))).toBeLessThan(0.05);
  });

  it('bounded: past maxTrackedKeys the oldest keys are forgotten and come back cold; the clock compacts', () => {
    const histogram = new ReuseDistanceHistogram(1, 8);
    for (let round = 0; round < 50; round++) for (let i = 0; i < 4; i++) histogram.read(`hot${i}`, 0);
    expect(histogram.hitRatio(4)).toBeCloseTo(196 / 200, 6);
    for (let i = 0; i < 16; i++) histogram.read(`cold${i}`, 0);
    histogram.read('hot0', 0); // forgotten: a cold read again
    expect(histogram.reads).toBe(217);
    expect(histogram.hitRatio(1e9)).toBeCloseTo(196 / 217, 6);
  });

  it('keys outside the sample are not recorded', () => {
    const histogram = new ReuseDistanceHistogram(0.5);
    histogram.read('a', 0.5);
    histogram.read('a', 0.9);
    expect(histogram.reads).toBe(0);
    expect(histogram.hitRatio(10)).toBe(0);
  });
});
