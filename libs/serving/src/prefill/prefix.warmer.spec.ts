import { type GenerationParams } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { collidedBlocks } from '../testing/collided-blocks';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { PrefillWorker } from './prefill.worker';
import { PrefixWarmer } from './prefix.warmer';

const greedy: GenerationParams = { maxTokens: 4, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
const prefix = text('A system prompt every request of the burst shares, long enough for several blocks. '.repeat(2));
const prompt = [...prefix, ...text(' And a question of its own?')];

let pool: MemoryKvPool;
let keys: readonly BlockKey[];
let alone: { token: number };

/** A warm of the prefix's leading `blockKeys`, named by the prefix's tokens as the conductor names them. */
const warmOf = (blockKeys: readonly BlockKey[]) => ({ blockKeys, promptTokens: prefix, tenantSalt: '' });

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
    const warmed = expectOk(await new PrefixWarmer(e, pool).warm(warmOf(keys)), 'warm');
    expect(keys.length).toBeGreaterThanOrEqual(4);
    expect(warmed).toEqual({ heldBlocks: keys.length, loaded: { dram: keys.length, ssd: 0 }, refused: [] });
    const done = expectOk(await new PrefillWorker(e, new MemoryKvPool('empty'), systemClock).prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy, skipPoolFetch: true }), 'prefill');
    expect(done.reused.device).toBe(keys.length * e.info.blockLayout.blockSizeTokens);
    expect(done.first.token).toBe(alone.token);
  });

  it('reads nothing for blocks the engine holds already', async () => {
    const e = engine();
    const warmer = new PrefixWarmer(e, pool);
    expectOk(await warmer.warm(warmOf(keys.slice(0, 2))), 'first two');
    expect(expectOk(await warmer.warm(warmOf(keys)), 'all')).toEqual({ heldBlocks: keys.length, loaded: { dram: keys.length - 2, ssd: 0 }, refused: [] });
  });

  it('loads only the leading run the pool holds', async () => {
    const partial = new MemoryKvPool('node-c');
    for (const key of keys.slice(0, 3)) partial.blocks.set(key, pool.blocks.get(key)!.slice());
    expect(expectOk(await new PrefixWarmer(engine(), partial).warm(warmOf(keys)), 'partial')).toEqual({ heldBlocks: 3, loaded: { dram: 3, ssd: 0 }, refused: [] });
  });

  it('refuses blocks of another prefix stored under its keys (a key collision), and a request then computes the prefix with the same token', async () => {
    const collided = new MemoryKvPool('node-d');
    expectOk(await collided.store(keys, collidedBlocks(keys, text('Some other prefix altogether, whose blocks are stored under these keys. '.repeat(2)))), 'collided blocks');
    const e = engine();
    expect(expectOk(await new PrefixWarmer(e, collided).warm(warmOf(keys)), 'warm')).toEqual({ heldBlocks: 0, loaded: { dram: 0, ssd: 0 }, refused: ['digest-mismatch'] });
    expect(e.cachedPrefixBlocks(keys)).toBe(0);
    const done = expectOk(await new PrefillWorker(e, new MemoryKvPool('empty'), systemClock).prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy, skipPoolFetch: true }), 'prefill');
    expect(done.computedTokens).toBe(prompt.length);
    expect(done.first.token).toBe(alone.token);
  });

  it('refuses a warm whose block keys are not those of its tokens', async () => {
    const warmed = await new PrefixWarmer(engine(), pool).warm({ ...warmOf(keys), tenantSalt: 'another tenant' });
    expect(warmed.ok ? undefined : warmed.error.kind).toBe('keys-mismatch');
  });

  it('refuses an adapter the engine has not loaded', async () => {
    const warmed = await new PrefixWarmer(engine(), pool).warm({ ...warmOf(keys), adapter: 'absent' });
    expect(warmed.ok ? undefined : warmed.error.kind).toBe('unknown-adapter');
  });
});
