import { compileCacheReplayOptions } from './cache-replay.options';

describe('compileCacheReplayOptions', () => {
  it.each([
    { options: { policy: 'lru', capacityBlocks: 'inf' }, compiled: { policy: 'lru', capacityBlocks: Infinity, blockSizeTokens: 512 } },
    { options: { policy: 'lfu', capacityBlocks: '1000', blockSizeTokens: 64 }, compiled: { policy: 'lfu', capacityBlocks: 1000, blockSizeTokens: 64 } },
    { options: { policy: 'length-aware', capacityBlocks: 0 }, compiled: { policy: 'length-aware', capacityBlocks: 0, blockSizeTokens: 512 } },
    { options: { policy: 'lru', capacityBlocks: Infinity }, compiled: { policy: 'lru', capacityBlocks: Infinity, blockSizeTokens: 512 } },
  ])('compiles $options', ({ options, compiled }) => {
    expect(compileCacheReplayOptions(options)).toEqual({ ok: true, value: compiled });
  });

  it.each([
    { options: { policy: 'fifo', capacityBlocks: 'inf' }, key: 'policy' },
    { options: { policy: 'lru', capacityBlocks: '10k' }, key: 'capacityBlocks' },
    { options: { policy: 'lru', capacityBlocks: -1 }, key: 'capacityBlocks' },
    { options: { policy: 'lru', capacityBlocks: 1.5 }, key: 'capacityBlocks' },
    { options: { policy: 'lru', capacityBlocks: '' }, key: 'capacityBlocks' },
    { options: { policy: 'lru', capacityBlocks: 'inf', blockSizeTokens: 0 }, key: 'blockSizeTokens' },
    { options: { policy: 'lru', capacityBlocks: 'inf', blockSizeTokens: 2.5 }, key: 'blockSizeTokens' },
  ])('refuses $options naming $key', ({ options, key }) => {
    const compiled = compileCacheReplayOptions(options);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.error.key).toBe(key);
  });
});
