import { generate, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { expectOk } from '@tsukimi/result';
import { MemoryKvPool } from '../pool/memory.kv-pool';
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
    const elsewhere = engine();
    const sequence = elsewhere.openSequence();
    expectOk(elsewhere.prefillNow(sequence, longPrompt), 'prefill elsewhere');
    const keys = elsewhere.blockKeys(longPrompt);
    expectOk(await pool.store(keys, (key) => { const bytes = elsewhere.exportBlock(key); return bytes.ok ? bytes.value : undefined; }), 'store');
    const batcher = new DecodeBatcher(engine(), pool, { maxBatchSize: 4, monotonicMs: () => performance.now() });
    const run = collector();
    const started = expectOk(await batcher.start(wholeJob(longPrompt, greedy(12)), run.sink), 'start').started;
    await run.done;
    const blockSizeTokens = elsewhere.info.blockLayout.blockSizeTokens;
    expect(started).toMatchObject({ fetchedBlocks: keys.length, loadedTokens: keys.length * blockSizeTokens, computedTokens: longPrompt.length - keys.length * blockSizeTokens });
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
