import { engine as tinyEngine } from '../testing/serving-fixtures';
import { profileEngine } from './engine.profiler';

describe('profileEngine', () => {
  it('times prefill over lengths and reuse, and decode over batch sizes, leaving no sequence open', async () => {
    const engine = tinyEngine({ arenaBlocks: 1024 });
    let fakeMs = 0;
    // A clock that charges one ms per call keeps the timings positive and deterministic.
    const timings = await profileEngine(engine, () => fakeMs++);
    expect(timings.prefill.map((t) => [t.promptTokens, t.reusedTokens])).toEqual([
      [64, 0], [64, 32], [256, 0], [256, 128], [512, 0], [512, 256],
    ]);
    expect(timings.decode.map((t) => [t.batchSize, t.contextTokens])).toEqual([[1, 32], [1, 256], [8, 256], [8, 2048]]);
    timings.prefill.forEach((t) => expect(t.ms).toBeGreaterThan(0));
    expect(engine.arenaStats().inUseBlocks).toBe(0);
  });
});
