import { context, ROOT_CONTEXT, SpanKind, trace, TraceFlags } from '@opentelemetry/api';
import { InMemorySpanExporter, SamplingDecision } from '@opentelemetry/sdk-trace-base';
import { samplerFor } from './otel-sdk.provider';
import { activeTracer, startTracing, type TracingHandle } from './tracing.start';
import { inSpan, withinSpan } from './traced';

const PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const UNSAMPLED_PARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';

describe('samplerFor', () => {
  const traceId = 'ffffffffffffffffffffffffffffffff';
  const decide = (ratio: number, parent?: { sampled: boolean }) => {
    const ctx =
      parent === undefined
        ? ROOT_CONTEXT
        : trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId: '00f067aa0ba902b7', traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE, isRemote: true });
    return samplerFor(ratio).shouldSample(ctx, traceId, 'x', SpanKind.SERVER, {}, []).decision;
  };
  it.each([
    ['a new trace at ratio 1', 1, undefined, SamplingDecision.RECORD_AND_SAMPLED],
    ['a new trace at ratio 0', 0, undefined, SamplingDecision.NOT_RECORD],
    ['a sampled parent at ratio 0', 0, { sampled: true }, SamplingDecision.RECORD_AND_SAMPLED],
    ['an unsampled parent at ratio 1', 1, { sampled: false }, SamplingDecision.NOT_RECORD],
  ])('%s', (_, ratio, parent, decision) => {
    expect(decide(ratio, parent)).toBe(decision);
  });

  it('keeps about the ratio of new traces', () => {
    let kept = 0;
    const sampler = samplerFor(0.25);
    for (let i = 0; i < 4000; i++) {
      const traceId = (BigInt(i) * 0x9e3779b97f4a7c15n).toString(16).padStart(32, '0').slice(-32);
      if (sampler.shouldSample(ROOT_CONTEXT, traceId, 'x', SpanKind.SERVER, {}, []).decision === SamplingDecision.RECORD_AND_SAMPLED) kept++;
    }
    expect(kept / 4000).toBeGreaterThan(0.2);
    expect(kept / 4000).toBeLessThan(0.3);
  });
});

describe('startTracing', () => {
  it.each([
    [{ traceSampleRatio: 1 }],
    [{ otlpEndpoint: '', traceSampleRatio: 1 }],
  ])('with no endpoint registers nothing: %j', (settings) => {
    expect(startTracing({ service: 't', settings })).toEqual({ ok: true, value: undefined });
    expect(activeTracer()).toBeUndefined();
  });

  it.each([
    [{ otlpEndpoint: 'http://127.0.0.1:4318', traceSampleRatio: 1.5 }, /^traceSampleRatio: /],
    [{ otlpEndpoint: 'ftp://x', traceSampleRatio: 1 }, /^otlpEndpoint: /],
  ])('refuses %j naming the key', (settings, message) => {
    const started = startTracing({ service: 't', settings });
    expect(started.ok).toBe(false);
    if (!started.ok) expect(started.error).toMatch(message);
  });

  describe('once started', () => {
    const exporter = new InMemorySpanExporter();
    let handle: TracingHandle;
    beforeAll(() => {
      const started = startTracing({ service: 'unit', settings: { otlpEndpoint: 'http://127.0.0.1:1', traceSampleRatio: 1 }, exporter });
      if (!started.ok || !started.value) throw new Error('tracing did not start');
      handle = started.value;
    });
    afterAll(() => handle.shutdown());
    beforeEach(() => exporter.reset());

    const spans = async () => {
      await handle.flush();
      return exporter.getFinishedSpans();
    };

    it('makes spans opened across awaits inside a span its children, and a remote parent the parent', async () => {
      const tracer = activeTracer()!;
      expect(tracer).toBeDefined();
      let seen: string | undefined;
      await inSpan(tracer, 'request', { kind: 'server', parent: PARENT }, async () => {
        await Promise.resolve();
        await inSpan(tracer, 'schedule', {}, async () => {
          await new Promise((resolve) => setImmediate(resolve));
          seen = tracer.traceparent();
        });
      });
      const [schedule, request] = await spans();
      expect(request!.name).toBe('request');
      expect(request!.spanContext().traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
      expect(request!.parentSpanContext?.spanId).toBe('00f067aa0ba902b7');
      expect(schedule!.parentSpanContext?.spanId).toBe(request!.spanContext().spanId);
      expect(seen).toBe(`00-${schedule!.spanContext().traceId}-${schedule!.spanContext().spanId}-01`);
      expect(tracer.traceparent()).toBeUndefined();
    });

    it('follows an unsampled parent: nothing is recorded', async () => {
      await inSpan(activeTracer()!, 'request', { parent: UNSAMPLED_PARENT }, () => Promise.resolve());
      expect(await spans()).toHaveLength(0);
    });

    it('marks a span whose work rejects failed, and passes the rejection on', async () => {
      await expect(inSpan(activeTracer()!, 'prefill', {}, () => Promise.reject(new Error('instance gone')))).rejects.toThrow('instance gone');
      const [span] = await spans();
      expect(span!.status).toEqual({ code: 2, message: 'instance gone' });
    });

    it('pulls every item of an iterable inside its span and ends it when the consumer breaks', async () => {
      const tracer = activeTracer()!;
      const parents: (string | undefined)[] = [];
      async function* source() {
        for (let i = 0; i < 5; i++) {
          parents.push(trace.getSpan(context.active())?.spanContext().spanId);
          await Promise.resolve();
          yield i;
        }
      }
      const span = tracer.open('decode', { kind: 'client' });
      const got: number[] = [];
      for await (const item of withinSpan(span, source())) {
        got.push(item);
        if (item === 2) break;
      }
      expect(got).toEqual([0, 1, 2]);
      const [decode] = await spans();
      expect(decode!.name).toBe('decode');
      expect(parents).toEqual([decode!.spanContext().spanId, decode!.spanContext().spanId, decode!.spanContext().spanId]);
    });

    it('takes start and end times from the code that timed the work', async () => {
      const span = activeTracer()!.open('prefill.compute', { startEpochMs: 1_700_000_000_000, attributes: { 'tsukimi.tokens': 12, skipped: undefined } });
      span.end(1_700_000_000_250);
      const [done] = await spans();
      expect(done!.duration).toEqual([0, 250_000_000]);
      expect(done!.attributes).toEqual({ 'tsukimi.tokens': 12 });
    });
  });
});
