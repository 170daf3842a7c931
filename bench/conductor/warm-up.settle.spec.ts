import { CONDUCTOR_WARM_UP, warmUpSettled, type WarmUpShape } from './warm-up.settle';

const shape: WarmUpShape = { minRounds: 50, maxRounds: 200, batchRounds: 25, settledShare: 0.9 };

describe('warmUpSettled', () => {
  it.each([
    ['one batch, below the minimum', [20], false],
    ['two batches still falling by a quarter', [20, 15], false],
    ['two batches within a tenth', [20, 19], true],
    ['a rise after the fall', [20, 12, 13], true],
    ['a fall past the best earlier batch', [20, 12, 13, 10], false],
    ['the bound reached while still falling', [40, 30, 22, 16, 12, 9, 7, 5], true],
    ['no figure past the minimum', [null, null], true],
  ])('%s', (_name, batches, settled) => {
    expect(warmUpSettled(shape, batches)).toBe(settled);
  });

  it('the bench warms up for at least two batches and stops at its bound', () => {
    expect(CONDUCTOR_WARM_UP.minRounds).toBeGreaterThanOrEqual(2 * CONDUCTOR_WARM_UP.batchRounds);
    expect(warmUpSettled(CONDUCTOR_WARM_UP, Array.from({ length: CONDUCTOR_WARM_UP.maxRounds / CONDUCTOR_WARM_UP.batchRounds }, (_, i) => 100 - i * 10))).toBe(true);
  });
});
