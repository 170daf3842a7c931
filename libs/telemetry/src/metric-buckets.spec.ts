import { TBT_BUCKETS_SECONDS, TTFT_BUCKETS_SECONDS, withBucketEdges } from './metric-buckets';

describe('withBucketEdges', () => {
  it.each<[string, readonly number[], readonly number[], readonly number[]]>([
    ['adds an edge between two buckets', [0.1, 0.2, 0.5], [0.25], [0.1, 0.2, 0.25, 0.5]],
    ['keeps an edge that is already a bucket once', [0.1, 0.2, 0.5], [0.2], [0.1, 0.2, 0.5]],
    ['adds edges below and above the range', [0.1, 0.2], [0.05, 3], [0.05, 0.1, 0.2, 3]],
    ['adds several edges at once, sorted', [1, 2], [1.5, 0.5, 1.5], [0.5, 1, 1.5, 2]],
    ['leaves the buckets alone without edges', [1, 2], [], [1, 2]],
  ])('%s', (_what, buckets, edges, expected) => {
    expect(withBucketEdges(buckets, edges)).toEqual(expected);
  });

  it('makes the default SLOs (2 s TTFT, 200 ms TBT) edges without adding buckets', () => {
    expect(withBucketEdges(TTFT_BUCKETS_SECONDS, [2])).toEqual(TTFT_BUCKETS_SECONDS);
    expect(withBucketEdges(TBT_BUCKETS_SECONDS, [0.2])).toEqual(TBT_BUCKETS_SECONDS);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses the edge %p', (edge) => {
    expect(() => withBucketEdges([1], [edge])).toThrow(RangeError);
  });
});
