import { MemoryKvPool } from '../pool/memory.kv-pool';
import { engine, text } from '../testing/serving-fixtures';
import { BlockPrefetch } from './block-prefetch';

describe('BlockPrefetch', () => {
  it('stop ends a pause at once rather than waiting it out, and reports nothing imported from an empty pool', async () => {
    const e = engine();
    const prefetch = new BlockPrefetch(e, new MemoryKvPool(), { pollMs: 600_000, deadlineMs: 600_000, monotonicMs: () => performance.now() });
    prefetch.start('r', e.blockKeys(text('x'.repeat(64))));
    expect(prefetch.active).toBe(1);
    // With a ten-minute pause, only a stop that wakes the prefetch resolves within the test's timeout.
    await expect(prefetch.stop('r')).resolves.toEqual({ dram: 0, ssd: 0 });
    expect(prefetch.active).toBe(0);
  });

  it('a request never prefetched stops at once with nothing imported', async () => {
    const prefetch = new BlockPrefetch(engine(), new MemoryKvPool(), { pollMs: 1, deadlineMs: 100, monotonicMs: () => performance.now() });
    await expect(prefetch.stop('never')).resolves.toEqual({ dram: 0, ssd: 0 });
  });
});
