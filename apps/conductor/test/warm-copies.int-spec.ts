import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { type Provenance } from './provenance.client';

const BLOCK_TOKENS = 16;
const PREFIX_BLOCKS = 12;
const MAX_TOKENS = 4;
const HOT_REQUESTS = 3;

/** Byte tokens from a seed, none of them special. */
function tokens(length: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return 32 + (state % 95);
  });
}

describe('warm copies of a hot prefix on a second prefill instance', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  let alone: GenerationAlone;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({
      prefill: 2,
      decode: 1,
      conductorArgs: ['--warm-copies', '2', '--hot-prefix-threshold', String(HOT_REQUESTS), '--hot-prefix-window-ms', '10m'],
    });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    alone = GenerationAlone.load(cluster.modelPath);
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const prefix = tokens(PREFIX_BLOCKS * BLOCK_TOKENS, 1);
  let seed = 100;
  /** One greedy completion of the hot prefix and a question of its own; its tokens must be those of the model run alone. */
  const ask = async () => {
    const prompt = [...prefix, ...tokens(20, seed++)];
    const body = { model: cluster.modelId, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true } as unknown as OpenAI.CompletionCreateParamsNonStreaming;
    const completion = await client.completions.create(body);
    const expected = await alone.run(prompt, { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false });
    expect((completion.choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids).toEqual(expected.map((t) => t.token));
    return (completion.usage as unknown as { tsukimi: Provenance }).tsukimi;
  };
  const prefillMetric = (i: number, series: string) => cluster.metric(cluster.prefill[i]!, series);
  const warmed = (i: number) => prefillMetric(i, 'tsukimi_instance_warmed_blocks_total{tier="dram"}');
  const reused = (i: number, tier: string) => prefillMetric(i, `tsukimi_instance_reused_tokens_total{role="prefill",tier="${tier}"}`);

  it('loads the hot prefix into the second instance ahead of requests, which then reuse it from its memory, and the hit ratio holds when the first holder is killed', async () => {
    const first = await ask();
    const holder = cluster.prefill.findIndex((_, i) => first.prefill_instance === `prefill-${i}`);
    const other = 1 - holder;
    expect(holder).toBeGreaterThanOrEqual(0);
    expect(await warmed(other)).toBe(0);

    // Requests one after another, all served by the holder from its memory, until the prefix is hot and
    // the conductor has warmed the other instance (it waits for the pool's index to show the prefix).
    let asked = 1;
    while ((await warmed(other)) === 0) {
      expect(asked).toBeLessThan(HOT_REQUESTS + 20);
      const provenance = await ask();
      asked++;
      expect(provenance.reused_tokens.device).toBe(PREFIX_BLOCKS * BLOCK_TOKENS);
    }
    expect(asked).toBeGreaterThanOrEqual(HOT_REQUESTS);
    expect(await warmed(other)).toBe(PREFIX_BLOCKS);
    expect(await reused(other, 'dram')).toBe(0);
    expect(await cluster.metric(cluster.conductor, 'tsukimi_scheduler_warm_copies_total{reason="loaded"}')).toBe(1);

    // A burst: the warm copy spreads it over both instances, each reusing the prefix from its own memory.
    const burst = await Promise.all(Array.from({ length: 6 }, () => ask()));
    expect(burst.every((p) => p.reused_tokens.device === PREFIX_BLOCKS * BLOCK_TOKENS)).toBe(true);
    expect(burst.some((p) => p.prefill_instance === `prefill-${other}`)).toBe(true);
    expect(await reused(other, 'device')).toBeGreaterThanOrEqual(PREFIX_BLOCKS * BLOCK_TOKENS);
    expect(await reused(other, 'dram')).toBe(0);
    expect(await prefillMetric(other, 'tsukimi_instance_computed_tokens_total{role="prefill"}')).toBeLessThan(PREFIX_BLOCKS * BLOCK_TOKENS);

    cluster.prefill[holder]!.kill();
    const after = [];
    for (let i = 0; i < 4; i++) after.push(await ask());
    expect(after.map((p) => [p.prefill_instance, p.reused_tokens.device])).toEqual(after.map(() => [`prefill-${other}`, PREFIX_BLOCKS * BLOCK_TOKENS]));
  }, 120_000);
});
