import OpenAI from 'openai';
import { type IndexLookupV1 } from '@tsukimi/kv-store';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { textTokens } from './greedy-completion';
import { type Provenance } from './provenance.client';
import { until } from '@tsukimi/service-kit/testing';

const BLOCK_TOKENS = 16;
const ANSWER_TOKENS = 96;
const greedy = { maxTokens: ANSWER_TOKENS, sampling: { temperature: 0, topP: 1, topK: 0, seed: 0 }, stop: [], ignoreEos: true };

/** One greedy completion of token ids: the tokens, the usage's cached tokens and where they came from. */
async function turn(client: OpenAI, model: string, prompt: number[]) {
  const request = { model, prompt, max_tokens: ANSWER_TOKENS, temperature: 0, ignore_eos: true, return_token_ids: true };
  const { choices, usage } = await client.completions.create(request as unknown as OpenAI.CompletionCreateParamsNonStreaming);
  return {
    tokens: (choices[0] as OpenAI.CompletionChoice & { token_ids: number[] }).token_ids,
    cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    provenance: (usage as unknown as { tsukimi: Provenance }).tsukimi,
  };
}

/** The leading blocks of `prompt` that the conductor's index of the pool places in a pool node's DRAM. */
async function dramBlocks(port: number, model: string, prompt: number[]): Promise<number> {
  const reply = await fetch(`http://127.0.0.1:${port}/index/v1/lookup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, prompt }) });
  const { blocks } = (await reply.json()) as IndexLookupV1;
  const inDram = blocks.map((block) => block.locations.some((location) => location.tier === 'dram'));
  return inDram.includes(false) ? inDram.indexOf(false) : inDram.length;
}

describe('a decode instance stopped after a conversation\'s turn', () => {
  let cluster: ClusterUnderTest;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 2 });
  }, 120_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  // The pool holds turn one's prompt (prefill stored it) but not its answer, which only the decode
  // instance's engine computed; turn two sends both back as its prompt.
  it('hands the answer\'s blocks to the pool on SIGTERM: the next turn reuses them, with the tokens of the model alone', async () => {
    const alone = GenerationAlone.load(cluster.modelPath);
    const client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    // A short question and a longer answer: the prefill instance holds the question's blocks itself, and
    // fetches a prefix from the pool only when it is --kvcache-balance-threshold (1.5) times longer.
    const turnOne = textTokens(56, 61);
    const first = await turn(client, cluster.modelId, turnOne);
    expect(first.tokens).toEqual((await alone.run(turnOne, greedy)).map((t) => t.token));
    const served = cluster.decode.find((_, i) => first.provenance.decode_instance === `decode-${i}`)!;
    expect(served).toBeDefined();

    served.signal('SIGTERM');
    expect(await served.waitForExit(30_000)).toEqual({ code: 0, signal: null });
    await cluster.waitForRoutable({ prefill: 1, decode: 1 });

    // The engine held the KV of the prompt and of every answer token but the last (never fed back).
    const kvBlocks = Math.floor((turnOne.length + first.tokens.length - 1) / BLOCK_TOKENS);
    const promptBlocks = Math.floor(turnOne.length / BLOCK_TOKENS);
    const turnTwo = [...turnOne, ...first.tokens, ...textTokens(24, 62)];
    // The conductor plans the prefill's loads from its index of the pool: it must know the answer's blocks are there.
    await until('the handed blocks in the conductor\'s pool index', async () => (await dramBlocks(cluster.conductor.httpPort, cluster.modelId, turnTwo)) >= kvBlocks);
    const second = await turn(client, cluster.modelId, turnTwo);
    expect(second.cachedTokens).toBe(kvBlocks * BLOCK_TOKENS);
    expect(second.provenance.reused_tokens).toEqual({ device: promptBlocks * BLOCK_TOKENS, dram: (kvBlocks - promptBlocks) * BLOCK_TOKENS, ssd: 0 });
    expect(second.tokens).toEqual((await alone.run(turnTwo, greedy)).map((t) => t.token));
    const handed = served.logs.find((line) => line['msg'] === 'engine blocks handed to the pool');
    expect(handed).toMatchObject({ handedBlocks: kvBlocks - promptBlocks, poolHadBlocks: promptBlocks, storeFailed: false, budgetSpent: false });
  }, 90_000);
});
