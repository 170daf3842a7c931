import { buildChatCompletion, buildCompletion, buildModelList, buildUsage, type CompletedRequest } from './completion.builder';
import { ResponseIds } from './response-ids';

const done: CompletedRequest = {
  stamp: { id: 'cmpl-abc', created: 1_700_000_000 },
  model: 'tiny',
  output: { text: 'Hello', finishReason: 'length' },
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
    expect(buildChatCompletion({ ...done, stamp: { id: 'chatcmpl-abc', created: 1 }, output: { text: 'Yo', finishReason: 'stop' } })).toEqual({
      id: 'chatcmpl-abc',
      object: 'chat.completion',
      created: 1,
      model: 'tiny',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Yo', refusal: null }, finish_reason: 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15, prompt_tokens_details: { cached_tokens: 8 } },
    });
  });

  it.each([
    ['completion', buildCompletion({ ...done, output: { ...done.output, tokenIds: [72, 105] } }).choices[0]],
    ['chat', buildChatCompletion({ ...done, output: { ...done.output, tokenIds: [72, 105] } }).choices[0]],
  ])('adds token_ids to a %s choice when given', (_name, choice) => {
    expect(choice?.token_ids).toEqual([72, 105]);
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
