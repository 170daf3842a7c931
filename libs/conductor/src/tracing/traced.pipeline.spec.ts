import { expectOk } from '@tsukimi/result';
import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { builtinPlugins, buildProfile, decodeProfileOf, instanceId, prefillProfileOf, Scheduler } from '@tsukimi/scheduler';
import { DecodeBatcher, MemoryKvPool, PrefillWorker } from '@tsukimi/serving';
import { inSpan, recordSpans, type RecordedSpan } from '@tsukimi/tracing';
import { InstanceRegistry } from '../instance.registry';
import { RequestPipeline } from '../request.pipeline';
import { InProcessGateways } from '../testing/in-process.gateways';
import { clock, engine, facts, greedy } from '../testing/pipeline.cluster';
import { TracedDecodeGateway, TracedPrefillGateway } from './traced.gateways';
import { tracedScheduler } from './traced.scheduler';
import { requestSpan, requestUsageAttributes } from './request.span';

const recorder = recordSpans('conductor');
afterAll(() => recorder.handle.shutdown());

function tracedCluster() {
  const pool = new MemoryKvPool();
  const gateways = new InProcessGateways(
    new Map(['p1', 'p2'].map((id) => [id, new PrefillWorker(engine(), pool, clock)])),
    new Map(['d1'].map((id) => [id, new DecodeBatcher(engine(), pool, { maxBatchSize: 8, monotonicMs: () => performance.now() })])),
  );
  const registry = new InstanceRegistry({});
  for (const [id, role] of [['p1', 'prefill'], ['p2', 'prefill'], ['d1', 'decode']] as const) {
    registry.add(instanceId(id), role);
    registry.observe(instanceId(id), facts({ reportedId: id }));
  }
  const scheduler = new Scheduler({
    prefill: expectOk(buildProfile(prefillProfileOf('prefix-aware', false), 'prefill', builtinPlugins(), {}), 'prefill profile'),
    decode: expectOk(buildProfile(decodeProfileOf('least-loaded'), 'decode', builtinPlugins(), {}), 'decode profile'),
    maxInFlightPerInstance: 8,
    retryAfterMs: 500,
  });
  const tracer = recorder.handle.tracer;
  const pipeline = new RequestPipeline({
    scheduler: tracedScheduler(scheduler, tracer),
    registry,
    prefill: new TracedPrefillGateway(gateways, tracer),
    decode: new TracedDecodeGateway(gateways, tracer),
    clock,
    attemptsPerPhase: 2,
  });
  const hasher = new BlockKeyHasher(blockHashOptions({ modelId: engine().modelId, tenantSalt: '', blockSizeTokens: 16 }));
  const run = (requestId: string, prompt: number[], traceparent?: string) => {
    const { name, options } = requestSpan({ endpoint: 'chat', model: 'tiny', requestId, maxTokens: greedy.maxTokens, sampling: greedy.sampling, choices: 1, traceparent });
    return inSpan(tracer, name, options, async (span) => {
      const result = await pipeline.run({ requestId, modelId: engine().modelId, promptTokens: prompt, tenantSalt: '', generation: greedy }, hasher, { token: () => undefined }, new AbortController().signal);
      const summary = expectOk(result, 'request');
      span.set(requestUsageAttributes({ promptTokens: summary.promptTokens, completionTokens: summary.completionTokens, cachedTokens: summary.cachedTokens }, [summary]));
      return summary;
    });
  };
  return { gateways, run };
}

/** Each span's name under its parent's, for the spans of one trace. */
function tree(spans: readonly RecordedSpan[]): string[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  return spans.map((s) => `${s.parentSpanId === undefined ? '(root)' : (byId.get(s.parentSpanId)?.name ?? '?')} > ${s.name}`).sort();
}

describe('the pipeline traced', () => {
  it('makes schedule, prefill, kv_transfer and decode children of the request span, with the GenAI usage on it', async () => {
    const { run } = tracedCluster();
    const prompt = Array.from({ length: 40 }, (_, i) => 65 + (i % 26));
    await run('first', prompt);
    await recorder.take();
    const summary = await run('again', prompt);
    const spans = await recorder.take();
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(tree(spans)).toEqual(['(root) > chat tiny', 'chat tiny > decode', 'chat tiny > kv_transfer', 'chat tiny > prefill', 'chat tiny > schedule'].sort());
    const root = spans.find((s) => s.name === 'chat tiny')!;
    expect(root.kind).toBe('server');
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': 'tiny',
      'gen_ai.request.max_tokens': 20,
      'gen_ai.usage.input_tokens': 40,
      'gen_ai.usage.output_tokens': 20,
      'gen_ai.usage.cache_read.input_tokens': summary.cachedTokens,
      'gen_ai.response.finish_reasons': ['length'],
      'tsukimi.request.id': 'again',
    });
    expect(summary.cachedTokens).toBe(32);
    const prefill = spans.find((s) => s.name === 'prefill')!;
    expect(prefill.kind).toBe('client');
    expect(prefill.attributes).toMatchObject({ 'tsukimi.computed_tokens': 8, 'tsukimi.blocks': 2 });
    expect(spans.find((s) => s.name === 'schedule')!.attributes).toMatchObject({ 'tsukimi.schedule.decision': 'route', 'tsukimi.prompt_tokens': 40 });
    expect(spans.find((s) => s.name === 'kv_transfer')!.attributes).toMatchObject({ 'tsukimi.store_failed': false });
    expect(spans.find((s) => s.name === 'decode')!.attributes).toMatchObject({ 'tsukimi.instance.id': 'd1', 'tsukimi.generated_tokens': 19 });
    expect(spans.every((s) => s.failed === undefined)).toBe(true);
  });

  it('marks each prefill call to a lost instance failed: the first try and the retry on the other instance', async () => {
    const { gateways, run } = tracedCluster();
    gateways.dead.add('p1');
    gateways.dead.add('p2');
    await expect(run('lost', [1, 2, 3, 4])).rejects.toThrow();
    const prefills = (await recorder.take()).filter((s) => s.name === 'prefill');
    expect(prefills.map((s) => s.attributes['tsukimi.instance.id']).sort()).toEqual(['p1', 'p2']);
    expect(prefills.map((s) => s.failed).sort()).toEqual(['p1 is unreachable', 'p2 is unreachable']);
    expect(prefills.every((s) => s.attributes['tsukimi.failure'] === 'unavailable')).toBe(true);
  });

  describe("a client's traceparent", () => {
    const CLIENT_TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
    const CLIENT_SPAN = '00f067aa0ba902b7';

    it('continues a sampled one: every span in the client\'s trace, the request span a child of the client\'s', async () => {
      const { run } = tracedCluster();
      await run('continued', [1, 2, 3, 4], `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`);
      const spans = await recorder.take();
      expect(spans.length).toBeGreaterThan(1);
      expect(spans.every((s) => s.traceId === CLIENT_TRACE)).toBe(true);
      expect(spans.find((s) => s.name === 'chat tiny')!.parentSpanId).toBe(CLIENT_SPAN);
    });

    it('keeps nothing of a trace the client did not sample, though new traces are kept at ratio 1', async () => {
      const { run } = tracedCluster();
      await run('unsampled', [1, 2, 3, 4], `00-${CLIENT_TRACE}-${CLIENT_SPAN}-00`);
      expect(await recorder.take()).toEqual([]);
    });

    it.each([
      ['garbage', 'not-a-traceparent'],
      ['a zero trace id', `00-${'0'.repeat(32)}-${CLIENT_SPAN}-01`],
      ['version ff', `ff-${CLIENT_TRACE}-${CLIENT_SPAN}-01`],
      ['a short span id', `00-${CLIENT_TRACE}-00f067aa-01`],
    ])('starts a new trace for %s', async (_, traceparent) => {
      const { run } = tracedCluster();
      await run('fresh', [1, 2, 3, 4], traceparent);
      const spans = await recorder.take();
      const root = spans.find((s) => s.name === 'chat tiny')!;
      expect(root.parentSpanId).toBeUndefined();
      expect(root.traceId).not.toBe(CLIENT_TRACE);
      expect(spans.every((s) => s.traceId === root.traceId)).toBe(true);
    });
  });
});
