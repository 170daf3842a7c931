import { reuseByTier } from './token-reuse';

describe('reuseByTier', () => {
  it.each([
    ['own blocks, then DRAM, then SSD', 10 * 16, 2, { dram: 5, ssd: 3 }, { device: 32, dram: 80, ssd: 48 }],
    ['only the leading run the engine reused', 4 * 16 + 7, 2, { dram: 5, ssd: 3 }, { device: 32, dram: 32, ssd: 0 }],
    ['fewer reused than its own (a partial last block is computed)', 16, 2, { dram: 1, ssd: 0 }, { device: 16, dram: 0, ssd: 0 }],
    ['blocks sealed by a concurrent request after the fetch count as its own', 6 * 16, 0, { dram: 0, ssd: 0 }, { device: 96, dram: 0, ssd: 0 }],
    ['nothing reused', 0, 0, { dram: 3, ssd: 0 }, { device: 0, dram: 0, ssd: 0 }],
  ])('%s', (_what, reusedTokens, own, imported, expected) => {
    expect(reuseByTier(reusedTokens, own, imported, 16)).toEqual(expected);
  });
});
