import { CONDUCTOR_WARM_UP, warmUpSettled, warmUpUntilSettled, type WarmUpShape } from './warm-up.settle';

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

describe('warmUpUntilSettled', () => {
  it('runs batches until every process has settled, reporting each batch per process', async () => {
    // Per-round CPU the two processes spend in each batch: the first settles after two batches, the second after four.
    const perRound = [
      [10, 10, 10, 10],
      [40, 20, 12, 12],
    ];
    const cpu = [0, 0];
    let rounds = 0;
    const reports: (readonly (number | null)[])[] = [];
    const taken = await warmUpUntilSettled(
      shape,
      () => [cpu[0]!, cpu[1]!],
      async () => {
        const batch = Math.floor(rounds++ / shape.batchRounds);
        cpu[0]! += perRound[0]![batch]! / 1000;
        cpu[1]! += perRound[1]![batch]! / 1000;
      },
      (_rounds, batch) => reports.push(batch.map((ms) => (ms === null ? null : Math.round(ms)))),
    );
    expect(taken).toBe(4 * shape.batchRounds);
    expect(reports).toEqual([[10, 40], [10, 20], [10, 12], [10, 12]]);
  });
});
