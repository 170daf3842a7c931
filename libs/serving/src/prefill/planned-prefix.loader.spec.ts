import { type GenerationParams } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, expectOk, ok } from '@tsukimi/result';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { engine, systemClock, text } from '../testing/serving-fixtures';
import { type PrefillPlan } from './prefill.plan';
import { PrefillWorker } from './prefill.worker';

const greedy: GenerationParams = { maxTokens: 4, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };
const prompt = text('Tsukimi dango on the veranda, pampas grass in a vase, the moon over the hills. '.repeat(3));

/** The pool's reads, as the pool saw them: `from:<node>:<blocks>` or `any:<blocks>`. */
type Reads = string[];

/** The real in-memory pool, its reads written down; `unreachable` nodes answer as a node that does not serve. */
function watched(pool: MemoryKvPool, reads: Reads, options: { unreachable?: string; masterDown?: boolean } = {}): KvPoolClient {
  const down = err({ kind: 'pool-unavailable' as const, message: 'the master does not answer' });
  return {
    fetchPrefix: async (keys) => (reads.push(`any:${keys.length}`), options.masterDown ? down : pool.fetchPrefix(keys)),
    fetchFrom: async (node, keys) => {
      reads.push(`from:${node}:${keys.length}`);
      if (options.masterDown) return down;
      return node === options.unreachable ? ok({ blocks: [], stoppedBy: 'unreachable' as const }) : pool.fetchFrom(node, keys);
    },
    store: (keys, read) => pool.store(keys, read),
    storeInParts: () => pool.storeInParts(),
  };
}

let pool: MemoryKvPool;
let keys: readonly BlockKey[];
let reference: { token: number; computedTokens: number };
const blockSize = engine().info.blockLayout.blockSizeTokens;

beforeAll(async () => {
  pool = new MemoryKvPool('node-a');
  const done = expectOk(await new PrefillWorker(engine(), pool, systemClock).prefill({ requestId: 'warm', promptTokens: prompt, tenantSalt: '', generation: greedy }), 'warm');
  await done.handoff;
  keys = done.blockKeys;
  reference = { token: done.first.token, computedTokens: done.computedTokens };
});

async function prefillWith(plan: PrefillPlan | undefined, options: { warm?: number; unreachable?: string; masterDown?: boolean; corrupt?: number; skipPoolFetch?: boolean } = {}) {
  const e = engine();
  if (options.warm !== undefined) for (const key of keys.slice(0, options.warm)) expectOk(e.importBlock(pool.blocks.get(key)!, key), 'warm the engine');
  const source = new MemoryKvPool('node-a');
  for (const [key, bytes] of pool.blocks) source.blocks.set(key, bytes.slice());
  if (options.corrupt !== undefined) source.blocks.get(keys[options.corrupt]!)![100]! ^= 0xff;
  const reads: Reads = [];
  const done = expectOk(await new PrefillWorker(e, watched(source, reads, options), systemClock).prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: greedy, skipPoolFetch: options.skipPoolFetch === true, ...(plan ? { plan } : {}) }), 'prefill');
  await done.handoff;
  return { done, reads };
}

describe('a prefill carries out its plan', () => {
  it('has blocks of the prompt in the pool to plan with', () => {
    expect(keys.length).toBeGreaterThanOrEqual(8);
    expect(keys.every((k) => pool.blocks.has(k))).toBe(true);
  });

  it('recompute: reads nothing from the pool though it holds every block, and computes the prompt', async () => {
    const { done, reads } = await prefillWith({ branch: 'recompute', deviceBlocks: 0, reusedBlocks: 0 });
    expect(reads).toEqual([]);
    expect(done.plan).toEqual({ branch: 'recompute', reason: 'followed' });
    expect(done.computedTokens).toBe(prompt.length);
    expect(done.first.token).toBe(reference.token);
  });

  it('holder: uses its own memory and reads nothing from the pool', async () => {
    const { done, reads } = await prefillWith({ branch: 'holder', deviceBlocks: 6, reusedBlocks: 6 }, { warm: 6 });
    expect(reads).toEqual([]);
    expect(done.plan).toEqual({ branch: 'holder', reason: 'followed' });
    expect(done.reused).toEqual({ device: 6 * blockSize, dram: 0, ssd: 0 });
    expect(done.first.token).toBe(reference.token);
  });

  it('fetch: reads the planned blocks from the chosen node only, then computes the rest', async () => {
    const { done, reads } = await prefillWith({ branch: 'fetch', deviceBlocks: 2, reusedBlocks: 7, source: { node: 'node-a', tier: 'dram' } }, { warm: 2 });
    expect(reads).toEqual(['from:node-a:5']);
    expect(done.plan).toEqual({ branch: 'fetch', reason: 'followed' });
    expect(done.reused).toEqual({ device: 2 * blockSize, dram: 5 * blockSize, ssd: 0 });
    expect(done.computedTokens).toBe(prompt.length - 7 * blockSize);
    expect(done.first.token).toBe(reference.token);
  });

  it('fetch without a node (a migration from another instance): reads the planned blocks from any replica', async () => {
    const { done, reads } = await prefillWith({ branch: 'fetch', deviceBlocks: 0, reusedBlocks: 4 });
    expect(reads).toEqual(['any:4']);
    expect(done.plan).toEqual({ branch: 'fetch', reason: 'followed' });
    expect(done.reused.dram).toBe(4 * blockSize);
  });

  it('without a plan: reads the longest run the pool holds', async () => {
    const { done, reads } = await prefillWith(undefined);
    expect(reads).toEqual([`any:${keys.length}`]);
    expect(done.plan).toEqual({ branch: 'none', reason: 'no-plan' });
    expect(done.reused.dram).toBe(keys.length * blockSize);
  });
});

describe('a prefill falls back where its plan cannot be followed, and its first token does not change', () => {
  it.each([
    ['the chosen node lacks the blocks: another replica serves them', { node: 'node-b' }, {}, 'block-missing', ['from:node-b:5', 'any:5'], 5],
    ['the chosen node does not answer: another replica serves them', { node: 'node-a' }, { unreachable: 'node-a' }, 'node-unreachable', ['from:node-a:5', 'any:5'], 5],
    ['a read block is corrupt: the rest is computed', { node: 'node-a' }, { corrupt: 3 }, 'block-corrupt', ['from:node-a:5'], 3],
    ['the master does not answer: everything is computed', { node: 'node-a' }, { masterDown: true }, 'pool-unavailable', ['from:node-a:5', 'any:5'], 0],
  ] as const)('%s', async (_name, source, options, reason, expectedReads, fetchedBlocks) => {
    const { done, reads } = await prefillWith({ branch: 'fetch', deviceBlocks: 0, reusedBlocks: 5, source: { node: source.node, tier: 'dram' } }, options);
    expect(done.plan).toEqual({ branch: 'fetch', reason });
    expect(reads).toEqual(expectedReads);
    expect(done.reused.dram).toBe(fetchedBlocks * blockSize);
    expect(done.computedTokens).toBe(prompt.length - fetchedBlocks * blockSize);
    expect(done.first.token).toBe(reference.token);
  });

  it('a migration from another instance whose blocks the pool does not hold yet: asks no one, computes them', async () => {
    const { done, reads } = await prefillWith({ branch: 'fetch', deviceBlocks: 0, reusedBlocks: 4 }, { skipPoolFetch: true });
    expect(reads).toEqual([]);
    expect(done.plan).toEqual({ branch: 'fetch', reason: 'block-missing' });
    expect(done.computedTokens).toBe(prompt.length);
    expect(done.first.token).toBe(reference.token);
  });

  it('a holder no longer holds its blocks: reads them from the pool instead', async () => {
    const { done, reads } = await prefillWith({ branch: 'holder', deviceBlocks: 6, reusedBlocks: 6 }, { warm: 2 });
    expect(done.plan).toEqual({ branch: 'holder', reason: 'device-evicted' });
    expect(reads).toEqual(['any:4']);
    expect(done.reused).toEqual({ device: 2 * blockSize, dram: 4 * blockSize, ssd: 0 });
    expect(done.first.token).toBe(reference.token);
  });
});
