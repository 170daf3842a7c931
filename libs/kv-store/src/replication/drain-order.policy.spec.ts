import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { type DrainCandidate, drainOrder } from './drain-order.policy';

const key = (n: number): BlockKey => blockKeyFromU64(BigInt(n));
const block = (n: number, fields: Partial<DrainCandidate> = {}): DrainCandidate => ({ key: key(n), sizeBytes: 1024, leased: false, sole: true, reads: 0, lastAccessMs: 0, ...fields });
const order = (candidates: DrainCandidate[]): BlockKey[] => drainOrder(candidates).map((candidate) => candidate.key);

describe('drainOrder', () => {
  it.each([
    ['leased before unleased, however cold', [block(1, { reads: 90 }), block(2, { leased: true })], [2, 1]],
    ['sole replicas before extra ones, however hot the extra', [block(1, { sole: false, reads: 90 }), block(2, { reads: 1 })], [2, 1]],
    ['a leased extra replica before an unleased sole one', [block(1), block(2, { sole: false, leased: true })], [2, 1]],
    ['hottest first among equals', [block(1, { reads: 2 }), block(2, { reads: 7 }), block(3, { reads: 5 })], [2, 3, 1]],
    ['equal reads: most recently read first', [block(1, { reads: 3, lastAccessMs: 10 }), block(2, { reads: 3, lastAccessMs: 20 })], [2, 1]],
    ['all equal: by key', [block(3), block(1), block(2)], [1, 2, 3]],
  ])('%s', (_name, candidates, expected) => {
    expect(order(candidates)).toEqual(expected.map(key));
  });

  it('orders a mixed node: leased, sole by heat, extra by heat', () => {
    const candidates = [
      block(1, { sole: false, reads: 50 }),
      block(2, { reads: 1 }),
      block(3, { leased: true, reads: 0 }),
      block(4, { reads: 40 }),
      block(5, { sole: false, reads: 60 }),
    ];
    expect(order(candidates)).toEqual([3, 4, 2, 5, 1].map(key));
    expect(order([...candidates].reverse())).toEqual([3, 4, 2, 5, 1].map(key));
  });

  it('leaves its input as it was', () => {
    const candidates = [block(2), block(1)];
    drainOrder(candidates);
    expect(candidates.map((candidate) => candidate.key)).toEqual([key(2), key(1)]);
  });
});
