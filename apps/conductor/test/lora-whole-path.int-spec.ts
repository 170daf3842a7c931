import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import OpenAI from 'openai';
import { LlamaCppOracle } from '@tsukimi/engine-llamacpp';
import { generateTinyLora, generateTinyModel } from '@tsukimi/llama-model';
import { expectOk } from '@tsukimi/result';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** Instances run llama.cpp with the oracle's KV configuration (F32, flash attention off), so greedy tokens must agree exactly. */
const LLAMACPP = ['--engine', 'llamacpp', '--threads', '1', '--kv-dtype', 'f32', '--flash-attention=false', '--sequences', '4'];
const MAX_TOKENS = 12;

interface Usage {
  readonly prompt_tokens_details: { readonly cached_tokens: number };
  readonly tsukimi: {
    readonly prefill_instance: string;
    readonly reused_tokens: { device: number; dram: number; ssd: number };
    /** The scheduler's plan: `holder` when its prefix index, keyed as the conductor keys the request, shows the instance holding the prefix. */
    readonly schedule?: { readonly branch: string };
  };
}

describe('LoRA adapters through the whole path: one llama.cpp prefill and decode instance with adapters a and b', () => {
  let dir: string;
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  const oracles = new Map<string, LlamaCppOracle>();

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsukimi-lora-'));
    // The cluster serves the default tiny model; the adapters are made for the same bytes.
    const base = generateTinyModel();
    const lora = { a: path.join(dir, 'a.gguf'), b: path.join(dir, 'b.gguf') };
    fs.writeFileSync(lora.a, expectOk(generateTinyLora(base, { seed: 1 }), 'lora a'));
    fs.writeFileSync(lora.b, expectOk(generateTinyLora(base, { seed: 2 }), 'lora b'));
    cluster = await ClusterUnderTest.start({ prefill: 1, decode: 1, engineArgs: [...LLAMACPP, '--lora', `a=${lora.a},b=${lora.b}`] });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    const [plain, withA, withB] = await Promise.all([
      LlamaCppOracle.start(cluster.modelPath),
      LlamaCppOracle.start(cluster.modelPath, 2048, lora.a),
      LlamaCppOracle.start(cluster.modelPath, 2048, lora.b),
    ]);
    oracles.set(cluster.modelId, plain).set(`${cluster.modelId}:a`, withA).set(`${cluster.modelId}:b`, withB);
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...oracles.values()].map((oracle) => oracle.close()));
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const complete = async (model: string, prompt: string) => {
    const completion = await client.completions.create({ model, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true, ignore_eos: true } as OpenAI.CompletionCreateParamsNonStreaming);
    const choice = completion.choices[0] as unknown as { token_ids: number[] };
    return { tokens: choice.token_ids, usage: completion.usage as unknown as Usage };
  };
  const alone = (model: string, prompt: string) => oracles.get(model)!.greedy([...Buffer.from(prompt, 'utf8')], MAX_TOKENS);
  const reusedOf = (usage: Usage) => usage.tsukimi.reused_tokens.device + usage.tsukimi.reused_tokens.dram + usage.tsukimi.reused_tokens.ssd;

  it('lists the model and model:adapter for each adapter, and answers an adapter no instance has with 404', async () => {
    expect((await client.models.list()).data.map((m) => m.id)).toEqual([cluster.modelId, `${cluster.modelId}:a`, `${cluster.modelId}:b`]);
    await expect(complete(`${cluster.modelId}:c`, 'hi')).rejects.toMatchObject({ status: 404 });
  });

  it('answers base:a and base:b each with the tokens of single-process llama.cpp with that adapter, and the base model without one', async () => {
    const prompt = text(90, 21);
    const names = ['a', 'b'].map((adapter) => `${cluster.modelId}:${adapter}`).concat(cluster.modelId);
    const answers = await Promise.all(names.map((model) => complete(model, prompt)));
    for (const [i, model] of names.entries()) expect(answers[i]!.tokens).toEqual(await alone(model, prompt));
    expect(new Set(answers.map((a) => a.tokens.join(','))).size).toBe(3);
  });

  it('a long prompt cached under base:a gives base:b no cached tokens, and gives base:a its prefix again', async () => {
    const prompt = text(400, 22);
    const [a, b] = [`${cluster.modelId}:a`, `${cluster.modelId}:b`];
    const first = await complete(a, prompt);
    expect(first.tokens).toEqual(await alone(a, prompt));
    expect(reusedOf(first.usage)).toBe(0);

    const other = await complete(b, prompt);
    expect(other.tokens).toEqual(await alone(b, prompt));
    expect(other.usage.prompt_tokens_details.cached_tokens).toBe(0);
    expect(reusedOf(other.usage)).toBe(0);
    expect(other.usage.tsukimi.schedule?.branch).toBe('recompute');

    const again = await complete(a, prompt);
    expect(again.tokens).toEqual(first.tokens);
    expect(again.usage.prompt_tokens_details.cached_tokens).toBeGreaterThanOrEqual(384);
    // The conductor keyed the request as the instance did (adapterModelKey): its index finds the prefix where it is.
    expect(again.usage.tsukimi.schedule?.branch).toBe('holder');
  });
});
