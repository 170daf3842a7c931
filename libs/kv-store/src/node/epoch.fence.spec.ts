import { EpochFence } from './epoch.fence';

describe('EpochFence', () => {
  it.each<[readonly number[], readonly string[], number]>([
    [[1, 1, 2, 2], ['admitted', 'admitted', 'admitted', 'admitted'], 2],
    [[5, 3], ['admitted', 'stale'], 5],
    [[2, 7, 2, 6, 7, 8], ['admitted', 'admitted', 'stale', 'stale', 'admitted', 'admitted'], 8],
    [[0, 4, 0], ['admitted', 'admitted', 'stale'], 4],
  ])('given epochs %j: %j, highest %p', (epochs, verdicts, highest) => {
    const fence = new EpochFence();
    expect(epochs.map((epoch) => fence.admit(epoch))).toEqual(verdicts);
    expect(fence.highestEpoch).toBe(highest);
    expect(fence.refused).toBe(verdicts.filter((v) => v === 'stale').length);
  });
});
