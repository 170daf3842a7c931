import { argmax, type Engine, generate, type GenerationParams, type GeneratedToken } from '@tsukimi/engine';
import { type ReferenceEngine } from '@tsukimi/engine-reference';
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
  const logits = expectOk(e.prefillNow(sequence, prompt), 'prefill').logits;
  return { requestId: 'r', promptTokens: prompt, tenantSalt: '', generation, firstToken: argmax(logits[0]!), blockKeys: e.blockKeys(prompt) };
}

/**
 * The engine, but each decode step advances `clock` by `baseMs + perSequenceMs × batch`
 * instead of taking real time, and counts itself in `clock.steps`.
 */
function steppedEngine(inner: ReferenceEngine, clock: { ms: number; steps: number }, baseMs: number, perSequenceMs: number): Engine {
  return {
    info: inner.info,
    tokenizer: inner.tokenizer,
    openSequence: (tenantSalt) => inner.openSequence(tenantSalt),
    closeSequence: (id) => inner.closeSequence(id),
    blockKeys: (tokens, tenantSalt) => inner.blockKeys(tokens, tenantSalt),
    cachedPrefixBlocks: (keys) => inner.cachedPrefixBlocks(keys),
    prefill: (id, tokens, options) => inner.prefill(id, tokens, options),
    decode: (entries) => {
      clock.ms += baseMs + perSequenceMs * entries.length;
      clock.steps += 1;
      return inner.decode(entries);
    },
    exportBlock: (key) => inner.exportBlock(key),
    importBlock: (bytes, key) => inner.importBlock(bytes, key),
    arenaStats: () => inner.arenaStats(),
  };
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
    for (const [i, run] of runs.entries()) {
      const expected = expectOk(await generate(engine(), prompts[i]!, greedy(10 + i)), 'single process').tokens;
      expect([expected[0], ...run.tokens]).toEqual(expected);
    }
    expect(Math.max(...steps)).toBe(4);
    expect(batcher.activeRequests).toBe(0);
  });

  it('seats the bound\'s worth of members in each step and counts the rest as waiting', async () => {
    const seen: { batch: number; waiting: number; members: number }[] = [];
    const batcher: DecodeBatcher = new DecodeBatcher(engine(), new MemoryKvPool(), {
      maxBatchSize: 2,
      monotonicMs: () => performance.now(),
      onStep: () => seen.push({ batch: batcher.batchSize, waiting: batcher.waitingRequests, members: batcher.activeRequests }),
    });
    const runs = await Promise.all(
      ['one', 'two', 'three', 'four', 'five'].map(async (prompt) => {
        const c = collector();
        expectOk(await batcher.start(jobFor(text(prompt), greedy(12)), c.sink), 'start');
        return c;
      }),
    );
    await Promise.all(runs.map((r) => r.done));
    expect(seen.every((s) => s.batch === Math.min(s.members, 2) && s.batch + s.waiting === s.members)).toBe(true);
    expect(Math.max(...seen.map((s) => s.waiting))).toBe(3);
    expect([batcher.batchSize, batcher.waitingRequests]).toEqual([0, 0]);
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

  it('when memory runs out, the newest member gives way even while it waits outside the batch', async () => {
    const e = engine({ arenaBlocks: 4 });
    const batcher = new DecodeBatcher(e, new MemoryKvPool(), { maxBatchSize: 2, monotonicMs: () => performance.now() });
    // Prompts of one full block each: three blocks in use, one left, and the first step of two needs two.
    const prompts = ['oldest request..', 'middle request..', 'newest request..'].map(text);
    const runs = await Promise.all(
      prompts.map(async (prompt) => {
        const c = collector();
        expectOk(await batcher.start(jobFor(prompt, greedy(10)), c.sink), 'start');
        return c;
      }),
    );
    await Promise.all(runs.map((r) => r.done));
    expect(runs.map((r) => r.failure()?.kind)).toEqual([undefined, undefined, 'arena-full']);
    expect(runs[0]!.tokens).toHaveLength(9);
    expect(runs[1]!.tokens).toHaveLength(9);
  });

  it('without a TBT SLO, bounds every step at maxBatchSize', () => {
    expect(new DecodeBatcher(engine(), new MemoryKvPool(), { maxBatchSize: 8, monotonicMs: () => 0 }).batchBound).toBe(8);
  });

  describe('with a TBT SLO, on an engine whose step takes 2 ms + 0.5 ms per sequence', () => {
    const members = 40;
    const tbtSloMs = 10.2;
    const bound = 16; // 2 + 0.5 × 16 = 10 ms fits, 17 would take 10.5 ms
    const prompts = Array.from({ length: members }, (_, i) => text(`member ${i}: ${'ab'.repeat(i % 7)}`));
    const params = prompts.map((_, i) => greedy(20 + (i % 9)));
    let jobs: DecodeJob[];
    beforeAll(() => {
      jobs = prompts.map((prompt, i) => jobFor(prompt, params[i]!));
    });

    /** Runs every member to its end; each member's tokens, and the step each came in. */
    async function run(options: { maxBatchSize: number; tbtSloMs?: number }) {
      const clock = { ms: 0, steps: 0 };
      const steps: { size: number; ms: number }[] = [];
      const batcher = new DecodeBatcher(steppedEngine(engine(), clock, 2, 0.5), new MemoryKvPool(), {
        ...options,
        monotonicMs: () => clock.ms,
        onStep: (size, ms) => steps.push({ size, ms }),
      });
      const runs = await Promise.all(
        jobs.map(async (job) => {
          const c = collector();
          const stepOfToken: number[] = [];
          const sink = { token: (t: GeneratedToken) => (stepOfToken.push(clock.steps), c.sink.token(t)), fail: c.sink.fail };
          expectOk(await batcher.start(job, sink), 'start');
          return { ...c, stepOfToken };
        }),
      );
      await Promise.all(runs.map((r) => r.done));
      return { runs, steps, batcher };
    }

    it('keeps every step within the SLO while running batches as large as it allows', async () => {
      const { steps, batcher } = await run({ maxBatchSize: 64, tbtSloMs });
      steps.forEach((step) => expect(step.ms).toBeLessThanOrEqual(tbtSloMs));
      expect(Math.max(...steps.map((s) => s.size))).toBe(bound);
      expect(steps.filter((s) => s.size === bound).length).toBeGreaterThan(steps.length / 2);
      expect(batcher.batchBound).toBe(bound);
    });

    it('advances every member at least once every ceil(members / bound) steps once the bound is reached', async () => {
      const { runs, steps } = await run({ maxBatchSize: 64, tbtSloMs });
      const settled = steps.findIndex((s) => s.size === bound) + 1;
      const most = Math.ceil(members / bound);
      for (const { stepOfToken } of runs) {
        const after = [settled, ...stepOfToken.filter((step) => step > settled)];
        const gaps = after.slice(1).map((step, i) => step - after[i]!);
        expect(gaps.length).toBeGreaterThan(1);
        expect(Math.max(...gaps)).toBeLessThanOrEqual(most);
      }
    });

    it('gives every member the tokens of an unbounded batch', async () => {
      const bounded = await run({ maxBatchSize: 64, tbtSloMs });
      const unbounded = await run({ maxBatchSize: 64 });
      expect(Math.max(...unbounded.steps.map((s) => s.size))).toBe(members);
      bounded.runs.forEach((r, i) => {
        expect(r.failure()).toBeUndefined();
        expect(r.tokens).toEqual(unbounded.runs[i]!.tokens);
        expect(r.tokens).toHaveLength(params[i]!.maxTokens - 1);
      });
    });
  });
});
