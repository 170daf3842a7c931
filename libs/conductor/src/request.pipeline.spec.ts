import { generate } from '@tsukimi/engine';
import { expectOk } from '@tsukimi/result';
import { instanceId } from '@tsukimi/scheduler';
import { InstanceRegistry } from './instance.registry';
import { type PrefixWaitRule } from './in-flight/prefix-wait.policy';
import { cluster, engine, facts, greedy, prefixAwareScheduler, prompt } from './testing/pipeline.cluster';

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

  it('auto: a short prompt admission refuses to run beside the decode instance\'s batch is disaggregated, as its route was admitted', async () => {
    const routing = prefixAwareScheduler();
    // Admission's verdict on the prompt's chunks between the steps of the streams already there (predictive admission on a busy decode instance).
    const noRoomBesideTheBatch = {
      decide: routing.decide.bind(routing),
      decideLocal: () => ({ kind: 'reject' as const, reason: 'decode-overloaded' as const, retryAfterMs: 500, message: 'no decode instance keeps time between tokens under 100 ms with this request (best 181 ms)' }),
    };
    const ran: string[] = [];
    const { run, gateways } = cluster({ disaggregation: rule('auto'), scheduler: noRoomBesideTheBatch, scheduling: { decided: () => undefined, estimatedTtftSeconds: () => undefined, ran: (c) => ran.push(`${c.run}:${c.reason}`) } });
    const short = prompt.slice(0, 20);
    const { result, tokens } = await run(short);
    expect(gateways.calls).toEqual(['prefill:p1', 'decode:d1']);
    expect(ran).toEqual(['disaggregated:decode-busy']);
    expect(tokens.map((t) => t.token)).toEqual(expectOk(await generate(engine(), short, greedy), 'single process').tokens);
    expect(result).toMatchObject({ ok: true, value: { provenance: { prefillInstance: 'p1', decodeInstance: 'd1', disaggregation: { run: 'disaggregated', reason: 'decode-busy' } } } });
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
