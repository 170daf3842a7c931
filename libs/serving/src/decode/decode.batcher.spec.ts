import { argmax, generate, type GenerationParams, type GeneratedToken } from '@tsukimi/engine';
import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { MemoryKvPool } from '../pool/memory.kv-pool';
import { engine, text } from '../testing/serving-fixtures';
import { DecodeBatcher } from './decode.batcher';
import { type DecodeFailure, type DecodeJob } from './decode.job';

const greedy = (maxTokens: number): GenerationParams => ({ maxTokens, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true });

/** The job a prefill instance would hand over: the first token comes from a one-process prefill. */
function jobFor(prompt: number[], generation: GenerationParams): DecodeJob {
  const e = engine();
  const sequence = e.openSequence();
  const logits = expectOk(e.prefill(sequence, prompt), 'prefill').logits;
  return { requestId: 'r', promptTokens: prompt, tenantSalt: '', generation, firstToken: argmax(logits[0]!), blockKeys: e.blockKeys(prompt) };
}

function collector() {
  const tokens: number[] = [];
  let failure: DecodeFailure | undefined;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    tokens,
    done,
    failure: () => failure,
    sink: {
      token(t: GeneratedToken) {
        tokens.push(t.token);
        if (t.finishReason) resolve();
      },
      fail(f: DecodeFailure) {
        failure = f;
        resolve();
      },
    },
  };
}

describe('DecodeBatcher', () => {
  it('runs concurrent requests in one batch, each giving its single-process tokens', async () => {
    const steps: number[] = [];
    const batcher = new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 4, monotonicMs: () => performance.now(), onStep: (size) => steps.push(size) });
    const prompts = [text('first prompt'), text('a second, longer prompt for the batch'), text('3'), text('fourth'), text('fifth!')];
    const runs = await Promise.all(
      prompts.map(async (prompt, i) => {
        const c = collector();
        expectOk(await batcher.start(jobFor(prompt, greedy(10 + i)), c.sink), 'start');
        return c;
      }),
    );
    await Promise.all(runs.map((r) => r.done));
    runs.forEach((run, i) => {
      const expected = expectOk(generate(engine(), prompts[i]!, greedy(10 + i)), 'single process').tokens;
      expect([expected[0], ...run.tokens]).toEqual(expected);
    });
    expect(Math.max(...steps)).toBe(4);
    expect(batcher.activeRequests).toBe(0);
  });

  it('a cancelled request leaves the batch and frees its sequence', async () => {
    const e = engine();
    const batcher = new DecodeBatcher(e, new MemoryKvPool(), { maxBatchSize: 8, monotonicMs: () => performance.now() });
    const cancelled = collector();
    const handle = expectOk(await batcher.start(jobFor(text('cancel me'), greedy(1000)), cancelled.sink), 'start');
    const other = collector();
    expectOk(await batcher.start(jobFor(text('keep me'), greedy(30)), other.sink), 'start');
    handle.cancel();
    await other.done;
    const seen = cancelled.tokens.length;
    expect(seen).toBeLessThan(999);
    expect(batcher.activeRequests).toBe(0);
    expect(e.arenaStats().inUseBlocks).toBe(0);
  });

  it('drain refuses new requests and resolves when the batch is empty', async () => {
    const batcher = new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 8, monotonicMs: () => performance.now() });
    const running = collector();
    expectOk(await batcher.start(jobFor(text('drain'), greedy(20)), running.sink), 'start');
    const drained = batcher.drain();
    expect(await batcher.start(jobFor(text('late'), greedy(5)), collector().sink)).toEqual({ ok: false, error: { kind: 'draining' } });
    await drained;
    expect(running.tokens).toHaveLength(19);
  });

  it.each([
    ['a KV handle from another namespace', (job: DecodeJob) => ({ ...job, blockKeys: [blockKeyFromU64(1n)] }), 'handle-mismatch'],
    ['nothing left to generate', (job: DecodeJob) => ({ ...job, generation: greedy(1) }), 'nothing-to-decode'],
    ['a prompt past the context', (job: DecodeJob) => ({ ...job, promptTokens: new Array(2048).fill(65), blockKeys: [] }), 'nothing-to-decode'],
  ])('refuses %s', async (_name, alter, kind) => {
    const batcher = new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 8, monotonicMs: () => performance.now() });
    const result = await batcher.start(alter(jobFor(text('some prompt of two blocks.......'), greedy(5))), collector().sink);
    expect(result).toMatchObject({ ok: false, error: { kind } });
  });
});
