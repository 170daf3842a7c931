import { type GenerationParams } from '@tsukimi/engine';
import { blockKeyFromU64, type BlockKey, parseBlockDigest } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { ManualClock } from '@tsukimi/telemetry';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { fetchOnly } from '../pool/fetch-only.kv-pool';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { PrefillWorker } from '../prefill/prefill.worker';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { DeviceBlockHeat, type HeatedBlock, handoverOrder } from './device-block.heat';
import { handOverDeviceBlocks } from './device.handover';

const greedy: GenerationParams = { maxTokens: 1, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
const hotPrefix = text('A system prompt that every request of the tenant shares, several blocks long. '.repeat(2));
const coldPrompt = text('A one-off question nobody asks twice, long enough for blocks of its own!! '.repeat(2));
const digest = expectOk(parseBlockDigest('00000000000000000000000000000000'), 'digest');

const heated = (n: number, hits: number, lastUsedMs: number, position = 0): HeatedBlock => ({ key: blockKeyFromU64(BigInt(n)), digest, hits, lastUsedMs, position });

describe('handoverOrder', () => {
  it.each([
    ['most hits first', [heated(1, 1, 50), heated(2, 9, 10), heated(3, 4, 90)], [2, 3, 1]],
    ['equal hits: most recently used first', [heated(1, 2, 10), heated(2, 2, 30), heated(3, 2, 20)], [2, 3, 1]],
    ['equal hits and use: earliest in its prompt first', [heated(1, 2, 10, 2), heated(2, 2, 10, 0), heated(3, 2, 10, 1)], [2, 3, 1]],
    ['all equal: by key', [heated(3, 0, 0), heated(1, 0, 0), heated(2, 0, 0)], [1, 2, 3]],
  ])('%s', (_name, blocks, expected) => {
    expect(handoverOrder(blocks).map((block) => block.key)).toEqual(expected.map((n) => blockKeyFromU64(BigInt(n))));
  });
});

/** An instance that keeps what it computes in its engine only: a hot prefix served three times, a cold prompt once. */
async function servedInstance(clock = new ManualClock()) {
  const e = engine();
  const pool = new MemoryKvPool('node-a');
  const heat = new DeviceBlockHeat(clock, 1024);
  const worker = new PrefillWorker(e, fetchOnly(pool), systemClock, { heat });
  const run = async (prompt: number[]) => {
    const done = expectOk(await worker.prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'prefill');
    await done.handoff;
    clock.advanceMs(1);
    return done;
  };
  const first = await run(hotPrefix);
  await run(hotPrefix);
  await run(hotPrefix);
  const cold = await run(coldPrompt);
  return { e, pool, heat, clock, hotKeys: first.blockKeys, coldKeys: cold.blockKeys, firstToken: first.first.token };
}

describe('handOverDeviceBlocks', () => {
  it('hands every block the engine holds to the pool, and another instance then reuses the hot prefix from the pool with the same first token', async () => {
    const { e, pool, heat, clock, hotKeys, coldKeys, firstToken } = await servedInstance();
    expect(pool.blocks.size).toBe(0);
    const report = await handOverDeviceBlocks(e, pool, heat, clock, { budgetMs: 10_000 });
    const all = [...hotKeys, ...coldKeys];
    expect(report).toMatchObject({ handedBlocks: all.length, poolHadBlocks: 0, goneBlocks: 0, leftBlocks: 0, budgetSpent: false, storeFailed: false });
    expect(report.handedBytes).toBe(all.reduce((sum, key) => sum + pool.blocks.get(key)!.length, 0));
    const other = expectOk(await new PrefillWorker(engine(), pool, systemClock).prefill({ requestId: 'after', promptTokens: hotPrefix, tenantSalt: '', generation: greedy }), 'other instance');
    expect(other.reused.dram).toBe(hotKeys.length * e.info.blockLayout.blockSizeTokens);
    expect(other.first.token).toBe(firstToken);
  });

  it('hands the hottest blocks first and stops when the budget is spent', async () => {
    const { e, pool, heat, clock, hotKeys, coldKeys } = await servedInstance();
    const stored: BlockKey[][] = [];
    // The pool as it is, each store taking 100 ms of the clock.
    const slow: KvPoolClient = {
      fetchPrefix: (keys, options) => pool.fetchPrefix(keys, options),
      fetchFrom: (node, keys) => pool.fetchFrom(node, keys),
      storeInParts: () => pool.storeInParts(),
      store: async (keys, read, options) => {
        stored.push([...keys]);
        clock.advanceMs(100);
        return pool.store(keys, read, options);
      },
    };
    const report = await handOverDeviceBlocks(e, slow, heat, clock, { budgetMs: 100 * hotKeys.length, batchBlocks: 1 });
    expect(stored.flat()).toEqual(hotKeys);
    expect(report).toMatchObject({ handedBlocks: hotKeys.length, leftBlocks: coldKeys.length, budgetSpent: true });
    expect([...pool.blocks.keys()].sort()).toEqual([...hotKeys].sort());
  });

  it('writes only the blocks the pool lacks', async () => {
    const { e, pool, heat, clock, hotKeys, coldKeys } = await servedInstance();
    await handOverDeviceBlocks(e, pool, heat, clock, { budgetMs: 10_000 });
    for (const key of coldKeys) pool.blocks.delete(key);
    const again = await handOverDeviceBlocks(e, pool, heat, clock, { budgetMs: 10_000 });
    expect(again).toMatchObject({ handedBlocks: coldKeys.length, poolHadBlocks: hotKeys.length });
  });
});
