import { type Engine, generate, type GenerationParams, type GeneratedToken } from '@tsukimi/engine';
import { type BlockCodecErrorKind, type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { DecodeBatcher } from './decode/decode.batcher';
import { type DecodeJob } from './decode/decode.job';
import { type KvPoolClient } from './pool/kv-pool-client.port';
import { MemoryKvPool } from './pool/memory.kv-pool';
import { wholeStoresInParts } from './pool/whole-stores.parted';
import { PrefillWorker } from './prefill/prefill.worker';
import { collidedBlocks } from './testing/collided-blocks';
import { engine, systemClock, text } from './testing/serving-fixtures';

const blockSizeTokens = 16;
const chunkTokens = 64;
const params: GenerationParams = { maxTokens: 24, sampling: { temperature: 0.8, topP: 0.95, topK: 40, seed: 11 }, stop: [] , ignoreEos: true };
/** 24 full blocks and a partial one: six chunks. */
const prompt = text('Tsukimi: the moon-viewing night, pampas grass and dumplings on the veranda. '.repeat(6).slice(0, 24 * blockSizeTokens + 9));

/** Resolves once `count` reaches `target` through `add`. */
function counter(target: number) {
  let count = 0;
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  return {
    done,
    add(n: number) {
      count += n;
      if (count >= target) reached();
    },
  };
}

/** The reference engine, its `held`-th prefill call (1-based) waiting for `release`. */
function engineHeldAt(held: number, release: Promise<void>): Engine {
  const inner = engine();
  let calls = 0;
  return new Proxy(inner, {
    get(target, property) {
      if (property === 'prefill') {
        return async (...args: Parameters<Engine['prefill']>) => {
          calls += 1;
          if (calls === held) await release;
          return target.prefill(...args);
        };
      }
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The in-memory pool, never taking the blocks in `dropped`. */
function poolDropping(pool: MemoryKvPool, dropped: ReadonlySet<BlockKey>): KvPoolClient {
  return {
    fetchPrefix: (keys, options) => pool.fetchPrefix(keys, options),
    fetchFrom: (node, keys) => pool.fetchFrom(node, keys),
    store: (keys, read, options) => pool.store(keys.filter((key) => !dropped.has(key)), read, options),
    storeInParts() {
      return wholeStoresInParts(this);
    },
  };
}

async function decodeAll(batcher: DecodeBatcher, job: DecodeJob, first: GeneratedToken) {
  const tokens = [first.token];
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const handle = await batcher.start(job, {
    token(t) {
      tokens.push(t.token);
      if (t.finishReason) finish();
    },
    fail: () => finish(),
  });
  const { started } = expectOk(handle, 'decode start');
  await finished;
  return { tokens, started };
}

describe('overlapped KV streaming', () => {
  it('decode loads the stored chunks\' blocks while prefill still computes, and the tokens equal one process\'s', async () => {
    const expected = expectOk(await generate(engine(), prompt, params), 'single process');
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const pool = new MemoryKvPool();
    const prefill = new PrefillWorker(engineHeldAt(4, held), pool, systemClock, { storeChunkTokens: chunkTokens });
    const loaded = counter(12);
    const decodeEngine = engine();
    // Looks of 20 ms at most: one waiting for the prompt's last block ends with the blocks stored by then.
    const decode = new DecodeBatcher(decodeEngine, pool, { maxBatchSize: 4, monotonicMs: () => performance.now(), prefetch: { waitMs: 20, onImported: (n) => loaded.add(n) } });
    const keys = decodeEngine.blockKeys(prompt);

    decode.prefetch({ requestId: 'r', promptTokens: prompt, tenantSalt: '', blockKeys: keys });
    let prefilled = false;
    const running = prefill.prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: params }).then((r) => ((prefilled = true), r));
    // Three chunks (12 blocks) are computed and stored; the fourth waits.
    await loaded.done;
    expect(prefilled).toBe(false);
    expect(decodeEngine.cachedPrefixBlocks(keys)).toBe(12);
    release();

    const done = expectOk(await running, 'prefill');
    await done.handoff;
    const { tokens, started } = await decodeAll(decode, { requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: params, firstToken: done.first.token, blockKeys: done.blockKeys }, done.first);
    expect(tokens).toEqual(expected.tokens);
    expect(started.reused).toEqual({ device: 0, dram: 24 * blockSizeTokens, ssd: 0 });
    expect(started.computedTokens).toBe(prompt.length - 24 * blockSizeTokens);
  });

  it('a block that never reaches the pool: the prefetch waits for it until decode starts, which loads what it can and recomputes the rest', async () => {
    const expected = expectOk(await generate(engine(), prompt, params), 'single process');
    const memory = new MemoryKvPool();
    const keys = engine().blockKeys(prompt);
    const pool = poolDropping(memory, new Set([keys[9]!]));
    const loaded = counter(9);
    let looks = 0;
    const decodeEngine = engine();
    const counting: KvPoolClient = { ...pool, fetchPrefix: (k, o) => ((looks += 1), pool.fetchPrefix(k, o)) };
    // Looks that wait 10 ms at most for block 9, so that the test sees them follow each other.
    const decode = new DecodeBatcher(decodeEngine, counting, { maxBatchSize: 4, monotonicMs: () => performance.now(), prefetch: { waitMs: 10, onImported: (n) => loaded.add(n) } });

    decode.prefetch({ requestId: 'r', promptTokens: prompt, tenantSalt: '', blockKeys: keys });
    const done = expectOk(await new PrefillWorker(engine(), pool, systemClock, { storeChunkTokens: chunkTokens }).prefill({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: params }), 'prefill');
    expect(await done.handoff).toMatchObject({ storedBlocks: 23, storeFailed: false });
    await loaded.done;
    // Still waiting for block 9: it keeps looking.
    const looked = looks;
    await new Promise<void>((resolve) => {
      const check = () => (looks > looked + 2 ? resolve() : setImmediate(check));
      check();
    });
    expect(decodeEngine.cachedPrefixBlocks(keys)).toBe(9);

    const { tokens, started } = await decodeAll(decode, { requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: params, firstToken: done.first.token, blockKeys: done.blockKeys }, done.first);
    expect(tokens).toEqual(expected.tokens);
    expect(started.reused).toEqual({ device: 0, dram: 9 * blockSizeTokens, ssd: 0 });
    expect(started.computedTokens).toBe(prompt.length - 9 * blockSizeTokens);
  });

  it('a block stored late is loaded once it arrives', async () => {
    const memory = new MemoryKvPool();
    const source = engine();
    const keys = source.blockKeys(prompt);
    const decodeEngine = engine();
    const loaded = counter(keys.length);
    const decode = new DecodeBatcher(decodeEngine, memory, { maxBatchSize: 4, monotonicMs: () => performance.now(), prefetch: { onImported: (n) => loaded.add(n) } });
    decode.prefetch({ requestId: 'r', promptTokens: prompt, tenantSalt: '', blockKeys: keys });
    // Nothing is in the pool yet; the whole prompt arrives after the prefetch began.
    const done = expectOk(await new PrefillWorker(source, memory, systemClock).prefill({ requestId: 'p', promptTokens: prompt, tenantSalt: '', generation: params }), 'prefill');
    await done.handoff;
    await loaded.done;
    expect(decodeEngine.cachedPrefixBlocks(keys)).toBe(keys.length);
  });

  it('refuses blocks of another prompt stored under its keys (a key collision), counts them, and the tokens equal one process\'s', async () => {
    const expected = expectOk(await generate(engine(), prompt, params), 'single process');
    const pool = new MemoryKvPool();
    const decodeEngine = engine();
    const keys = decodeEngine.blockKeys(prompt);
    expectOk(await pool.store(keys, collidedBlocks(keys, text('Not this prompt: another one, whose blocks sit under the same keys. '.repeat(7)))), 'collided blocks');
    const refused: BlockCodecErrorKind[] = [];
    let refusedOnce!: () => void;
    const looked = new Promise<void>((resolve) => (refusedOnce = resolve));
    const decode = new DecodeBatcher(decodeEngine, pool, { maxBatchSize: 4, monotonicMs: () => performance.now(), prefetch: { onRefused: (kinds) => (refused.push(...kinds), refusedOnce()) } });

    decode.prefetch({ requestId: 'r', promptTokens: prompt, tenantSalt: '', blockKeys: keys });
    await looked;
    expect(refused).toEqual(['digest-mismatch']);
    expect(decodeEngine.cachedPrefixBlocks(keys)).toBe(0);

    const first = { token: expected.tokens[0]!, text: '' };
    const { tokens, started } = await decodeAll(decode, { requestId: 'r', promptTokens: prompt, tenantSalt: '', generation: params, firstToken: first.token, blockKeys: keys }, first);
    expect(tokens).toEqual(expected.tokens);
    expect(started).toMatchObject({ loadedTokens: 0, computedTokens: prompt.length, refused: ['digest-mismatch'] });
  });
});
