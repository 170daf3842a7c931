import OpenAI, { BadRequestError } from 'openai';
import { type GenerationParams } from '@tsukimi/engine';
import { validateJson } from '@tsukimi/structured-output';
import { ClusterUnderTest } from './cluster-under-test';
import { GenerationAlone } from './generation-alone';
import { promptText as text } from './prompt-text';

type Extended<T> = T & { token_ids?: number[] };
type CompletionBody = OpenAI.CompletionCreateParamsNonStreaming & Record<string, unknown>;
type ChoiceUsage = { index: number; prefill_instance: string; cached_tokens: number };

const GREEDY = { temperature: 0, topP: 1, topK: 0, seed: 0 };
const EOS = 257;

describe('OpenAI generation parameters through the whole cluster', () => {
  let cluster: ClusterUnderTest;
  let client: OpenAI;
  let alone: GenerationAlone;
  let model: string;

  beforeAll(async () => {
    cluster = await ClusterUnderTest.start({ prefill: 2, decode: 1 });
    client = new OpenAI({ baseURL: cluster.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 30_000 });
    alone = GenerationAlone.load(cluster.modelPath);
    model = cluster.modelId;
  }, 90_000);

  afterAll(async () => {
    await cluster?.stop();
  }, 60_000);

  const complete = async (body: Record<string, unknown>) => {
    const completion = await client.completions.create({ model, max_tokens: 8, ...body } as CompletionBody);
    return completion as OpenAI.Completion & { choices: Extended<OpenAI.CompletionChoice>[] };
  };
  const streamed = async (body: Record<string, unknown>) => {
    const stream = await client.completions.create({ model, max_tokens: 8, ...body, stream: true, stream_options: { include_usage: true } } as OpenAI.CompletionCreateParamsStreaming);
    const texts: string[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) texts[choice.index] = (texts[choice.index] ?? '') + choice.text;
      usage = chunk.usage ?? usage;
    }
    return { texts, usage };
  };
  const encode = (s: string) => alone.tokenizer.encode(s);
  const params = (over: Partial<GenerationParams>): GenerationParams => ({ maxTokens: 8, sampling: GREEDY, stop: [], ignoreEos: false, ...over });

  it('logit_bias +100 on a token makes every token that token, streamed or not', async () => {
    const body = { prompt: text(40, 1), temperature: 1, seed: 5, logit_bias: { '90': 100 } };
    expect((await complete(body)).choices[0]!.text).toBe('ZZZZZZZZ');
    expect((await streamed(body)).texts).toEqual(['ZZZZZZZZ']);
    const chat = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], max_tokens: 3, logit_bias: { '90': 100 } });
    expect(chat.choices[0]!.message.content).toBe('ZZZ');
  });

  it('min_tokens holds EOS back: EOS favoured by +100 ends generation right after min_tokens', async () => {
    const body = { prompt: text(30, 2), max_tokens: 12, logit_bias: { [EOS]: 100 }, return_token_ids: true };
    const early = await complete(body);
    expect(early.choices[0]).toMatchObject({ finish_reason: 'stop', token_ids: [EOS], text: '' });
    const held = await complete({ ...body, min_tokens: 5 });
    expect(held.choices[0]!.finish_reason).toBe('stop');
    expect(held.choices[0]!.token_ids).toHaveLength(6);
    expect(held.choices[0]!.token_ids!.at(-1)).toBe(EOS);
    expect(held.usage?.completion_tokens).toBe(6);
  });

  it('stop_token_ids ends generation at the first of those tokens', async () => {
    const prompt = text(50, 3);
    const free = await complete({ prompt, temperature: 0, ignore_eos: true, max_tokens: 12, return_token_ids: true });
    const ids = free.choices[0]!.token_ids!;
    const stopAt = ids[3]!;
    const cut = ids.indexOf(stopAt);
    const stopped = await complete({ prompt, temperature: 0, ignore_eos: true, max_tokens: 12, return_token_ids: true, stop_token_ids: [stopAt] });
    expect(stopped.choices[0]).toMatchObject({ finish_reason: 'stop', token_ids: ids.slice(0, cut + 1) });
  });

  it.each<[string, Record<string, unknown>, Partial<GenerationParams>]>([
    ['presence_penalty', { presence_penalty: 2 }, { presencePenalty: 2 }],
    ['frequency_penalty', { frequency_penalty: 2 }, { frequencyPenalty: 2 }],
    ['repetition_penalty', { repetition_penalty: 1.8 }, { repetitionPenalty: 1.8 }],
  ])('%s takes effect and matches the model run alone', async (_name, extra, controls) => {
    const prompt = text(40, 4);
    const body = { prompt, temperature: 0, ignore_eos: true, max_tokens: 24, return_token_ids: true };
    const plain = (await complete(body)).choices[0]!.token_ids;
    const penalised = (await complete({ ...body, ...extra })).choices[0]!.token_ids;
    expect(penalised).not.toEqual(plain);
    const expected = await alone.run(encode(prompt), params({ maxTokens: 24, ignoreEos: true, ...controls }));
    expect(penalised).toEqual(expected.map((t) => t.token));
  });

  it('completion logprobs are the engine’s own: each token’s and its top alternatives, as in one process', async () => {
    const prompt = text(60, 5);
    const completion = await complete({ prompt, temperature: 0, logprobs: 3, max_tokens: 6, ignore_eos: true });
    const logprobs = completion.choices[0]!.logprobs!;
    const expected = await alone.run(encode(prompt), params({ maxTokens: 6, ignoreEos: true, logprobs: 3 }));
    expect(logprobs.token_logprobs).toHaveLength(6);
    for (const [i, token] of expected.entries()) {
      expect(logprobs.token_logprobs![i]).toBeCloseTo(token.logprob!, 5);
      const top = Object.values(logprobs.top_logprobs![i]!).sort((a, b) => b - a);
      expect(top.slice(0, 3).map((v) => v.toFixed(5))).toEqual(token.topLogprobs!.map((t) => t.logprob.toFixed(5)));
    }
    const raw = await alone.logSoftmax(encode(prompt));
    expect(logprobs.token_logprobs![0]).toBeCloseTo(Math.max(...raw), 5);
    // Offsets index the choice's text: a token holding part of a character adds nothing until the character is whole.
    expect(logprobs.text_offset).toEqual(expected.map((_, i) => expected.slice(0, i).reduce((n, t) => n + t.text.length, 0)));
    const piece = (t: number) => (t < 0x80 ? String.fromCharCode(t) : `bytes:\\x${t.toString(16)}`);
    expect(logprobs.tokens).toEqual(expected.map((t) => piece(t.token)));
  });

  it('chat logprobs, streamed or not, carry each token’s bytes and top_logprobs', async () => {
    const messages: OpenAI.ChatCompletionMessageParam[] = [{ role: 'user', content: text(30, 6) }];
    const body = { model, messages, max_tokens: 5, temperature: 0, logprobs: true, top_logprobs: 2 };
    const chat = await client.chat.completions.create(body);
    const content = chat.choices[0]!.logprobs!.content!;
    expect(content).toHaveLength(chat.usage!.completion_tokens);
    for (const entry of content) {
      expect(entry.top_logprobs).toHaveLength(2);
      expect(entry.top_logprobs[0]!.logprob).toBeGreaterThanOrEqual(entry.top_logprobs[1]!.logprob);
      expect(entry.logprob).toBeCloseTo(entry.top_logprobs[0]!.logprob, 6);
    }
    const stream = await client.chat.completions.create({ ...body, stream: true });
    const streamedContent: OpenAI.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of stream) streamedContent.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    expect(streamedContent).toEqual(content);
  });

  it('n = 4 equals four seeded runs (seed, seed+1, …), the siblings reusing the first one’s prefill', async () => {
    const prompt = text(100, 7);
    const body = { prompt, temperature: 1, seed: 1234, max_tokens: 10, ignore_eos: true };
    const four = await complete({ ...body, n: 4 });
    const singles = await Promise.all([0, 1, 2, 3].map((k) => complete({ ...body, seed: 1234 + k })));
    expect(four.choices.map((c) => [c.index, c.text])).toEqual(singles.map((s, k) => [k, s.choices[0]!.text]));
    expect(new Set(four.choices.map((c) => c.text)).size).toBeGreaterThan(1);
    const choices = (four.usage as unknown as { tsukimi: { choices: ChoiceUsage[] } }).tsukimi.choices;
    expect(new Set(choices.map((c) => c.prefill_instance)).size).toBe(1);
    expect(choices.slice(1).map((c) => c.cached_tokens)).toEqual([96, 96, 96]);
    expect(four.usage).toMatchObject({ prompt_tokens: 100, completion_tokens: 40, prompt_tokens_details: { cached_tokens: choices[0]!.cached_tokens } });
    const stream = await streamed({ ...body, n: 4 });
    expect(stream.texts).toEqual(four.choices.map((c) => c.text));
    expect(stream.usage?.completion_tokens).toBe(40);
  });

  it('a batch of prompts with n = 2: choice p·n + k is prompt p with seed + k', async () => {
    const prompts = [text(20, 8), text(35, 9)];
    const body = { temperature: 1, seed: 77, max_tokens: 6, ignore_eos: true };
    const batch = await complete({ ...body, prompt: prompts, n: 2 });
    const expected = await Promise.all(prompts.flatMap((prompt) => [0, 1].map(async (k) => (await complete({ ...body, prompt, seed: 77 + k })).choices[0]!.text)));
    expect(batch.choices.map((c) => c.text)).toEqual(expected);
    expect(batch.choices.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(batch.usage).toMatchObject({ prompt_tokens: 55, completion_tokens: 24 });
    const tokenBatch = await complete({ ...body, prompt: prompts.map(encode) });
    expect(tokenBatch.choices.map((c) => c.text)).toEqual([expected[0], expected[2]]);
  });

  it('echo puts each prompt before its completion, streamed or not', async () => {
    const prompt = text(25, 10);
    const plain = await complete({ prompt, temperature: 0 });
    const echoed = await complete({ prompt, temperature: 0, echo: true });
    expect(echoed.choices[0]!.text).toBe(prompt + plain.choices[0]!.text);
    expect((await streamed({ prompt, temperature: 0, echo: true })).texts).toEqual([prompt + plain.choices[0]!.text]);
    const tokens = await complete({ prompt: encode(prompt), temperature: 0, echo: true });
    expect(tokens.choices[0]!.text).toBe(echoed.choices[0]!.text);
  });

  it('json_schema: many samples at temperature 1 all parse and validate', async () => {
    const schema = {
      type: 'object',
      properties: { name: { type: 'string', maxLength: 8 }, tags: { type: 'array', items: { enum: ['a', 'b'] }, maxItems: 3 }, ok: { type: 'boolean' } },
      required: ['name', 'tags', 'ok'],
      additionalProperties: false,
    };
    const response_format = { type: 'json_schema' as const, json_schema: { name: 'record', schema, strict: true } };
    // Five requests of four choices at a time: within what the instances take in flight, so none is refused.
    const choices: OpenAI.ChatCompletion.Choice[] = [];
    for (let first = 0; first < 25; first += 5) {
      const runs = await Promise.all(
        Array.from({ length: 5 }, (_, k) => client.chat.completions.create({ model, messages: [{ role: 'user', content: `record ${first + k}` }], n: 4, seed: 100 * (first + k), temperature: 1, max_tokens: 300, response_format })),
      );
      choices.push(...runs.flatMap((r) => r.choices));
    }
    expect(choices).toHaveLength(100);
    for (const choice of choices) {
      expect(choice.finish_reason).toBe('stop');
      const value: unknown = JSON.parse(choice.message.content!);
      expect(validateJson(schema, value)).toEqual({ ok: true, value: true });
    }
  });

  it('json_object: the text is a JSON object', async () => {
    const completion = await complete({ prompt: text(10, 11), temperature: 1, seed: 3, max_tokens: 300, response_format: { type: 'json_object' } });
    const value: unknown = JSON.parse(completion.choices[0]!.text);
    expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a schema keyword the engine cannot enforce', { response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'string', pattern: 'a+' } } } }, 'response_format.json_schema.schema'],
    ['echo with logprobs', { echo: true, logprobs: 1 }, 'echo'],
    ['best_of above n', { best_of: 2 }, 'best_of'],
    ['suffix', { suffix: 'end' }, 'suffix'],
    ['a logit_bias token beyond the vocabulary', { logit_bias: { '300': 1 } }, 'logit_bias'],
    ['a stop token id beyond the vocabulary', { stop_token_ids: [259] }, 'stop_token_ids'],
    ['min_tokens above max_tokens', { min_tokens: 9 }, 'min_tokens'],
    ['n above 16', { n: 17 }, 'n'],
  ])('refuses %s with a 400 naming %s', async (_name, extra, param) => {
    const failure: unknown = await complete({ prompt: 'x', ...extra }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BadRequestError);
    expect(failure).toMatchObject({ status: 400, param });
  });

  it('refuses tools on chat, naming tools', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'f', parameters: {} } }];
    const failure: unknown = await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }], tools }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ status: 400, param: 'tools' });
  });
});
