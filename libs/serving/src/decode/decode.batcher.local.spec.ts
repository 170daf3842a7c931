import { type Engine, generate, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { type ReferenceEngine } from '@tsukimi/engine-reference';
import { type BlockKey } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { type BlockDigests, PromptDigests } from '../pool/prompt-digests';
import { collidedBlocks } from '../testing/collided-blocks';
import { engine, text } from '../testing/serving-fixtures';
import { DecodeBatcher } from './decode.batcher';
import { type DecodeJob } from './decode.job';

const greedy = (maxTokens: number): GenerationParams => ({ maxTokens, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true });

/** A job with no first token: no prefill instance ran, the decode instance runs the whole request. */
const wholeJob = (prompt: number[], generation: GenerationParams): DecodeJob => ({ requestId: 'r', promptTokens: prompt, tenantSalt: '', generation, blockKeys: [] });

function collector() {
  const tokens: number[] = [];
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    tokens,
    done,
    sink: {
      token(t: GeneratedToken) {
        tokens.push(t.token);
        if (t.finishReason) resolve();
      },
      fail() {
        resolve();
      },
    },
  };
}

const longPrompt = text('A prompt long enough to take several chunks on the decode instance. '.repeat(5));

/** Exports a block of `source` with its digest, as a prefill instance's store does; undefined if the engine lacks it. */
function exported(source: Engine, digests: BlockDigests): (key: BlockKey) => Uint8Array | undefined {
  return (key) => {
    const bytes = source.exportBlock(key, digests.get(key));
    return bytes.ok ? bytes.value : undefined;
  };
}

/** `engine()` having computed `prompt`, with the prompt's keys and digests. */
function computedElsewhere(prompt: readonly number[]): { elsewhere: ReferenceEngine; keys: BlockKey[]; digests: BlockDigests } {
  const elsewhere = engine();
  expectOk(elsewhere.prefillNow(elsewhere.openSequence(), prompt), 'prefill elsewhere');
  const keys = elsewhere.blockKeys(prompt);
  return { elsewhere, keys, digests: new PromptDigests(elsewhere).of(prompt, keys) };
}

describe('DecodeBatcher running a request whole', () => {
  it('samples the first token itself and gives the single-process tokens', async () => {
    const batcher = new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 4, monotonicMs: () => performance.now() });
    const run = collector();
    const started = expectOk(await batcher.start(wholeJob(longPrompt, greedy(12)), run.sink), 'start').started;
    await run.done;
    const expected = expectOk(await generate(engine(), longPrompt, greedy(12)), 'single process').tokens;
    expect([started.firstToken?.token, ...run.tokens]).toEqual(expected);
    expect(started).toMatchObject({ loadedTokens: 0, computedTokens: longPrompt.length, fetchedBlocks: 0 });
  });

  it('loads the prefix blocks the pool holds rather than computing them, with the same tokens', async () => {
    const pool = new MemoryKvPool();
    const { elsewhere, keys, digests } = computedElsewhere(longPrompt);
    expectOk(await pool.store(keys, exported(elsewhere, digests)), 'store');
    const batcher = new DecodeBatcher(engine(), pool, { maxBatchSize: 4, monotonicMs: () => performance.now() });
    const run = collector();
    const started = expectOk(await batcher.start(wholeJob(longPrompt, greedy(12)), run.sink), 'start').started;
    await run.done;
    const blockSizeTokens = elsewhere.info.blockLayout.blockSizeTokens;
    expect(started).toMatchObject({ fetchedBlocks: keys.length, loadedTokens: keys.length * blockSizeTokens, computedTokens: longPrompt.length - keys.length * blockSizeTokens });
    expect([started.firstToken?.token, ...run.tokens]).toEqual(expectOk(await generate(engine(), longPrompt, greedy(12)), 'single process').tokens);
  });

  it('refuses blocks of another prompt stored under its keys (a key collision) and computes them, with the same tokens', async () => {
    const pool = new MemoryKvPool();
    const keys = engine().blockKeys(longPrompt);
    expectOk(await pool.store(keys, collidedBlocks(keys, text('Another prompt entirely, whose blocks are not this one\'s at all. '.repeat(5)))), 'store');
    const batcher = new DecodeBatcher(engine(), pool, { maxBatchSize: 4, monotonicMs: () => performance.now() });
    const run = collector();
    const started = expectOk(await batcher.start(wholeJob(longPrompt, greedy(12)), run.sink), 'start').started;
    await run.done;
    expect(started).toMatchObject({ fetchedBlocks: 0, loadedTokens: 0, computedTokens: longPrompt.length, refusedBlocks: 1, refused: ['digest-mismatch'] });
    expect([started.firstToken?.token, ...run.tokens]).toEqual(expectOk(await generate(engine(), longPrompt, greedy(12)), 'single process').tokens);
  });

  it('computes the prompt in chunks between the batch\'s steps, so a running request keeps advancing', async () => {
    let steps = 0;
    const e = engine();
    const blockSizeTokens = e.info.blockLayout.blockSizeTokens;
    const batcher = new DecodeBatcher(e, new MemoryKvPool(), { maxBatchSize: 4, maxPrefillChunkTokens: blockSizeTokens, monotonicMs: () => performance.now(), onStep: () => (steps += 1) });
    const running = collector();
    expectOk(await batcher.start(wholeJob(text('already decoding'), greedy(200)), running.sink), 'start');
    const stepsBefore = steps;
    const whole = collector();
    const started = expectOk(await batcher.start(wholeJob(longPrompt, greedy(5)), whole.sink), 'start').started;
    const chunks = Math.ceil(longPrompt.length / blockSizeTokens);
    expect(steps - stepsBefore).toBeGreaterThanOrEqual(chunks);
    await Promise.all([running.done, whole.done]);
    expect([started.firstToken?.token, ...whole.tokens]).toEqual(expectOk(await generate(engine(), longPrompt, greedy(5)), 'single process').tokens);
  });

  it('answers a one-token request with the first token alone, joining no batch', async () => {
    const e = engine();
    const batcher = new DecodeBatcher(e, new MemoryKvPool(), { maxBatchSize: 4, monotonicMs: () => performance.now() });
    const run = collector();
    const started = expectOk(await batcher.start(wholeJob(text('one token only'), greedy(1)), run.sink), 'start').started;
    expect(started.firstToken?.finishReason).toBe('length');
    expect(run.tokens).toEqual([]);
    expect(batcher.activeRequests).toBe(0);
    expect(e.arenaStats().inUseBlocks).toBe(0);
  });
});

/** The engine, but steps and prompt tokens advance `clock` by fixed costs instead of taking real time. */
function timedEngine(inner: ReturnType<typeof engine>, clock: { ms: number }, stepMs: number, msPerPromptToken: number): Engine {
  return new Proxy(inner, {
    get(target, key) {
      if (key === 'decode') {
        return (entries: Parameters<Engine['decode']>[0]) => {
          clock.ms += stepMs;
          return target.decode(entries);
        };
      }
      if (key === 'prefill') {
        return async (...args: Parameters<Engine['prefill']>) => {
          const outcome = await target.prefill(...args);
          if (outcome.ok) clock.ms += msPerPromptToken * outcome.value.computedTokens;
          return outcome;
        };
      }
      const value: unknown = Reflect.get(target, key);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('DecodeBatcher piggybacking a prompt under a TBT SLO', () => {
  it('keeps every gap between a running request\'s tokens within the SLO while it computes a long prompt', async () => {
    const clock = { ms: 0 };
    const tbtSloMs = 10;
    const batcher = new DecodeBatcher(timedEngine(engine(), clock, 3, 0.125), new MemoryKvPool(), { maxBatchSize: 4, tbtSloMs, monotonicMs: () => clock.ms });
    const tokenAtMs: number[] = [];
    const running = collector();
    expectOk(await batcher.start(wholeJob(text('already decoding'), greedy(400)), { ...running.sink, token: (t) => (tokenAtMs.push(clock.ms), running.sink.token(t)) }), 'start');
    const prompt = text('A long prompt, computed between the steps of a running batch. '.repeat(8));
    const whole = collector();
    const during = tokenAtMs.length;
    const started = expectOk(await batcher.start(wholeJob(prompt, greedy(4)), whole.sink), 'start').started;
    const gaps = tokenAtMs.slice(Math.max(0, during - 1)).map((ms, i, all) => ms - (i === 0 ? 0 : all[i - 1]!));
    expect(started.computedTokens).toBe(prompt.length);
    // A prompt of ~500 tokens at 0.125 ms each is ~60 ms of compute: it took many steps, none past the SLO.
    expect(gaps.length).toBeGreaterThan(5);
    expect(Math.max(...gaps)).toBeLessThanOrEqual(tbtSloMs);
    await Promise.all([running.done, whole.done]);
  });
});

describe('DecodeBatcher storing the blocks of a request run whole', () => {
  /** The pool, remembering which keys each store was handed. */
  function recordingPool() {
    const pool = new MemoryKvPool();
    const handed: string[][] = [];
    const store = pool.store.bind(pool);
    pool.store = (keys, read) => (handed.push([...keys]), store(keys, read));
    return { pool, handed };
  }

  function storedOnce() {
    let told!: (tally: { storedBlocks: number; storeFailed: boolean }) => void;
    const stored = new Promise<{ storedBlocks: number; storeFailed: boolean }>((resolve) => (told = resolve));
    return { stored, onLocalStored: told };
  }

  it('stores every full prompt block in the pool after the first token, and another instance reuses them with the same tokens', async () => {
    const { pool, handed } = recordingPool();
    const { stored, onLocalStored } = storedOnce();
    const batcher = new DecodeBatcher(engine(), pool, { maxBatchSize: 4, monotonicMs: () => performance.now(), onLocalStored });
    const run = collector();
    const started = expectOk(await batcher.start(wholeJob(longPrompt, greedy(8)), run.sink), 'start').started;
    expect(started.firstToken).toBeDefined();
    expect(handed).toEqual([]);
    const keys = engine().blockKeys(longPrompt);
    expect(keys.length).toBeGreaterThan(2);
    expect(await stored).toEqual({ storedBlocks: keys.length, storeFailed: false });
    expect([...pool.blocks.keys()]).toEqual(keys);
    await run.done;

    const other = new DecodeBatcher(engine(), pool, { maxBatchSize: 4, monotonicMs: () => performance.now() });
    const again = collector();
    const reused = expectOk(await other.start(wholeJob(longPrompt, greedy(8)), again.sink), 'start').started;
    await again.done;
    expect(reused).toMatchObject({ fetchedBlocks: keys.length, reused: { dram: keys.length * engine().info.blockLayout.blockSizeTokens } });
    expect([reused.firstToken?.token, ...again.tokens]).toEqual([started.firstToken?.token, ...run.tokens]);
  });

  it('hands the pool only the blocks it did not supply', async () => {
    const { elsewhere, keys, digests } = computedElsewhere(longPrompt);
    const { pool, handed } = recordingPool();
    expectOk(await pool.store(keys.slice(0, 2), exported(elsewhere, digests)), 'store the first two');
    handed.length = 0;
    const { stored, onLocalStored } = storedOnce();
    const batcher = new DecodeBatcher(engine(), pool, { maxBatchSize: 4, monotonicMs: () => performance.now(), onLocalStored });
    const run = collector();
    expectOk(await batcher.start(wholeJob(longPrompt, greedy(4)), run.sink), 'start');
    expect(await stored).toEqual({ storedBlocks: keys.length - 2, storeFailed: false });
    expect(handed).toEqual([keys.slice(2)]);
    await run.done;
  });

  it('stores nothing for a request whose prompt a prefill instance computed, and drains only once a local run\'s store is done', async () => {
    const { pool, handed } = recordingPool();
    const told: number[] = [];
    const e = engine();
    const batcher = new DecodeBatcher(e, pool, { maxBatchSize: 4, monotonicMs: () => performance.now(), onLocalStored: (tally) => told.push(tally.storedBlocks) });
    const prompt = text('A prompt whose first token a prefill instance sampled, long enough for blocks.');
    const handedOver = collector();
    expectOk(await batcher.start({ ...wholeJob(prompt, greedy(4)), firstToken: 65, blockKeys: e.blockKeys(prompt) }, handedOver.sink), 'start');
    await handedOver.done;
    expect(handed).toEqual([]);

    const whole = collector();
    expectOk(await batcher.start(wholeJob(text('one token, run whole, with blocks to store: '.repeat(2)), greedy(1)), whole.sink), 'start');
    await batcher.drain();
    expect(told).toHaveLength(1);
    expect(told[0]).toBeGreaterThan(0);
    expect(e.arenaStats().inUseBlocks).toBe(0);
  });
});
