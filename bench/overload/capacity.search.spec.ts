import { searchCapacity } from './capacity.search';

/** A cluster whose share within SLO falls from 1 to 0 at `kneePerS`. */
const clusterWithKnee = (kneePerS: number) => (ratePerS: number) => Promise.resolve(ratePerS <= kneePerS ? 1 : 0.5);
const options = { startRatePerS: 4, targetShare: 0.95, refineSteps: 2, maxSteps: 6 };

describe('capacity search', () => {
  it.each([
    [10, 10, [4, 8, 16, 12, 10]],
    [3, 3, [4, 2, 3, 3.5]],
    [100, 96, [4, 8, 16, 32, 64, 128, 96, 112]],
  ])('with a knee at %d /s finds %d /s by the probes %j', async (knee, found, rates) => {
    const result = await searchCapacity(clusterWithKnee(knee), options);
    expect(result.probes.map((p) => p.ratePerS)).toEqual(rates);
    expect(result.ratePerS).toBe(found);
  });

  it('stops doubling after the last step, with the highest rate that passed', async () => {
    const result = await searchCapacity(clusterWithKnee(1000), options);
    expect(result.probes.map((p) => p.ratePerS)).toEqual([4, 8, 16, 32, 64, 128]);
    expect(result.ratePerS).toBe(128);
  });

  it('finds nothing when no rate passes', async () => {
    const result = await searchCapacity(() => Promise.resolve(0), options);
    expect(result.ratePerS).toBe(0);
    expect(result.probes).toHaveLength(options.maxSteps);
  });
});
