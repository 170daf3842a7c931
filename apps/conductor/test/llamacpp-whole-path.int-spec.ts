import * as path from 'node:path';
import OpenAI from 'openai';
import { LlamaCppOracle } from '@tsukimi/engine-llamacpp';
import { gguf } from '@tsukimi/gguf';
import { byteLevelVocabulary, tinyModelWithVocabulary } from '@tsukimi/gguf-tokenizer';
import { validateJson } from '@tsukimi/structured-output';
import { ClusterUnderTest } from './cluster-under-test';
import { promptText as text } from './prompt-text';

/** Instances run llama.cpp with the oracle's KV configuration (F32, flash attention off), so greedy tokens must agree exactly. */
const LLAMACPP = ['--engine', 'llamacpp', '--threads', '1', '--kv-dtype', 'f32', '--flash-attention=false', '--sequences', '4'];
const MAX_TOKENS = 12;
const CHATML =
  "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
/** The second model speaks a vocabulary of its own: byte-level BPE with merges and Qwen 2's pre-tokenizer, ChatML control tokens and template. */
const SECOND_MODEL = tinyModelWithVocabulary([
  ...byteLevelVocabulary({ pre: 'qwen2', addBos: false }),
  ['tokenizer.chat_template', gguf.str(CHATML)],
  ['general.name', gguf.str('tiny-with-a-qwen-like-vocabulary')],
]);

interface Usage {
  readonly tsukimi: { readonly prefill_instance: string; readonly decode_instance: string; readonly reused_tokens: { device: number; dram: number; ssd: number } };
}

describe('a cluster of llama.cpp instances serving two models, with different vocabularies, through one conductor', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  let oracle: LlamaCppOracle;
  let secondOracle: LlamaCppOracle;
  let secondModel: string;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1, engineArgs: LLAMACPP, secondModel: { seed: 2, model: SECOND_MODEL, engineArgs: LLAMACPP } });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 60_000 });
    [oracle, secondOracle] = await Promise.all([LlamaCppOracle.start(cluster.modelPath), LlamaCppOracle.start(path.join(cluster.dir, 'second.gguf'))]);
    secondModel = (await client.models.list()).data.map((m) => m.id).find((id) => id !== cluster.modelId)!;
  }, 120_000);

  afterAll(async () => {
    await Promise.all([oracle?.close(), secondOracle?.close()]);
    await cluster?.stop();
  }, 60_000);

  /** Greedy tokens through the services, with where the prompt's KV came from. */
  const complete = async (model: string, prompt: string) => {
    const completion = await client.completions.create({ model, prompt, max_tokens: MAX_TOKENS, temperature: 0, return_token_ids: true, ignore_eos: true } as OpenAI.CompletionCreateParamsNonStreaming);
    const choice = completion.choices[0] as unknown as { token_ids: number[] };
    return { tokens: choice.token_ids, usage: completion.usage as unknown as Usage };
  };
  const bytes = (prompt: string) => [...Buffer.from(prompt, 'utf8')];

  it('lists both models, and answers a model it does not serve with 404', async () => {
    expect((await client.models.list()).data.map((m) => m.id).sort()).toEqual([cluster.modelId, secondModel].sort());
    await expect(complete('no-such-model', 'hi')).rejects.toMatchObject({ status: 404 });
  });

  it('gives the tokens of a single-process llama.cpp greedy run, cold and with the prefix cached', async () => {
    const shared = text(200, 11);
    const first = await complete(cluster.modelId, `${shared} first question`);
    expect(first.tokens).toEqual(await oracle.greedy(bytes(`${shared} first question`), MAX_TOKENS));
    expect(first.usage.tsukimi.reused_tokens).toEqual({ device: 0, dram: 0, ssd: 0 });

    const second = await complete(cluster.modelId, `${shared} second question`);
    expect(second.tokens).toEqual(await oracle.greedy(bytes(`${shared} second question`), MAX_TOKENS));
    const reused = second.usage.tsukimi.reused_tokens;
    expect(reused.device + reused.dram + reused.ssd).toBeGreaterThanOrEqual(192);
  });

  it('gives the same tokens when another prefill instance computed the prefix and this one loads it from the pool', async () => {
    const shared = text(300, 12);
    const first = await complete(cluster.modelId, `${shared} one`);
    const holder = first.usage.tsukimi.prefill_instance;
    const holderIndex = cluster.prefill.findIndex((_, i) => `prefill-${i}` === holder);
    expect(holderIndex).toBeGreaterThanOrEqual(0);
    cluster.prefill[holderIndex]!.kill();
    await cluster.waitForRoutable({ prefill: 2, decode: 2 });

    const second = await complete(cluster.modelId, `${shared} two`);
    expect(second.usage.tsukimi.prefill_instance).not.toBe(holder);
    expect(second.usage.tsukimi.reused_tokens.dram).toBeGreaterThanOrEqual(288);
    expect(second.tokens).toEqual(await oracle.greedy(bytes(`${shared} two`), MAX_TOKENS));
  });

  it('answers each request with the model it names, tokenized by that model\'s own vocabulary', async () => {
    const prompt = 'the quick brown fox jumps over the lazy dog, and then the fox rests';
    const [one, two] = await Promise.all([complete(cluster.modelId, prompt), complete(secondModel, prompt)]);
    expect(one.tokens).toEqual(await oracle.greedy(bytes(prompt), MAX_TOKENS));
    const secondPrompt = await secondOracle.tokenize(prompt);
    expect(secondPrompt.length).toBeLessThan(bytes(prompt).length);
    expect(two.tokens).toEqual(await secondOracle.greedy(secondPrompt, MAX_TOKENS));
    expect(two.usage.tsukimi.prefill_instance).toBe('prefill-second');
    expect(two.usage.tsukimi.decode_instance).toBe('decode-second');
  });

  it('renders chat with the model\'s own template, its control tokens as tokens', async () => {
    const chat = await client.chat.completions.create({ model: secondModel, messages: [{ role: 'user', content: 'hello there' }], max_tokens: MAX_TOKENS, temperature: 0, ignore_eos: true, return_token_ids: true } as OpenAI.ChatCompletionCreateParamsNonStreaming);
    const rendered = '<|im_start|>user\nhello there<|im_end|>\n<|im_start|>assistant\n';
    const promptTokens = await secondOracle.tokenize(rendered, true);
    expect(chat.usage?.prompt_tokens).toBe(promptTokens.length);
    expect((chat.choices[0] as unknown as { token_ids: number[] }).token_ids).toEqual(await secondOracle.greedy(promptTokens, MAX_TOKENS));
  });

  describe('the OpenAI features on llama.cpp', () => {
    it('logprobs are llama.cpp\'s own next-token probabilities', async () => {
      const prompt = text(60, 14);
      const completion = await client.completions.create({ model: cluster.modelId, prompt, max_tokens: 4, temperature: 0, logprobs: 3, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming);
      const choice = completion.choices[0] as unknown as { token_ids: number[]; logprobs: { token_logprobs: number[]; top_logprobs: Record<string, number>[] } };
      const context = [...bytes(prompt), ...choice.token_ids];
      const dense = await oracle.probabilities(context.slice(0, bytes(prompt).length + choice.token_ids.length - 1));
      choice.token_ids.forEach((token, i) => {
        const probabilities = dense[bytes(prompt).length - 1 + i]!;
        expect(choice.logprobs.token_logprobs[i]).toBeCloseTo(Math.log(probabilities[token]!), 4);
        expect(Object.values(choice.logprobs.top_logprobs[i]!)).toHaveLength(3);
        expect(Math.max(...Object.values(choice.logprobs.top_logprobs[i]!))).toBeCloseTo(Math.log(Math.max(...probabilities)), 4);
      });
    });

    it('n = 4 equals four separate seeded runs', async () => {
      const prompt = text(80, 15);
      const body = { model: cluster.modelId, prompt, max_tokens: 6, temperature: 1, return_token_ids: true };
      const together = await client.completions.create({ ...body, n: 4, seed: 77 } as OpenAI.CompletionCreateParamsNonStreaming);
      const alone = await Promise.all([77, 78, 79, 80].map((seed) => client.completions.create({ ...body, seed } as OpenAI.CompletionCreateParamsNonStreaming)));
      const ids = (c: OpenAI.Completion) => c.choices.map((choice) => (choice as unknown as { token_ids: number[] }).token_ids);
      expect(ids(together)).toEqual(alone.flatMap(ids));
    });

    it('logit_bias and a JSON schema constrain what llama.cpp samples: 100 samples all parse and validate', async () => {
      const biased = await client.completions.create({ model: cluster.modelId, prompt: 'x', max_tokens: 5, temperature: 1, seed: 3, logit_bias: { '90': 100 } });
      expect(biased.choices[0]!.text).toBe('ZZZZZ');
      const schema = { type: 'object', properties: { id: { type: 'integer' }, tag: { enum: ['red', 'blue'] } }, required: ['id', 'tag'], additionalProperties: false };
      const response_format = { type: 'json_schema' as const, json_schema: { name: 'item', schema, strict: true } };
      // Five requests of four choices at a time: within what two prefill instances take in flight, so none is refused.
      const choices: OpenAI.ChatCompletion.Choice[] = [];
      for (let first = 0; first < 25; first += 5) {
        const runs = await Promise.all(
          Array.from({ length: 5 }, (_, k) => client.chat.completions.create({ model: cluster.modelId, messages: [{ role: 'user', content: `item ${first + k}` }], n: 4, seed: first + k, temperature: 1, max_tokens: 200, response_format })),
        );
        choices.push(...runs.flatMap((r) => r.choices));
      }
      expect(choices).toHaveLength(100);
      for (const choice of choices) {
        expect(choice.finish_reason).toBe('stop');
        expect(validateJson(schema, JSON.parse(choice.message.content!))).toEqual({ ok: true, value: true });
      }
    });
  });
});
