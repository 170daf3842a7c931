import { generate, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { ReferenceEngine } from '@tsukimi/engine-reference';
import { generateTinyModel } from '@tsukimi/llama-model';
import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { builtinPlugins, buildProfile, decodeProfileOf, instanceId, prefillProfileOf, Scheduler } from '@tsukimi/scheduler';
import { DecodeBatcher, MemoryKvPool, PrefillWorker } from '@tsukimi/serving';
import { type Clock } from '@tsukimi/telemetry';
import { type InstanceFacts } from './instance-facts';
import { InstanceRegistry } from './instance.registry';
import { type PipelineOptions } from './request-pipeline.options';
import { RequestPipeline } from './request.pipeline';
import { InProcessGateways } from './testing/in-process.gateways';
import { type PrefixWaitRule } from './in-flight/prefix-wait.policy';

const model = generateTinyModel();
const engine = () => expectOk(ReferenceEngine.fromGguf(model, { arenaBlocks: 256 }), 'engine');
const clock: Clock = { nowMs: () => Date.now(), monotonicMs: () => performance.now() };
const greedy: GenerationParams = { maxTokens: 20, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };

function facts(over: Partial<InstanceFacts> = {}): InstanceFacts {
  const e = engine();
  return {
    reportedId: 'x',
    modelId: e.modelId,
    modelHash: e.modelHash,
    blockSizeTokens: 16,
    tokenizerId: e.tokenizer.id,
    contextTokens: 2048,
    hashScheme: 'xxh3-chain-v1',
    arenaCapacityBlocks: 256,
    blockBytes: 8240,
    draining: false,
    ...over,
  };
}

function cluster(options: Pick<PipelineOptions, 'scheduling' | 'disaggregation' | 'prefixWait' | 'onPrefixDemand' | 'decodeMigration' | 'onDecodeMigration'> = {}, ids = { prefill: ['p1', 'p2'], decode: ['d1', 'd2'] }) {
  const pool = new MemoryKvPool();
  const prefill = new Map(ids.prefill.map((id) => [id, new PrefillWorker(engine(), pool, clock)]));
  const decode = new Map(ids.decode.map((id) => [id, new DecodeBatcher(engine(), pool, { maxBatchSize: 8, monotonicMs: () => performance.now() })]));
  const gateways = new InProcessGateways(prefill, decode);
  const registry = new InstanceRegistry();
  for (const id of prefill.keys()) registry.add(instanceId(id), 'prefill');
  for (const id of decode.keys()) registry.add(instanceId(id), 'decode');
  for (const id of [...prefill.keys(), ...decode.keys()]) registry.observe(instanceId(id), facts({ reportedId: id }));
  const profile = (built: ReturnType<typeof buildProfile>) => expectOk(built, 'scheduling profile');
  const scheduler = new Scheduler({
    prefill: profile(buildProfile(prefillProfileOf('prefix-aware', false), 'prefill', builtinPlugins(), {})),
    decode: profile(buildProfile(decodeProfileOf('least-loaded'), 'decode', builtinPlugins(), {})),
    maxInFlightPerInstance: 8,
    retryAfterMs: 500,
  });
  const pipeline = new RequestPipeline({ scheduler, registry, prefill: gateways, decode: gateways, clock, attemptsPerPhase: 2, ...options });
  const e = engine();
  const hasher = new BlockKeyHasher(blockHashOptions({ modelId: e.modelId, tenantSalt: '', blockSizeTokens: 16 }));
  /** Runs one request; `abortAfterTokens` aborts its signal, as a client gone would, once that many tokens were sent. */
  const run = async (prompt: number[], params = greedy, requestId = 'r', abortAfterTokens?: number) => {
    const tokens: GeneratedToken[] = [];
    const dispatched: string[] = [];
    const caller = new AbortController();
    const sink = {
      dispatched: (id: string) => dispatched.push(`${id} after ${tokens.length} tokens`),
      token: (t: GeneratedToken) => {
        tokens.push(t);
        if (tokens.length === abortAfterTokens) caller.abort();
      },
    };
    const result = await pipeline.run({ requestId, modelId: e.modelId, promptTokens: prompt, tenantSalt: '', generation: params }, hasher, sink, caller.signal);
    return { result, tokens, dispatched };
  };
  /** Runs `a` with its prefill held until `release` (or until `fail` breaks it); `inFlight` resolves once its prefill call is out. */
  const runHeld = (prompt: number[]) => {
    let release: () => void = () => undefined;
    let fail: (error: Error) => void = () => undefined;
    gateways.heldPrefills.set('a', new Promise<void>((resolve, reject) => ((release = resolve), (fail = reject))));
    let out: () => void = () => undefined;
    const inFlight = new Promise<void>((resolve) => (out = resolve));
    const sink = { dispatched: () => out(), token: () => undefined };
    const done = pipeline.run({ requestId: 'a', modelId: e.modelId, promptTokens: prompt, tenantSalt: '', generation: greedy }, hasher, sink, new AbortController().signal);
    return { inFlight, release, fail, done };
  };
  return { gateways, registry, run, runHeld };
}

const prompt = [...Buffer.from('A prompt long enough to fill a few blocks of sixteen tokens each, and then some.')];

describe('RequestPipeline', () => {
  it('tells each decision\'s branch and time, and each prefill call before its first token', async () => {
    const decided: { branch: string; seconds: number }[] = [];
    const { run } = cluster({ scheduling: { decided: (branch, seconds) => decided.push({ branch, seconds }), estimatedTtftSeconds: () => undefined } });
    const cold = await run(prompt);
    const warm = await run(prompt);
    expect(decided.map((d) => d.branch)).toEqual(['recompute', 'holder']);
    for (const { seconds } of decided) expect(seconds).toBeGreaterThanOrEqual(0);
    expect([cold.dispatched, warm.dispatched]).toEqual([['p1 after 0 tokens'], ['p1 after 0 tokens']]);
  });

  it('tells each request\'s prefix once, as it arrives, before any instance is called', async () => {
    const told: { keys: number; model: string; callsBefore: number }[] = [];
    const { run, gateways } = cluster({ onPrefixDemand: (demand) => told.push({ keys: demand.blockKeys.length, model: demand.modelId, callsBefore: gateways.calls.length }) });
    await run(prompt);
    await run(prompt);
    const model = engine().modelId;
    expect(told).toEqual([
      { keys: Math.floor(prompt.length / 16), model, callsBefore: 0 },
      { keys: Math.floor(prompt.length / 16), model, callsBefore: 2 },
    ]);
  });

  it('serves a request with prefill and decode on different instances, with the tokens of one process', async () => {
    const { run, gateways } = cluster();
    const { result, tokens } = await run(prompt);
    const expected = expectOk(await generate(engine(), prompt, greedy), 'single process');
    expect(tokens.map((t) => t.token)).toEqual(expected.tokens);
    expect(result).toMatchObject({ ok: true, value: { promptTokens: prompt.length, completionTokens: 20, finishReason: 'length', cachedTokens: 0 } });
    expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1']);
  });

  it('sends a repeated prompt to the prefill instance that holds its blocks', async () => {
    const { run, gateways } = cluster();
    await run(prompt);
    const { result } = await run(prompt);
    expect(gateways.calls.filter((c) => c.startsWith('prefill'))).toEqual(['prefill:p1', 'prefill:p1']);
    const full = Math.floor(prompt.length / 16) * 16;
    expect(result).toMatchObject({ ok: true, value: { cachedTokens: full, provenance: { reusedTokens: { device: full } } } });
  });

  it('retries prefill on another instance when the first is unreachable, and stops routing to it', async () => {
    const { run, gateways, registry } = cluster();
    gateways.dead.add('p1');
    const { result } = await run(prompt);
    expect(result.ok).toBe(true);
    expect(gateways.calls.slice(0, 2)).toEqual(['prefill:p1', 'prefill:p2']);
    expect(registry.states().find((s) => s.id === 'p1')?.health).toBe('down');
    await run(prompt);
    expect(gateways.calls.filter((c) => c === 'prefill:p1')).toHaveLength(1);
  });

  it('retries decode elsewhere when the chosen instance is unreachable before any token', async () => {
    const { run, gateways } = cluster();
    gateways.dead.add('d1');
    const { result, tokens } = await run(prompt);
    expect(result.ok).toBe(true);
    expect(tokens).toHaveLength(20);
    expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1', 'decode:d2']);
  });

  // Instances drained together (a rolling update, a node drained) each refuse the request in turn.
  it.each([
    ['prefill', ['prefill:p1', 'prefill:p2', 'prefill:p3', 'decode:d1']],
    ['decode', ['prefill:p1', 'decode:d1', 'decode:d2', 'decode:d3']],
  ] as const)('tries every %s instance that is up when all but the last refuse the request', async (role, calls) => {
    const { run, gateways } = cluster({}, { prefill: ['p1', 'p2', 'p3'], decode: ['d1', 'd2', 'd3'] });
    for (const id of role === 'prefill' ? ['p1', 'p2'] : ['d1', 'd2']) gateways.dead.add(id);
    const { result, tokens } = await run(prompt);
    expect(result.ok).toBe(true);
    expect(tokens).toHaveLength(20);
    expect(gateways.calls).toEqual(calls);
  });

  it('ends with decode-failed when the decode instance dies mid-stream and migration is off', async () => {
    const outcomes: string[] = [];
    const { run, gateways, registry } = cluster({ onDecodeMigration: (outcome) => outcomes.push(outcome) });
    gateways.dieAfterTokens.set('d1', 5);
    const { result, tokens } = await run(prompt);
    expect(result).toMatchObject({ ok: false, error: { kind: 'decode-failed', tokensSent: 5 } });
    expect(tokens).toHaveLength(6);
    expect(outcomes).toEqual(['disabled']);
    expect(registry.states().find((s) => s.id === 'd1')?.health).toBe('down');
  });

  describe('with decode migration', () => {
    const seeded: GenerationParams = { ...greedy, maxTokens: 30, sampling: { temperature: 0.9, topP: 0.95, topK: 0, seed: 11 }, frequencyPenalty: 0.4, logprobs: 1 };

    it.each([
      ['greedy', greedy, 1],
      ['greedy', greedy, 5],
      ['seeded, with a penalty and logprobs', seeded, 7],
      ['seeded, with a penalty and logprobs', seeded, 18],
    ] as const)('%s: a decode instance lost after %i tokens hands the request to another, which streams on with the uninterrupted run\'s tokens', async (_name, params, after) => {
      const outcomes: string[] = [];
      const whole = await cluster().run(prompt, params);
      const { run, gateways, registry } = cluster({ decodeMigration: true, onDecodeMigration: (outcome) => outcomes.push(outcome) });
      gateways.dieAfterTokens.set('d1', after);
      const { result, tokens } = await run(prompt, params);
      expect(tokens).toEqual(whole.tokens);
      expect(result).toMatchObject({
        ok: true,
        value: { completionTokens: params.maxTokens, finishReason: 'length', provenance: { decodeInstance: 'd2', decodeMigrations: [{ fromInstance: 'd1', afterTokens: 1 + after }] } },
      });
      expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1', 'decode:d2']);
      expect(outcomes).toEqual(['migrated']);
      expect(registry.states().find((s) => s.id === 'd1')?.health).toBe('down');
      expect(registry.states().find((s) => s.id === 'd2')?.health).not.toBe('down');
    });

    it('moves again when the second instance is lost too, and ends with an error once no instance is left', async () => {
      const outcomes: string[] = [];
      const { run, gateways } = cluster({ decodeMigration: true, onDecodeMigration: (outcome) => outcomes.push(outcome) }, { prefill: ['p1'], decode: ['d1', 'd2', 'd3'] });
      const whole = await cluster().run(prompt);
      gateways.dieAfterTokens.set('d1', 3);
      gateways.dieAfterTokens.set('d2', 4);
      const moved = await run(prompt, greedy, 'moved');
      expect(moved.tokens).toEqual(whole.tokens);
      expect(moved.result).toMatchObject({ ok: true, value: { provenance: { decodeMigrations: [{ fromInstance: 'd1', afterTokens: 4 }, { fromInstance: 'd2', afterTokens: 8 }] } } });
      gateways.dieAfterTokens.set('d3', 2);
      const lost = await run(prompt, greedy, 'lost');
      expect(lost.result).toMatchObject({ ok: false, error: { kind: 'decode-failed', tokensSent: 2 } });
      expect(outcomes).toEqual(['migrated', 'migrated', 'no-instance']);
    });

    it.each([
      ['on: it is marked down and the request starts afresh on another', true, ['prefill:p1', 'decode:d1', 'decode:d2']],
      ['off: the request ends there, as before', false, ['prefill:p1', 'decode:d1']],
    ] as const)('a decode instance silent before its first decode token, migration %s', async (_what, decodeMigration, calls) => {
      const { run, gateways, registry } = cluster({ decodeMigration });
      gateways.silent.add('d1');
      const { result, tokens } = await run(prompt);
      expect(result.ok).toBe(decodeMigration);
      expect(tokens).toHaveLength(decodeMigration ? 20 : 1);
      expect(gateways.calls).toEqual(calls);
      expect(registry.states().find((s) => s.id === 'd1')?.health).toBe(decodeMigration ? 'down' : 'up');
    });

    it('a caller gone mid-stream is not moved, nor counted, and leaves the instance up', async () => {
      const outcomes: string[] = [];
      const { run, gateways, registry } = cluster({ decodeMigration: true, onDecodeMigration: (outcome) => outcomes.push(outcome) });
      const { result } = await run(prompt, greedy, 'gone', 4);
      expect(result).toMatchObject({ ok: false, error: { kind: 'decode-failed' } });
      expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1']);
      expect(outcomes).toEqual([]);
      expect(registry.states().find((s) => s.id === 'd1')?.health).not.toBe('down');
    });

    it('a request run whole on its decode instance resumes on another after the tokens it streamed, the first included', async () => {
      const rule = { mode: 'never' as const, maxLocalPrefillTokens: 32, tbtSloMs: 1000 };
      const whole = await cluster({ disaggregation: rule }).run(prompt);
      const { run, gateways } = cluster({ disaggregation: rule, decodeMigration: true });
      gateways.dieAfterTokens.set('d1', 4);
      const { result, tokens } = await run(prompt);
      expect(tokens).toEqual(whole.tokens);
      expect(result).toMatchObject({
        ok: true,
        value: { completionTokens: 20, provenance: { prefillInstance: 'd1', decodeInstance: 'd2', computedTokens: prompt.length, decodeMigrations: [{ fromInstance: 'd1', afterTokens: 4 }] } },
      });
    });
  });

  it('rejects when no prefill instance is up', async () => {
    const { run, registry } = cluster();
    registry.markDown(instanceId('p1'), 'gone');
    registry.markDown(instanceId('p2'), 'gone');
    expect((await run(prompt)).result).toMatchObject({ ok: false, error: { kind: 'rejected', reason: 'no-prefill-instance', retryAfterMs: 500 } });
  });

  it('finishes at prefill when the first token ends the request', async () => {
    const { run, gateways } = cluster();
    const { result, tokens } = await run(prompt, { ...greedy, maxTokens: 1 });
    expect(tokens).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, value: { completionTokens: 1, finishReason: 'length', provenance: { decodeInstance: undefined } } });
    expect(gateways.calls).toEqual(['prefill:p1']);
  });
});

describe('InstanceRegistry', () => {
  it('refuses an instance whose block keys could not match, saying why', () => {
    const registry = new InstanceRegistry();
    registry.add(instanceId('a'), 'prefill');
    registry.add(instanceId('b'), 'prefill');
    expect(registry.observe(instanceId('a'), facts())).toBeUndefined();
    const reason = registry.observe(instanceId('b'), facts({ blockSizeTokens: 32 }));
    expect(reason).toContain('blockSizeTokens 32 differs');
    expect(registry.snapshot('prefill').map((s) => [s.id, s.routable])).toEqual([
      ['a', true],
      ['b', false],
    ]);
  });
});

describe('RequestPipeline choosing whether to disaggregate', () => {
  const rule = (mode: 'never' | 'always' | 'auto') => ({ mode, maxLocalPrefillTokens: 32, tbtSloMs: 1000 });

  it('never: the decode instance runs the whole request, with the tokens of one process and of a disaggregated run', async () => {
    const ran: string[] = [];
    const local = cluster({ disaggregation: rule('never'), scheduling: { decided: () => undefined, estimatedTtftSeconds: () => undefined, ran: (c) => ran.push(`${c.run}:${c.reason}`) } });
    const { result, tokens, dispatched } = await local.run(prompt);
    const disaggregated = await cluster({ disaggregation: rule('always') }).run(prompt);
    const expected = expectOk(await generate(engine(), prompt, greedy), 'single process');
    expect(tokens.map((t) => t.token)).toEqual(expected.tokens);
    expect(disaggregated.tokens.map((t) => t.token)).toEqual(expected.tokens);
    expect(local.gateways.calls).toEqual(['decode:d1']);
    expect(dispatched).toEqual(['d1 after 0 tokens']);
    expect(ran).toEqual(['local:never']);
    expect(result).toMatchObject({
      ok: true,
      value: { completionTokens: 20, cachedTokens: 0, provenance: { prefillInstance: 'd1', decodeInstance: 'd1', computedTokens: prompt.length, disaggregation: { run: 'local', reason: 'never' } } },
    });
    expect(disaggregated.result).toMatchObject({ ok: true, value: { provenance: { prefillInstance: 'p1', decodeInstance: 'd1', disaggregation: { run: 'disaggregated', reason: 'always' } } } });
  });

  it('never: a prompt the decode instance has run before is loaded from its memory, not computed', async () => {
    const { run } = cluster({ disaggregation: rule('never') });
    await run(prompt);
    const { result, tokens } = await run(prompt);
    const full = Math.floor(prompt.length / 16) * 16;
    expect(tokens.map((t) => t.token)).toEqual(expectOk(await generate(engine(), prompt, greedy), 'single process').tokens);
    expect(result).toMatchObject({ ok: true, value: { cachedTokens: full, provenance: { reusedTokens: { device: full }, computedTokens: prompt.length - full } } });
  });

  it('auto: a short prompt runs on the decode instance, a long one is disaggregated', async () => {
    const { run, gateways } = cluster({ disaggregation: rule('auto') });
    const short = await run(prompt.slice(0, 20));
    expect(gateways.calls).toEqual(['decode:d1']);
    const long = await run(prompt);
    expect(gateways.calls.slice(1)).toEqual(['prefill:p1', 'decode:d1']);
    expect(short.result).toMatchObject({ ok: true, value: { provenance: { disaggregation: { run: 'local', reason: 'short-uncached' } } } });
    expect(long.result).toMatchObject({ ok: true, value: { provenance: { disaggregation: { run: 'disaggregated', reason: 'long-uncached' } } } });
  });

  it('never: a local run whose decode instance is unreachable runs whole on another', async () => {
    const { run, gateways } = cluster({ disaggregation: rule('never') });
    gateways.dead.add('d1');
    const { result, tokens } = await run(prompt);
    expect(gateways.calls).toEqual(['decode:d1', 'decode:d2']);
    expect(tokens.map((t) => t.token)).toEqual(expectOk(await generate(engine(), prompt, greedy), 'single process').tokens);
    expect(result).toMatchObject({ ok: true, value: { provenance: { prefillInstance: 'd2', decodeInstance: 'd2' } } });
  });

  it.each<['never' | 'auto', string]>([
    ['never', 'never'],
    ['auto', 'no-prefill'],
  ])('%s: with no prefill instance up, the decode instance runs the request whole, deciding only where to decode', async (mode, reason) => {
    const decided: string[] = [];
    const { run, registry, gateways } = cluster({ disaggregation: rule(mode), scheduling: { decided: (branch) => decided.push(branch), estimatedTtftSeconds: () => undefined } });
    registry.markDown(instanceId('p1'), 'gone');
    registry.markDown(instanceId('p2'), 'gone');
    const { result, tokens } = await run(prompt);
    expect(tokens.map((t) => t.token)).toEqual(expectOk(await generate(engine(), prompt, greedy), 'single process').tokens);
    expect(gateways.calls).toEqual(['decode:d1']);
    expect(decided.at(-1)).toBe('local');
    expect(result).toMatchObject({ ok: true, value: { provenance: { prefillInstance: 'd1', decodeInstance: 'd1', disaggregation: { run: 'local', reason } } } });
  });

  it('always: with no prefill instance up, the request is refused', async () => {
    const { run, registry } = cluster({ disaggregation: rule('always') });
    registry.markDown(instanceId('p1'), 'gone');
    registry.markDown(instanceId('p2'), 'gone');
    expect((await run(prompt)).result).toMatchObject({ ok: false, error: { kind: 'rejected', reason: 'no-prefill-instance' } });
  });

  it('a one-token request run locally ends with its first token', async () => {
    const { run } = cluster({ disaggregation: rule('never') });
    const { result, tokens } = await run(prompt, { ...greedy, maxTokens: 1 });
    expect(tokens).toHaveLength(1);
    expect(result).toMatchObject({ ok: true, value: { completionTokens: 1, finishReason: 'length' } });
  });
});

describe('RequestPipeline waiting for an in-flight prefix', () => {
  const long = [...Buffer.from('A longer prompt whose prefill is held in flight while a second request that shares its first blocks arrives at the conductor.')];
  const shared = Math.floor(long.length / 16);
  const follower = [...long.slice(0, shared * 16), ...Buffer.from(' and then asks a question of its own')];
  const expected = async (p: number[]) => expectOk(await generate(engine(), p, greedy), 'single process').tokens;

  it('waits for the blocks being computed, then is routed to their holder and computes only its suffix', async () => {
    const waits: string[] = [];
    const { run, runHeld, gateways } = cluster({ prefixWait: { enabled: true, maxWaitMs: 60_000 }, scheduling: { decided: () => undefined, estimatedTtftSeconds: () => undefined, waited: (o) => waits.push(o) } });
    const a = runHeld(long);
    await a.inFlight;
    const b = run(follower, greedy, 'b');
    await Promise.resolve();
    expect(gateways.calls).toEqual(['prefill:p1']);
    a.release();
    const [{ result, tokens }] = await Promise.all([b, a.done]);
    expect(tokens.map((t) => t.token)).toEqual(await expected(follower));
    expect(gateways.calls.filter((c) => c.startsWith('prefill'))).toEqual(['prefill:p1', 'prefill:p1']);
    expect(result).toMatchObject({
      ok: true,
      value: { provenance: { reusedTokens: { device: shared * 16 }, computedTokens: follower.length - shared * 16, waited: { blocks: shared, requestId: 'a', outcome: 'answered' } } },
    });
    expect(waits).toEqual(['answered']);
  });

  it('stops waiting when the prefill it waits for fails, and computes the prefix itself', async () => {
    const waits: string[] = [];
    const { run, runHeld } = cluster({ prefixWait: { enabled: true, maxWaitMs: 60_000 }, scheduling: { decided: () => undefined, estimatedTtftSeconds: () => undefined, waited: (o) => waits.push(o) } });
    const a = runHeld(long);
    await a.inFlight;
    const b = run(follower, greedy, 'b');
    a.fail(new Error('the prefill instance crashed'));
    await expect(a.done).rejects.toThrow('crashed');
    const { result, tokens } = await b;
    expect(tokens.map((t) => t.token)).toEqual(await expected(follower));
    expect(result).toMatchObject({ ok: true, value: { cachedTokens: 0, provenance: { computedTokens: follower.length, waited: { requestId: 'a', outcome: 'failed' } } } });
    expect(waits).toEqual(['failed']);
  });

  it.each<[string, PrefixWaitRule, Record<string, unknown> | undefined]>([
    ['with the rule off, computes the shared prefix again while it is in flight', { enabled: false, maxWaitMs: 60_000 }, undefined],
    ['stops waiting at the bound and computes', { enabled: true, maxWaitMs: 20 }, { blocks: shared, requestId: 'a', outcome: 'timed-out' }],
  ])('%s', async (_what, prefixWait, waited) => {
    const { run, runHeld } = cluster({ prefixWait });
    const a = runHeld(long);
    await a.inFlight;
    const { result, tokens } = await run(follower, greedy, 'b');
    a.release();
    await a.done;
    expect(tokens.map((t) => t.token)).toEqual(await expected(follower));
    expect(result).toMatchObject({ ok: true, value: { cachedTokens: 0, provenance: { computedTokens: follower.length } } });
    if (!result.ok) return;
    if (waited) expect(result.value.provenance.waited).toMatchObject(waited);
    else expect(result.value.provenance.waited).toBeUndefined();
  });
});
