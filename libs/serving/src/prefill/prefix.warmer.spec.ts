import { type GenerationParams } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { PrefillWorker } from './prefill.worker';
import { PrefixWarmer } from './prefix.warmer';

const greedy: GenerationParams = { maxTokens: 4, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
const prefix = text('A system prompt every request of the burst shares, long enough for several blocks. '.repeat(2));
const prompt = [...prefix, ...text(' And a question of its own?')];

let pool: MemoryKvPool;
let keys: readonly BlockKey[];
let alone: { token: number };

beforeAll(async () => {
  pool = new MemoryKvPool('node-a');
  const done = expectOk(await new PrefillWorker(engine(), pool, systemClock).prefill({ requestId: 'first', promptTokens: prefix, tenantSalt: '', generation: greedy }), 'first');
  await done.handoff;
  keys = done.blockKeys;
  const whole = expectOk(await new PrefillWorker(engine(), new MemoryKvPool('node-b'), systemClock).prefill({ requestId: 'alone', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'alone');
  alone = { token: whole.first.token };
});

describe('PrefixWarmer', () => {
  it('loads the prefix from the pool into the engine, and a request then reuses it from the device tier', async () => {
    const e = engine();
    const warmed = expectOk(await new PrefixWarmer(e, pool).warm(keys, undefined), 'warm');
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(warmed).toEqual({ heldBlocks: keys.length, loaded: { dram: keys.length, ssd: 0 }, refused: [] });
    const done = expectOk(await new PrefillWorker(e, new MemoryKvPool('empty'), systemClock).prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy, skipPoolFetch: true }), 'prefill');
    expect(done.reused.device).toBe(keys.length * e.info.blockLayout.blockSizeTokens);
    expect(done.first.token).toBe(alone.token);
  });

  it('reads nothing for blocks the engine holds already', async () => {
    const e = engine();
    const warmer = new PrefixWarmer(e, pool);
    expectOk(await warmer.warm(keys.slice(0, 2), undefined), 'first two');
    expect(expectOk(await warmer.warm(keys, undefined), 'all')).toEqual({ heldBlocks: keys.length, loaded: { dram: keys.length - 2, ssd: 0 }, refused: [] });
  });

  it('loads only the leading run the pool holds', async () => {
    const partial = new MemoryKvPool('node-c');
    for (const key of keys.slice(0, 3)) partial.blocks.set(key, pool.blocks.get(key)!.slice());
    expect(expectOk(await new PrefixWarmer(engine(), partial).warm(keys, undefined), 'partial')).toEqual({ heldBlocks: 3, loaded: { dram: 3, ssd: 0 }, refused: [] });
  });

  it('refuses an adapter the engine has not loaded', async () => {
    const warmed = await new PrefixWarmer(engine(), pool).warm(keys, 'absent');
    expect(warmed.ok ? undefined : warmed.error.kind).toBe('unknown-adapter');
  });
});
