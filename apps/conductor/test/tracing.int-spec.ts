import OpenAI from 'openai';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { OtlpJsonReceiver, type ReceivedSpan } from '@tsukimi/tracing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText } from './prompt-text';

const MAX_TOKENS = 6;
const SERVER = 2;
const CLIENT = 3;

function complete(conductor: ServiceProcess, model: string, prompt: string, headers: Record<string, string> = {}) {
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${conductor.httpPort}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  return client.completions.create({ model, prompt, max_tokens: MAX_TOKENS, temperature: 0 }, { headers });
}

/** The one span of `spans` that `match` picks; fails naming what there was when there is not exactly one. */
function one(spans: readonly ReceivedSpan[], match: (s: ReceivedSpan) => boolean, what: string): ReceivedSpan {
  const found = spans.filter(match);
  if (found.length !== 1) throw new Error(`expected one ${what}, found ${found.length} among ${spans.map((s) => `${s.service}/${s.name}`).join(', ')}`);
  return found[0]!;
}

describe('tracing across a local cluster (OTLP/HTTP JSON to an in-process receiver)', () => {
  let receiver: OtlpJsonReceiver;
  let cluster: ClusterUnderTest;
  let untraced: ServiceProcess;

  beforeAll(async () => {
    receiver = await OtlpJsonReceiver.start();
    const otlp = ['--otlp-endpoint', receiver.endpoint];
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, kvpoolArgs: ['--dram-bytes', '64MiB', ...otlp], engineArgs: otlp, conductorArgs: otlp });
    // A conductor without --otlp-endpoint over the same traced instances and pool.
    untraced = await cluster.conductorBeside('always');
  }, 180_000);

  afterAll(async () => {
    untraced?.signal('SIGTERM');
    await Promise.all([untraced?.waitForExit(20_000).catch(() => undefined), cluster?.stop()]);
    await receiver?.close();
  }, 60_000);

  it('one request is one trace: the conductor\'s request span over schedule, prefill (the prefill service\'s spans under it), kv_transfer and decode (the decode service\'s), with the GenAI attributes; an untraced conductor\'s request sends nothing', async () => {
    const prefix = promptText(300, 7);
    // The traced prompt begins with the untraced one: its first blocks are reused (cache_read > 0),
    // the rest computed and stored, so the prefill instance's pool calls reach the master.
    // Untraced first: its request carries no traceparent, so no service may open a span for it. The
    // services export in the order spans end, so by the time the traced request's spans have all
    // arrived, any span of the untraced one would have arrived before them.
    await complete(untraced, cluster.modelId, prefix);
    const completion = await complete(cluster.conductor, cluster.modelId, prefix + promptText(100, 8));
    const rootName = `text_completion ${cluster.modelId}`;
    const spans = await receiver.until((received) => {
      const names = new Set(received.map((s) => `${s.service}/${s.name}`));
      return ['conductor/' + rootName, 'conductor/kv_transfer', 'prefill/prefill', 'prefill/prefill.store', 'kvpool/master.putEnd', 'decode/decode', 'decode/decode.generate'].every((n) => names.has(n));
    }, 30_000);

    expect(receiver.refused).toEqual([]);
    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    const root = one(spans, (s) => s.name === rootName, 'request span');
    expect(root).toMatchObject({ service: 'conductor', kind: SERVER, parentSpanId: undefined, failed: false });
    const cached = (completion.usage as OpenAI.CompletionUsage & { prompt_tokens_details?: { cached_tokens?: number } }).prompt_tokens_details?.cached_tokens ?? 0;
    expect(cached).toBeGreaterThan(0);
    expect(root.attributes).toMatchObject({
      'gen_ai.operation.name': 'text_completion',
      'gen_ai.request.model': cluster.modelId,
      'gen_ai.request.max_tokens': MAX_TOKENS,
      'gen_ai.request.temperature': 0,
      'gen_ai.usage.input_tokens': completion.usage!.prompt_tokens,
      'gen_ai.usage.output_tokens': completion.usage!.completion_tokens,
      'gen_ai.usage.cache_read.input_tokens': cached,
      'tsukimi.prefill.instance': 'prefill-0',
      'tsukimi.decode.instance': 'decode-0',
    });

    const childOf = (parent: ReceivedSpan) => (s: ReceivedSpan) => s.parentSpanId === parent.spanId;
    const underRoot = spans.filter(childOf(root));
    expect(underRoot.map((s) => `${s.service}/${s.name}`).sort()).toEqual(['conductor/decode', 'conductor/kv_transfer', 'conductor/prefill', 'conductor/schedule']);
    expect(one(underRoot, (s) => s.name === 'schedule', 'schedule').attributes).toMatchObject({ 'tsukimi.schedule.decision': 'route', 'tsukimi.prefill.instance': `127.0.0.1:${cluster.prefill[0]!.grpcPort}` });
    expect(one(underRoot, (s) => s.name === 'kv_transfer', 'kv_transfer').attributes).toMatchObject({ 'tsukimi.store_failed': false });

    const prefillCall = one(underRoot, (s) => s.name === 'prefill', 'prefill call');
    expect(prefillCall.kind).toBe(CLIENT);
    const prefillServer = one(spans, childOf(prefillCall), 'prefill service span');
    expect(prefillServer).toMatchObject({ service: 'prefill', name: 'prefill', kind: SERVER });
    expect(prefillServer.attributes).toMatchObject({ 'tsukimi.instance.id': 'prefill-0', 'tsukimi.request.id': expect.any(String) });
    const inPrefill = spans.filter(childOf(prefillServer));
    expect(inPrefill.filter((s) => s.service === 'prefill').map((s) => s.name)).toEqual(expect.arrayContaining(['prefill.compute', 'prefill.store']));
    // The pool calls the prefill instance makes carry its span to the kvpool master.
    expect(inPrefill.filter((s) => s.service === 'kvpool').map((s) => s.name)).toEqual(expect.arrayContaining(['master.putStart', 'master.putEnd']));

    const decodeCall = one(underRoot, (s) => s.name === 'decode', 'decode call');
    expect(decodeCall.kind).toBe(CLIENT);
    const decodeServer = one(spans, childOf(decodeCall), 'decode service span');
    expect(decodeServer).toMatchObject({ service: 'decode', name: 'decode', kind: SERVER, failed: false });
    const inDecode = spans.filter(childOf(decodeServer));
    expect(inDecode.map((s) => s.name).sort()).toEqual(['decode.generate', 'decode.load']);
    expect(one(inDecode, (s) => s.name === 'decode.generate', 'generate').attributes['tsukimi.generated_tokens']).toBe(completion.usage!.completion_tokens - 1);
  }, 120_000);

  // Last: it stops the traced conductor.
  it('continues the trace of a client\'s traceparent; a conductor SIGTERMed at once after the request has sent its spans before it exits', async () => {
    const clientTrace = '0af7651916cd43dd8448eb211c80319c';
    const clientSpan = 'b7ad6b7169203331';
    await complete(cluster.conductor, cluster.modelId, promptText(50, 9), { traceparent: `00-${clientTrace}-${clientSpan}-01` });
    // Sooner than the 500 ms export interval: without the flush on shutdown these spans would still be batched.
    cluster.conductor.signal('SIGTERM');
    expect(await cluster.conductor.waitForExit(20_000)).toEqual({ code: 0, signal: null });
    const fromConductor = receiver.spans.filter((s) => s.service === 'conductor' && s.traceId === clientTrace);
    const root = one(fromConductor, (s) => s.name === `text_completion ${cluster.modelId}`, 'request span in the client\'s trace');
    expect(root).toMatchObject({ kind: SERVER, parentSpanId: clientSpan, failed: false });
    expect(fromConductor.filter((s) => s.parentSpanId === root.spanId).map((s) => s.name).sort()).toEqual(['decode', 'kv_transfer', 'prefill', 'schedule']);
  }, 60_000);
});
