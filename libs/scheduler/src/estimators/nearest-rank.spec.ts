import { nearestRank } from './nearest-rank';

describe('nearestRank', () => {
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 100];

  it.each<[string, readonly number[], number, number | undefined]>([
    ['no values', [], 0.5, undefined],
    ['one value at any quantile', [7], 0.99, 7],
    ['the median of ten: the fifth', ten, 0.5, 5],
    ['the 90th percentile of ten: the ninth', ten, 0.9, 9],
    ['just over a rank: the next one', ten, 0.91, 100],
    ['quantile 0: the smallest', ten, 0, 1],
    ['quantile 1: the largest', ten, 1, 100],
  ])('%s', (_name, sorted, q, expected) => {
    expect(nearestRank(sorted, q)).toBe(expected);
  });

  it('reads typed arrays too', () => {
    expect(nearestRank(Float64Array.from([0.5, 1.5, 2.5, 3.5]), 0.75)).toBe(2.5);
  });
});
