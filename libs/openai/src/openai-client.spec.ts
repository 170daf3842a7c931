import OpenAI, { APIError, BadRequestError, InternalServerError, NotFoundError, RateLimitError } from 'openai';
import { Stream } from 'openai/streaming';
import { rateLimited, serviceUnavailable } from './errors/api-error.builders';
import { buildChatCompletion, buildCompletion, buildModelList, type CompletedRequest } from './response/completion.builder';
import { type ChatChunkJson, type UsageJson } from './response/wire.types';
import { ChatStream } from './stream/chat.stream';
import { CompletionStream } from './stream/completion.stream';
import { FAKE_REPLY, fakeConductor, sseResponse, type FakeConductorOptions } from './testing/fake-conductor';

/** Compiles only when `A` is assignable to `B`. */
type Assignable<A extends B, B> = A extends B ? true : never;

const model = 'tsukimi-tiny';
const client = (options: Partial<FakeConductorOptions> = {}): OpenAI =>
  new OpenAI({ apiKey: 'test', baseURL: 'http://conductor.test/v1', maxRetries: 0, fetch: fakeConductor({ model, contextTokens: 64, ...options }) });

const done: CompletedRequest = {
  stamp: { id: 'cmpl-1', created: 1 },
  model,
  choices: [{ text: 'x', finishReason: 'stop' }],
  usage: { promptTokens: 1, completionTokens: 1, cachedTokens: 0 },
};

describe('the official openai client against this library', () => {
  it('types every body as the client does', () => {
    const completion: OpenAI.Completion = buildCompletion(done);
    const chat: OpenAI.ChatCompletion = buildChatCompletion(done);
    const models: OpenAI.Model[] = buildModelList([{ id: model, created: 1, ownedBy: 'tsukimi' }]).data;
    const chunkTyped: Assignable<ChatChunkJson, OpenAI.ChatCompletionChunk> = true;
    const usageTyped: Assignable<UsageJson, OpenAI.CompletionUsage> = true;
    expect(chunkTyped && usageTyped).toBe(true);
    expect([completion.object, chat.object, models[0]?.object]).toEqual(['text_completion', 'chat.completion', 'model']);
  });

  it('creates a completion', async () => {
    const completion = await client().completions.create({ model, prompt: 'Hello', max_tokens: 4, return_token_ids: true } as OpenAI.CompletionCreateParamsNonStreaming);
    expect(completion).toMatchObject({ id: 'cmpl-id1', object: 'text_completion', created: 1_700_000_000, model });
    expect(completion.choices).toEqual([{ index: 0, text: 'Hi \uFFFD', finish_reason: 'length', logprobs: null, token_ids: [72, 105, 32, 0xe2] }]);
    expect(completion.usage).toEqual({ prompt_tokens: 5, completion_tokens: 4, total_tokens: 9, prompt_tokens_details: { cached_tokens: 0 }, tsukimi: { fake: true } });
  });

  it('creates a chat completion', async () => {
    const chat = await client().chat.completions.create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] });
    expect(chat.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: FAKE_REPLY, refusal: null }, finish_reason: 'stop', logprobs: null });
    expect(chat.usage?.prompt_tokens).toBe(1 + '<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\n'.length);
  });

  it('streams a completion with usage', async () => {
    const stream = await client().completions.create({ model, prompt: 'Hello', stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.Completion[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.flatMap((c) => c.choices.map((choice) => choice.text)).join('')).toBe(FAKE_REPLY);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { completion_tokens: Buffer.byteLength(FAKE_REPLY) } });
    expect(chunks.slice(0, -1).every((c) => c.usage === null)).toBe(true);
  });

  it('streams a chat completion', async () => {
    const stream = await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '' });
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(FAKE_REPLY);
    expect(chunks.at(-1)?.choices[0]).toMatchObject({ delta: {}, finish_reason: 'stop' });
    expect(chunks.every((c) => c.id === chunks[0]?.id && !('usage' in c))).toBe(true);
  });

  it('raises the error frame of a stream that fails midway', async () => {
    const failure = serviceUnavailable('The decode instance failed.');
    const stream = await client({ failAfterTokens: { tokens: 3, error: failure } }).chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const texts: string[] = [];
    const consume = async (): Promise<void> => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '');
    };
    const error: unknown = await consume().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: 'The decode instance failed.', code: 'service_unavailable' });
    expect(texts.join('')).toBe('Hi ');
  });

  it('returns n choices per prompt of a batch, indexed prompt × n + k, with usage over all', async () => {
    const completion = await client().completions.create({ model, prompt: ['ab', 'c'], n: 2, max_tokens: 2, echo: true });
    expect(completion.choices.map((c) => [c.index, c.text])).toEqual([
      [0, 'abHi'],
      [1, 'abHi'],
      [2, 'cHi'],
      [3, 'cHi'],
    ]);
    expect(completion.usage).toMatchObject({ prompt_tokens: 3, completion_tokens: 8 });
  });

  it('parses completion logprobs into the client type', async () => {
    const completion = await client().completions.create({ model, prompt: 'x', max_tokens: 2, logprobs: 2 });
    const logprobs: OpenAI.CompletionChoice.Logprobs | null = completion.choices[0]!.logprobs;
    expect(logprobs).toEqual({ tokens: ['H', 'i'], token_logprobs: [-1, -1], top_logprobs: [{ H: -1, '!': -2 }, { i: -1, '!': -2 }], text_offset: [0, 1] });
  });

  it('parses chat logprobs into the client type, streamed too', async () => {
    const body = { model, messages: [{ role: 'user' as const, content: 'Hi' }], max_tokens: 1, logprobs: true, top_logprobs: 1 };
    const chat = await client().chat.completions.create(body);
    const logprobs: OpenAI.ChatCompletion.Choice.Logprobs | null = chat.choices[0]!.logprobs;
    expect(logprobs).toEqual({ content: [{ token: 'H', logprob: -1, bytes: [72], top_logprobs: [{ token: 'H', logprob: -1, bytes: [72] }] }], refusal: null });
    const stream = await client().chat.completions.create({ ...body, stream: true });
    const streamed: OpenAI.ChatCompletionTokenLogprob[] = [];
    for await (const chunk of stream) streamed.push(...(chunk.choices[0]?.logprobs?.content ?? []));
    expect(streamed).toEqual(logprobs?.content);
  });

  it('streams n chat choices, each chunk naming its choice', async () => {
    const stream = await client().chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], n: 3, max_tokens: 2, stream: true });
    const texts = ['', '', ''];
    const finished: number[] = [];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] += choice.delta.content ?? '';
        if (choice.finish_reason) finished.push(choice.index);
      }
    }
    expect(texts).toEqual(['Hi', 'Hi', 'Hi']);
    expect(finished.sort()).toEqual([0, 1, 2]);
  });

  it('lists models', async () => {
    const page = await client().models.list();
    expect(page.data).toEqual([{ id: model, object: 'model', created: 1, owned_by: 'tsukimi' }]);
  });

  it.each<[string, () => Promise<unknown>, new (...args: never[]) => APIError, object]>([
    ['max_tokens -1', () => client().completions.create({ model, prompt: 'x', max_tokens: -1 }), BadRequestError, { status: 400, param: 'max_tokens', code: 'integer_below_min_value', type: 'invalid_request_error' }],
    ['a wrong type', () => client().chat.completions.create({ model, messages: [{ role: 'user', content: 'x' }], temperature: 'hot' as unknown as number }), BadRequestError, { status: 400, param: 'temperature', code: 'invalid_type' }],
    ['a prompt longer than the context', () => client().completions.create({ model, prompt: 'x'.repeat(100) }), BadRequestError, { status: 400, param: 'prompt', code: 'context_length_exceeded' }],
    ['an unknown model', () => client().completions.create({ model: 'gpt-9', prompt: 'x' }), NotFoundError, { status: 404, param: 'model', code: 'model_not_found' }],
    ['an admission rejection', () => client({ reject: rateLimited('the cluster is at capacity', 0) }).completions.create({ model, prompt: 'x' }), RateLimitError, { status: 429, code: 'rate_limit_exceeded' }],
    ['no ready instance', () => client({ reject: serviceUnavailable() }).completions.create({ model, prompt: 'x' }), InternalServerError, { status: 503, code: 'service_unavailable' }],
    ['an unknown route', () => client().embeddings.create({ model, input: 'x' }), NotFoundError, { status: 404, param: null, code: null }],
  ])('raises %s as the client error class for its status', async (_name, call, errorClass, fields) => {
    const error: unknown = await call().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(errorClass);
    expect(error).toMatchObject(fields);
  });

  it('hands the retry-after of a 429 to the client', async () => {
    const error: unknown = await client({ reject: rateLimited('busy', 2) }).completions.create({ model, prompt: 'x' }).catch((e: unknown) => e);
    expect(error instanceof RateLimitError && error.headers.get('retry-after')).toBe('2');
  });
});

describe("the client's SSE parser over this library's frames", () => {
  it('yields the chunks of a completion stream sent in 5-byte pieces', async () => {
    const stream = new CompletionStream({ stamp: { id: 'cmpl-9', created: 2 }, model, includeUsage: false });
    const sse = stream.delta({ text: 'é✓' }) + stream.delta({ text: '\n\n', finishReason: 'length' }) + stream.end(done.usage);
    const chunks: OpenAI.Completion[] = [];
    for await (const chunk of Stream.fromSSEResponse<OpenAI.Completion>(sseResponse(sse), new AbortController())) chunks.push(chunk);
    expect(chunks.map((c) => c.choices[0]?.text)).toEqual(['é✓', '\n\n']);
  });

  it('raises an APIError carrying the error body of a failed stream', async () => {
    const stream = new ChatStream({ stamp: { id: 'chatcmpl-9', created: 2 }, model, includeUsage: true });
    const failure = serviceUnavailable('The decode instance failed.');
    const parsed = Stream.fromSSEResponse<OpenAI.ChatCompletionChunk>(sseResponse(stream.delta({ text: 'a' }) + stream.fail(failure)), new AbortController());
    const error: unknown = await (async () => {
      for await (const _chunk of parsed) continue;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIError);
    expect(error).toMatchObject({ message: 'The decode instance failed.', code: 'service_unavailable', type: 'server_error' });
  });
});
