import { buildChatCompletion, buildCompletion, buildModelList, buildUsage, type CompletedRequest } from './completion.builder';
import { tokenPieces } from './logprobs.format';
import { ResponseIds } from './response-ids';

const bytePieces = tokenPieces((token) => (token < 256 ? Uint8Array.of(token) : '<|eos|>'));

const done: CompletedRequest = {
  stamp: { id: 'cmpl-abc', created: 1_700_000_000 },
  model: 'tiny',
  choices: [{ text: 'Hello', finishReason: 'length' }],
  usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 8 },
};

describe('response builders', () => {
  it('builds a text_completion body', () => {
    expect(buildCompletion(done)).toEqual({
      id: 'cmpl-abc',
      object: 'text_completion',
      created: 1_700_000_000,
      model: 'tiny',
      choices: [{ index: 0, text: 'Hello', finish_reason: 'length', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 8 } },
    });
  });

  it('builds a chat.completion body', () => {
    expect(buildChatCompletion({ ...done, stamp: { id: 'chatcmpl-abc', created: 1 }, choices: [{ text: 'Yo', finishReason: 'stop' }] })).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1,
      model: 'tiny',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Yo', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 8 } },
    });
  });

  it.each([
    ['completion', buildCompletion({ ...done, choices: [{ ...done.choices[0]!, tokenIds: [72, 105] }] }).choices[0]],
    ['chat', buildChatCompletion({ ...done, choices: [{ ...done.choices[0]!, tokenIds: [72, 105] }] }).choices[0]],
  ])('adds token_ids to a %s choice when given', (_name, choice) => {
    expect(choice?.token_ids).toEqual([72, 105]);
  });

  it.each([
    ['completion', buildCompletion],
    ['chat', buildChatCompletion],
  ] as const)('numbers the choices of a %s in order', (_name, build) => {
    const body = build({ ...done, choices: [{ text: 'a', finishReason: 'stop' }, { text: 'b', finishReason: 'length' }, { text: 'c', finishReason: 'stop' }] });
    expect(body.choices.map((c) => [c.index, c.finish_reason])).toEqual([
      [0, 'stop'],
      [1, 'length'],
      [2, 'stop'],
    ]);
  });

  it('adds completion logprobs with offsets into the text', () => {
    const logprobs = [
      { token: 72, text: 'H', logprob: -0.5, top: [{ token: 72, logprob: -0.5 }] },
      { token: 0xc3, text: '', logprob: -1, top: [] },
      { token: 0xa9, text: 'é', logprob: -2, top: [] },
    ];
    const body = buildCompletion({ ...done, choices: [{ text: 'Hé', finishReason: 'length', logprobs }], pieces: bytePieces });
    expect(body.choices[0]?.logprobs).toEqual({
      tokens: ['H', 'bytes:\\xc3', 'bytes:\\xa9'],
      token_logprobs: [-0.5, -1, -2],
      top_logprobs: [{ H: -0.5 }, { 'bytes:\\xc3': -1 }, { 'bytes:\\xa9': -2 }],
      text_offset: [0, 1, 1],
    });
  });

  it('adds chat logprobs with bytes, null for a special token', () => {
    const logprobs = [{ token: 257, text: '', logprob: -Infinity, top: [{ token: 65, logprob: -0.1 }] }];
    const body = buildChatCompletion({ ...done, choices: [{ text: '', finishReason: 'stop', logprobs }], pieces: bytePieces });
    expect(body.choices[0]?.logprobs).toEqual({
      content: [{ token: '<|eos|>', logprob: -9999, bytes: null, top_logprobs: [{ token: 'A', logprob: -0.1, bytes: [65] }] }],
      refusal: null,
    });
  });

  it('treats logprobs without token pieces as a bug', () => {
    expect(() => buildCompletion({ ...done, choices: [{ text: 'H', finishReason: 'stop', logprobs: [{ token: 72, text: 'H', logprob: 0, top: [] }] }] })).toThrow(/pieces/);
  });

  it('adds the tsukimi usage extension when given, as a copy', () => {
    const tsukimi = { prefill: 'p-0', cachedTokensByTier: { device: 4, dram: 4 } };
    const usage = buildUsage({ promptTokens: 3, completionTokens: 0, cachedTokens: 0, tsukimi });
    expect(usage).toEqual({ prompt_tokens: 3, completion_tokens: 0, total_tokens: 3, prompt_tokens_details: { cached_tokens: 0 }, tsukimi });
    expect(usage.tsukimi).not.toBe(tsukimi);
  });

  it('lists models', () => {
    expect(buildModelList([{ id: 'tiny', created: 5, ownedBy: 'tsukimi' }])).toEqual({
      object: 'list',
      data: [{ id: 'tiny', object: 'model', created: 5, owned_by: 'tsukimi' }],
    });
  });
});

describe('ResponseIds', () => {
  it.each([
    ['completion', 'cmpl-r1'],
    ['chat', 'chatcmpl-r1'],
  ] as const)('stamps a %s with the injected randomness and the clock in seconds', (kind, id) => {
    const ids = new ResponseIds(() => 'r1', () => 1_700_000_000_999);
    expect(ids[kind]()).toEqual({ id, created: 1_700_000_000 });
  });
});
