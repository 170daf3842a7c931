import OpenAI from 'openai';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { seedPool, seedPoolWithCollisions } from './pool-seeder';
import { type Provenance } from './provenance.client';
import { promptText } from './prompt-text';

const BLOCK_TOKENS = 16;
const MAX_TOKENS = 8;
const DIGEST_REJECTS = 'tsukimi_kvpool_block_rejects_total{reason="digest"}';

/** Byte tokens from a seed, none of them special: `promptText`'s characters. */
const tokens = (length: number, seed: number): number[] => Array.from(promptText(length, seed), (c) => c.charCodeAt(0));

describe('a block whose key is the prompt\'s but whose identity is another prompt\'s (a key collision in the pool)', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  let alone: GenerationAlone;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, kvpoolArgs: ['--dram-bytes', '64MiB'] });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    alone = GenerationAlone.load(cluster.modelPath);
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  /** The cluster's greedy tokens for `prompt` with its provenance, and the model's alone. */
  async function complete(prompt: number[]) {
    const greedy = { maxTokens: MAX_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: false };
    const expectedIds = (await alone.run(prompt, greedy)).map((t) => t.token);
    const request = { model: cluster.modelId, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true };
    const { choices, usage } = await client.completions.create(request as unknown as OpenAI.CompletionCreateParamsNonStreaming);
    const provenance = (usage as unknown as { tsukimi: Provenance & { computed_tokens: number } }).tsukimi;
    return { tokenIds: (choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids, expectedIds, provenance };
  }

  const rejects = async () => ({ prefill: await cluster.metric(cluster.prefill[0]!, DIGEST_REJECTS), decode: await cluster.metric(cluster.decode[0]!, DIGEST_REJECTS) });

  it('is refused by the digest and recomputed by prefill and decode, and the tokens are the model\'s alone', async () => {
    const prefix = tokens(25 * BLOCK_TOKENS, 31);
    expect(await seedPoolWithCollisions(cluster.modelPath, cluster.kvpool.grpcPort!, prefix, tokens(25 * BLOCK_TOKENS, 32))).toBe(25);
    const before = await rejects();
    const prompt = [...prefix, ...tokens(40, 33)];
    const run = await complete(prompt);

    expect(run.tokenIds).toEqual(run.expectedIds);
    expect(run.provenance.reused_tokens).toEqual({ device: 0, dram: 0, ssd: 0 });
    expect(run.provenance.computed_tokens).toBe(prompt.length);
    // Each reader stops at the first block it refuses: one reject each, and every block after it is computed.
    expect(await rejects()).toEqual({ prefill: before.prefill + 1, decode: before.decode + 1 });
  }, 60_000);

  it('leaves sound blocks of the same model and salt usable: a prompt whose blocks carry their own digests is read, not recomputed', async () => {
    const prefix = tokens(25 * BLOCK_TOKENS, 41);
    expect(await seedPool(cluster.modelPath, cluster.kvpool.grpcPort!, prefix)).toBe(25);
    const before = await rejects();
    const run = await complete([...prefix, ...tokens(40, 42)]);

    expect(run.tokenIds).toEqual(run.expectedIds);
    expect(run.provenance.reused_tokens).toEqual({ device: 0, dram: 25 * BLOCK_TOKENS, ssd: 0 });
    expect(await rejects()).toEqual(before);
  }, 60_000);
});
