import { nextLeaseEpoch } from './lease-epoch.rule';

describe('nextLeaseEpoch', () => {
  it.each([
    [0, 0, 1],
    [41, 10, 42],
    [5, 1_700_000_000_000, 1_700_000_000_000],
    // A clock set back never lowers the epoch.
    [1_700_000_000_000, 1_600_000_000_000, 1_700_000_000_001],
    [7, 7.9, 8],
  ])('after epoch %p at wall clock %p ms: %p', (last, nowMs, next) => {
    expect(nextLeaseEpoch(last, nowMs)).toBe(next);
  });
});
