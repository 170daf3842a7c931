import OpenAI from 'openai';
import { type GenerationParams } from '@tsukimi/engine';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { promptText as text } from './prompt-text';
import { type Provenance } from './provenance.client';

type WithTokenIds<T> = T & { token_ids?: number[] };

const MAX_TOKENS = 16;
const greedy: GenerationParams = { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false };
/** Past --max-local-prefill-tokens (256): under auto, an idle cluster disaggregates it. */
const LONG = text(600, 11);
/** Well under it: under auto, the decode instance runs it whole. */
const SHORT = text(40, 12);

async function complete(client: OpenAI, model: string, prompt: string): Promise<{ tokens: number[]; provenance: Provenance }> {
  const completion = await client.completions.create({ model, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming);
  const tokens = (completion.choices[0] as WithTokenIds<OpenAI.CompletionChoice>).token_ids ?? [];
  return { tokens, provenance: (completion.usage as unknown as { tsukimi: Provenance }).tsukimi };
}

/** Counters on each side of a run: what the prefill and decode instances and the conductor recorded. */
async function counters(cluster: ClusterUnderTest) {
  const [prefillRequests, decodeRequests, localPrefills, local, disaggregated] = await Promise.all([
    cluster.metricSum(cluster.prefill, 'tsukimi_instance_prefill_requests_total'),
    cluster.metricSum(cluster.decode, 'tsukimi_instance_decode_requests_total'),
    cluster.metricSum(cluster.decode, 'tsukimi_instance_local_prefills_total'),
    cluster.metric(cluster.conductor, 'tsukimi_scheduler_disaggregation_total{branch="local",reason="never"}'),
    cluster.metric(cluster.conductor, 'tsukimi_scheduler_disaggregation_total{branch="disaggregated",reason="long-uncached"}'),
  ]);
  return { prefillRequests, decodeRequests, localPrefills, local, disaggregated };
}

describe('conditional disaggregation on real processes', () => {
  let never: ClusterUnderTest;
  let auto: ClusterUnderTest;
  let alone: GenerationAlone;

  beforeAll(async () => {
    [never, auto] = await Promise.all([
      ClusterUnderTest.start({ prefill: 1, decode: 1, disaggregation: 'never' }),
      ClusterUnderTest.start({ prefill: 1, decode: 1, disaggregation: 'auto' }),
    ]);
    alone = GenerationAlone.load(never.modelPath);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([never?.stop(), auto?.stop()]);
  }, 60_000);

  const client = (cluster: ClusterUnderTest) => new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  const expected = async (prompt: string) => (await alone.run([...Buffer.from(prompt)], greedy)).map((t) => t.token);

  it('never: no prefill instance receives a request, and the tokens equal a disaggregated run and the model run alone', async () => {
    const before = await counters(never);
    const local = await complete(client(never), never.modelId, LONG);
    const disaggregated = await complete(client(auto), auto.modelId, LONG);
    const after = await counters(never);

    expect(local.tokens).toEqual(await expected(LONG));
    expect(disaggregated.tokens).toEqual(local.tokens);
    expect(local.provenance).toMatchObject({ prefill_instance: 'decode-0', decode_instance: 'decode-0', computed_tokens: LONG.length, disaggregation: { run: 'local', reason: 'never' } });
    expect(disaggregated.provenance).toMatchObject({ prefill_instance: 'prefill-0', decode_instance: 'decode-0', disaggregation: { run: 'disaggregated', reason: 'long-uncached' } });
    expect(after.prefillRequests).toBe(before.prefillRequests);
    expect(after.prefillRequests).toBe(0);
    expect([after.decodeRequests - before.decodeRequests, after.localPrefills - before.localPrefills, after.local - before.local]).toEqual([1, 1, 1]);
  }, 60_000);

  it('never: a streamed request gives the same tokens, the first one included', async () => {
    const stream = await client(never).completions.create({ model: never.modelId, prompt: SHORT, max_tokens: MAX_TOKENS, temperature: 0, stream: true, return_token_ids: true } as OpenAI.CompletionCreateParamsStreaming);
    const streamed: number[] = [];
    for await (const chunk of stream) streamed.push(...((chunk.choices[0] as WithTokenIds<OpenAI.CompletionChoice> | undefined)?.token_ids ?? []));
    expect(streamed).toEqual(await expected(SHORT));
    expect(await never.metricSum(never.prefill, 'tsukimi_instance_prefill_requests_total')).toBe(0);
  }, 60_000);

  it('auto: a short prompt runs whole on the decode instance, a long one is disaggregated', async () => {
    const before = await counters(auto);
    const short = await complete(client(auto), auto.modelId, SHORT);
    const middle = await counters(auto);
    const long = await complete(client(auto), auto.modelId, text(600, 13));
    const after = await counters(auto);

    expect(short.tokens).toEqual(await expected(SHORT));
    expect(short.provenance).toMatchObject({ prefill_instance: 'decode-0', disaggregation: { run: 'local', reason: 'short-uncached' } });
    expect([middle.prefillRequests - before.prefillRequests, middle.localPrefills - before.localPrefills]).toEqual([0, 1]);
    expect(await auto.metric(auto.conductor, 'tsukimi_scheduler_disaggregation_total{branch="local",reason="short-uncached"}')).toBeGreaterThanOrEqual(1);

    expect(long.tokens).toEqual(await expected(text(600, 13)));
    expect(long.provenance).toMatchObject({ prefill_instance: 'prefill-0', disaggregation: { run: 'disaggregated', reason: 'long-uncached' } });
    expect([after.prefillRequests - middle.prefillRequests, after.localPrefills - middle.localPrefills, after.disaggregated - middle.disaggregated]).toEqual([1, 0, 1]);
  }, 60_000);
});
