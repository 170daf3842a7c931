import { choiceSeed } from './choice-seed';

describe('choiceSeed', () => {
  it.each([
    [42, 0, 42],
    [42, 3, 45],
    [0, 15, 15],
    [-1, 0, 2 ** 53 - 1],
    [-3, 4, 1],
    [Number.MAX_SAFE_INTEGER, 0, Number.MAX_SAFE_INTEGER],
    [Number.MAX_SAFE_INTEGER, 1, 0],
    [Number.MAX_SAFE_INTEGER, 15, 14],
    [Number.MIN_SAFE_INTEGER, 0, 1],
  ])('seed %p, choice %p → %p', (seed, k, expected) => {
    expect(choiceSeed(seed, k)).toBe(expected);
  });
});
