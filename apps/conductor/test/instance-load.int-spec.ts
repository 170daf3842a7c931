import OpenAI from 'openai';
import { httpGet, sampleValue, type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

const LOAD = ['ready', 'queue_depth', 'batch_size', 'active_sequences', 'kv_used_blocks'] as const;

/** The instance's load gauges of `role`, as its /metrics reads now. */
async function loadOf(service: ServiceProcess, role: 'prefill' | 'decode'): Promise<Record<(typeof LOAD)[number], number | undefined>> {
  const exposition = (await httpGet(service.httpPort, '/metrics')).body;
  return Object.fromEntries(LOAD.map((name) => [name, sampleValue(exposition, `tsukimi_instance_${name}{role="${role}"}`)])) as Record<(typeof LOAD)[number], number | undefined>;
}

describe('an instance\'s load on /metrics', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;

  beforeAll(async () => {
    // One seat per decode step: a second and third generating request wait for it.
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, decodeArgs: ['--max-batch-size', '1'] });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  it('reads ready and idle on both roles before any request', async () => {
    expect(await loadOf(cluster.prefill[0]!, 'prefill')).toEqual({ ready: 1, queue_depth: 0, batch_size: 0, active_sequences: 0, kv_used_blocks: 0 });
    expect(await loadOf(cluster.decode[0]!, 'decode')).toEqual({ ready: 1, queue_depth: 0, batch_size: 0, active_sequences: 0, kv_used_blocks: 0 });
  });

  it('decode: three generating requests and one seat read as a batch of one, two queued and their KV blocks held; all of it returns to 0 once they leave', async () => {
    const controllers = [0, 1, 2].map(() => new AbortController());
    const streams = await Promise.all(
      controllers.map((controller, i) =>
        client.completions.create({ model: cluster.modelId, prompt: text(64, 20 + i), max_tokens: 1900, temperature: 0, stream: true, ignore_eos: true } as OpenAI.CompletionCreateParamsStreaming, { signal: controller.signal }),
      ),
    );
    // The first token comes from prefill; by the third the decode instance is generating.
    for (const stream of streams) {
      const iterator = stream[Symbol.asyncIterator]();
      for (let i = 0; i < 3; i++) await iterator.next();
    }
    const busy = await loadOf(cluster.decode[0]!, 'decode');
    expect(busy).toMatchObject({ ready: 1, queue_depth: 2, batch_size: 1, active_sequences: 3 });
    // Three prompts of 64 tokens and the tokens since: at least four 16-token blocks each.
    expect(busy.kv_used_blocks).toBeGreaterThanOrEqual(12);

    for (const controller of controllers) controller.abort();
    const deadline = Date.now() + 10_000;
    while ((await loadOf(cluster.decode[0]!, 'decode')).active_sequences !== 0 && Date.now() < deadline) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(await loadOf(cluster.decode[0]!, 'decode')).toEqual({ ready: 1, queue_depth: 0, batch_size: 0, active_sequences: 0, kv_used_blocks: 0 });
  });

  it('counts prompt tokens computed and reused by role: prefill computes a new prompt, decode loads its full blocks from the pool', async () => {
    const prompt = text(100, 40);
    await client.completions.create({ model: cluster.modelId, prompt, max_tokens: 4, temperature: 0 });
    const [prefill, decode] = await Promise.all([cluster.prefill[0]!, cluster.decode[0]!].map(async (s) => (await httpGet(s.httpPort, '/metrics')).body));
    expect(sampleValue(prefill!, 'tsukimi_instance_computed_tokens_total{role="prefill"}')).toBeGreaterThanOrEqual(100);
    const loaded = ['device', 'dram', 'ssd'].map((tier) => sampleValue(decode!, `tsukimi_instance_reused_tokens_total{role="decode",tier="${tier}"}`) ?? 0);
    expect(loaded.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(96);
    expect(sampleValue(decode!, 'tsukimi_instance_computed_tokens_total{role="decode"}')).toBeGreaterThan(0);
  });
});
