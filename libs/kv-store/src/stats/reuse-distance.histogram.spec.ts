import { seededRandom } from '../common/random';
import { hitRatioCurve, ReuseDistanceHistogram } from './reuse-distance.histogram';

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

/** Exact reuse distances by brute force: for each read, the distinct keys read since the key's last read (undefined: first read). */
function bruteForceDistances(reads: readonly string[]): (number | undefined)[] {
  return reads.map((key, i) => {
    const last = i === 0 ? -1 : reads.lastIndexOf(key, i - 1);
    return last < 0 ? undefined : new Set(reads.slice(last + 1, i)).size;
  });
}

/** The same buckets as the histogram: 0 alone, then [2^(b-1), 2^b). */
function bucketsOf(distances: readonly (number | undefined)[]): { cold: number; counts: number[] } {
  const counts: number[] = [];
  let cold = 0;
  for (const d of distances) {
    if (d === undefined) {
      cold += 1;
      continue;
    }
    const bucket = d === 0 ? 0 : Math.floor(Math.log2(d)) + 1;
    while (counts.length <= bucket) counts.push(0);
    counts[bucket]! += 1;
  }
  return { cold, counts };
}

describe('ReuseDistanceHistogram', () => {
  it.each([
    ['a b c a b c', 'abcabc'],
    ['a a a', 'aaa'],
    ['a b a c b a d a', 'abacbada'],
  ])('unsampled, on %s it holds exactly the brute-force reuse distances', (_name, trace) => {
    const reads = [...trace];
    const histogram = new ReuseDistanceHistogram(1);
    for (const key of reads) histogram.read(key, 0);
    const { cold, counts } = bucketsOf(bruteForceDistances(reads));
    expect(histogram.snapshot()).toEqual({ sampleRate: 1, coldReads: cold, counts });
  });

  it('unsampled, on a 3,000-read skewed trace it matches brute force bucket for bucket', () => {
    const random = seededRandom(3);
    const reads = Array.from({ length: 3_000 }, () => `b${Math.floor(400 * random.next() ** 2)}`);
    const histogram = new ReuseDistanceHistogram(1);
    for (const key of reads) histogram.read(key, 0);
    const { cold, counts } = bucketsOf(bruteForceDistances(reads));
    expect(histogram.snapshot()).toEqual({ sampleRate: 1, coldReads: cold, counts });
  });

  it('sampled at 10%, the scaled histogram stays within 5 points of brute force at every power of two (the error SHARDS states for rates near 0.1)', () => {
    const random = seededRandom(5);
    const reads = Array.from({ length: 20_000 }, () => `b${Math.floor(3000 * random.next() ** 2)}`);
    const exact = bucketsOf(bruteForceDistances(reads));
    const exactCurve = hitRatioCurve({ sampleRate: 1, coldReads: exact.cold, counts: exact.counts });
    const hashes = new Map<string, number>();
    const hash01 = (key: string) => hashes.get(key) ?? hashes.set(key, random.next()).get(key)!;
    const histogram = new ReuseDistanceHistogram(0.1);
    for (const key of reads) histogram.read(key, hash01(key));
    for (const capacity of [64, 256, 1024, 4096]) expect(Math.abs(histogram.hitRatio(capacity) - exactCurve.hitRatio(capacity))).toBeLessThan(0.05);
  });

  it('a snapshot draws the same curve elsewhere (the planner reads it off the wire)', () => {
    const histogram = new ReuseDistanceHistogram(1);
    for (const key of 'abcabcaabbcc') histogram.read(key, 0);
    const curve = hitRatioCurve(JSON.parse(JSON.stringify(histogram.snapshot())));
    for (const capacity of [0, 1, 2, 3, 4, 100]) expect(curve.hitRatio(capacity)).toBe(histogram.hitRatio(capacity));
  });

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
