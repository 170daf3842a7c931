import OpenAI from 'openai';
import { type GenerationParams } from '@tsukimi/engine';
import { type ServiceProcess } from '@tsukimi/service-kit/testing';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { promptText as text } from './prompt-text';
import { type Provenance } from './provenance.client';

const BLOCK_TOKENS = 16;
const MAX_TOKENS = 8;
const greedy: GenerationParams = { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false };
/** 37 full blocks and a partial one. */
const PREFIX = text(600, 31);
const FULL_BLOCKS = Math.floor(PREFIX.length / BLOCK_TOKENS);

type WithTokenIds<T> = T & { token_ids?: number[] };

async function complete(port: number, model: string, prompt: string): Promise<{ tokens: number[]; provenance: Provenance }> {
  const client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
  const completion = await client.completions.create({ model, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming);
  const tokens = (completion.choices[0] as WithTokenIds<OpenAI.CompletionChoice>).token_ids ?? [];
  return { tokens, provenance: (completion.usage as unknown as { tsukimi: Provenance }).tsukimi };
}

describe('a request run whole on a decode instance stores its prompt blocks in the pool', () => {
  let cluster: ClusterUnderTest;
  let always: ServiceProcess | undefined;
  let alone: GenerationAlone;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, disaggregation: 'never' });
    alone = GenerationAlone.load(cluster.modelPath);
  }, 120_000);

  afterAll(async () => {
    always?.signal('SIGTERM');
    await Promise.all([always?.waitForExit(20_000).catch(() => undefined), cluster?.stop()]);
  }, 60_000);

  const expected = async (prompt: string) => (await alone.run([...Buffer.from(prompt)], greedy)).map((t) => t.token);
  const prefillDram = () => cluster.metric(cluster.prefill[0]!, 'tsukimi_instance_reused_tokens_total{role="prefill",tier="dram"}');

  it('never: the decode instance computes the prompt, then stores its full blocks; a prefill instance then loads that prefix from the pool', async () => {
    const local = await complete(cluster.conductor.httpPort, cluster.modelId, PREFIX);
    expect(local.tokens).toEqual(await expected(PREFIX));
    expect(local.provenance).toMatchObject({ prefill_instance: 'decode-0', computed_tokens: PREFIX.length, disaggregation: { run: 'local', reason: 'never' } });
    await cluster.waitForMetric(cluster.decode[0]!, 'tsukimi_instance_local_stored_blocks_total', (blocks) => blocks >= FULL_BLOCKS);
    expect(await cluster.metric(cluster.decode[0]!, 'tsukimi_instance_local_stored_blocks_total')).toBe(FULL_BLOCKS);
    expect(await cluster.metric(cluster.prefill[0]!, 'tsukimi_instance_prefill_requests_total')).toBe(0);

    // The same instances and pool behind a conductor that disaggregates every request.
    always = await cluster.conductorBeside('always');
    const dramBefore = await prefillDram();
    const prompt = `${PREFIX.slice(0, FULL_BLOCKS * BLOCK_TOKENS)}${text(40, 32)}`;
    const reused = await complete(always.httpPort, cluster.modelId, prompt);

    expect(reused.tokens).toEqual(await expected(prompt));
    expect(reused.provenance).toMatchObject({ prefill_instance: 'prefill-0', disaggregation: { run: 'disaggregated' }, reused_tokens: { device: 0, dram: FULL_BLOCKS * BLOCK_TOKENS, ssd: 0 } });
    expect((await prefillDram()) - dramBefore).toBe(FULL_BLOCKS * BLOCK_TOKENS);
    expect(await cluster.metric(cluster.prefill[0]!, 'tsukimi_instance_prefill_requests_total')).toBe(1);
  }, 90_000);
});
