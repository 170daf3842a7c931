import { type GenerationParams, type SequenceId } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { wholeStoresInParts } from '../pool/whole-stores.parted';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { PrefillWorker } from './prefill.worker';

const greedy: GenerationParams = { maxTokens: 4, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
const blockSizeTokens = 16;
/** 20 full blocks and a partial one. */
const prompt = text('Under the harvest moon the rabbits pound mochi; '.repeat(7).slice(0, 20 * blockSizeTokens + 5));

/** The real in-memory pool, recording the keys of each store call and the engine's progress when it came. */
function recordingPool(progress: () => number) {
  const pool = new MemoryKvPool();
  const stores: { keys: readonly BlockKey[]; computedBlocks: number }[] = [];
  const client: KvPoolClient = {
    fetchPrefix: (keys) => pool.fetchPrefix(keys),
    fetchFrom: (node, keys) => pool.fetchFrom(node, keys),
    store: (keys, read) => {
      stores.push({ keys, computedBlocks: progress() });
      return pool.store(keys, read);
    },
    storeInParts() {
      return wholeStoresInParts(this);
    },
  };
  return { pool, client, stores };
}

describe('PrefillWorker with chunk-wise store', () => {
  it.each([
    [64, [4, 4, 4, 4, 4]],
    [100, [6, 6, 2, 6]],
    [8, Array.from({ length: 20 }, () => 1)],
  ])('chunks of %i tokens store their blocks chunk by chunk, in prompt order, each before the next chunk computes', async (chunkTokens, perStore) => {
    const e = engine();
    let sequence: SequenceId | undefined;
    const opened = e.openSequence.bind(e);
    e.openSequence = (...args) => (sequence = opened(...args));
    const { client, stores, pool } = recordingPool(() => (sequence === undefined ? 0 : e.sequenceBlockKeys(sequence)?.length ?? 0));
    const worker = new PrefillWorker(e, client, systemClock, { storeChunkTokens: chunkTokens });
    const done = expectOk(await worker.prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'prefill');
    const handoff = await done.handoff;

    expect(stores.map((s) => s.keys.length)).toEqual(perStore);
    expect(stores.flatMap((s) => s.keys)).toEqual(done.blockKeys);
    // Each store went out before the next chunk was computed: the engine held only that chunk's blocks then.
    let through = 0;
    for (const store of stores) {
      through += store.keys.length;
      expect(store.computedBlocks).toBe(through);
    }
    expect(handoff).toMatchObject({ storedBlocks: 20, storeFailed: false });
    expect([...pool.blocks.keys()]).toEqual(done.blockKeys);
  });

  it('sends each store as its chunk completes without waiting for earlier ones to answer, and leaves at most one step of blocks to store after the first token', async () => {
    const pool = new MemoryKvPool();
    const sizes: number[] = [];
    const gates: (() => void)[] = [];
    const client: KvPoolClient = {
      fetchPrefix: (keys) => pool.fetchPrefix(keys),
      fetchFrom: (node, keys) => pool.fetchFrom(node, keys),
      store: async (keys, read) => {
        sizes.push(keys.length);
        await new Promise<void>((resolve) => gates.push(resolve));
        return pool.store(keys, read);
      },
      storeInParts() {
        return wholeStoresInParts(this);
      },
    };
    // 256-token chunks: the blocks before the last 128 tokens, then the last step's alone.
    const done = expectOk(await new PrefillWorker(engine(), client, systemClock, { storeChunkTokens: 256 }).prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'prefill');
    expect(sizes).toEqual([12, 8]);
    for (const open of gates) open();
    await expect(done.handoff).resolves.toMatchObject({ storedBlocks: 20, storeFailed: false });
    expect([...pool.blocks.keys()].sort()).toEqual([...done.blockKeys].sort());
  });

  it('gives the first token, KV and block bytes of one whole prefill', async () => {
    const whole = new MemoryKvPool();
    const chunked = new MemoryKvPool();
    const a = expectOk(await new PrefillWorker(engine(), whole, systemClock).prefill({ requestId: 'a', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'whole');
    const b = expectOk(await new PrefillWorker(engine(), chunked, systemClock, { storeChunkTokens: 48 }).prefill({ requestId: 'b', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'chunked');
    await Promise.all([a.handoff, b.handoff]);
    expect(b.first).toEqual(a.first);
    expect(b.computedTokens).toBe(a.computedTokens);
    expect([...chunked.blocks.entries()]).toEqual([...whole.blocks.entries()]);
  });

  it('stores only the blocks past those the pool supplied, and reuses them rather than computing', async () => {
    const { client, stores } = recordingPool(() => 0);
    const first = expectOk(await new PrefillWorker(engine(), client, systemClock, { storeChunkTokens: 64 }).prefill({ requestId: 'a', promptTokens: prompt.slice(0, 8 * blockSizeTokens), tenantSalt: '', generation: greedy }), 'a');
    await first.handoff;
    stores.length = 0;
    const done = expectOk(await new PrefillWorker(engine(), client, systemClock, { storeChunkTokens: 64 }).prefill({ requestId: 'b', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'b');
    await done.handoff;
    expect(done.reused.dram).toBe(8 * blockSizeTokens);
    expect(done.computedTokens).toBe(prompt.length - 8 * blockSizeTokens);
    expect(stores.flatMap((s) => s.keys)).toEqual(done.blockKeys.slice(8));
    expect(stores.map((s) => s.keys.length)).toEqual([4, 4, 4]);
  });
});
