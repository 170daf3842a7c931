import { checkTokenIds, fitTokenBudget, type TokenBudgetRequest } from './prompt.checks';

describe('fitTokenBudget', () => {
  it.each<[string, TokenBudgetRequest, number]>([
    ['an explicit budget that fits', { promptTokens: 100, maxTokens: 16, contextTokens: 512, param: 'prompt' }, 16],
    ['a budget that fills the context exactly', { promptTokens: 500, maxTokens: 12, contextTokens: 512, param: 'prompt' }, 12],
    ['no budget: the room left', { promptTokens: 100, maxTokens: null, contextTokens: 512, param: 'messages' }, 412],
    ['no budget and one token of room', { promptTokens: 511, maxTokens: null, contextTokens: 512, param: 'messages' }, 1],
    ['no budget, under the server\'s bound: the bound', { promptTokens: 100, maxTokens: null, contextTokens: 512, maxCompletionTokens: 50, param: 'messages' }, 50],
    ['no budget, room below the server\'s bound: the room', { promptTokens: 500, maxTokens: null, contextTokens: 512, maxCompletionTokens: 50, param: 'messages' }, 12],
  ])('allows %s', (_name, request, expected) => {
    expect(fitTokenBudget(request)).toEqual({ ok: true, value: expected });
  });

  it.each<[string, TokenBudgetRequest, string]>([
    [
      'a prompt longer than the context',
      { promptTokens: 600, maxTokens: 16, contextTokens: 512, param: 'prompt' },
      "This model's maximum context length is 512 tokens. However, your prompt resulted in 600 tokens, which leaves no room for a completion. Please reduce the length of the prompt.",
    ],
    [
      'a prompt that fills the context',
      { promptTokens: 512, maxTokens: null, contextTokens: 512, param: 'messages' },
      "This model's maximum context length is 512 tokens. However, your messages resulted in 512 tokens, which leaves no room for a completion. Please reduce the length of the messages.",
    ],
    [
      'a prompt plus max_tokens beyond the context',
      { promptTokens: 500, maxTokens: 16, contextTokens: 512, param: 'messages' },
      "This model's maximum context length is 512 tokens. However, you requested 516 tokens (500 in the messages, 16 in the completion). Please reduce the length of the messages or completion.",
    ],
  ])('rejects %s with context_length_exceeded', (_name, request, message) => {
    expect(fitTokenBudget(request)).toEqual({
      ok: false,
      error: {
        status: 400,
        headers: {},
        body: { error: { message, type: 'invalid_request_error', param: request.param, code: 'context_length_exceeded' } },
      },
    });
  });
});

describe('checkTokenIds', () => {
  it.each([[[0, 255, 258]], [[]]])('accepts ids inside the vocabulary: %j', (tokens) => {
    expect(checkTokenIds(tokens, 259).ok).toBe(true);
  });

  it.each(['logit_bias', 'stop_token_ids'])('names %s when told to', (param) => {
    const checked = checkTokenIds([300], 259, param);
    expect(!checked.ok && checked.error.body.error).toMatchObject({ param, code: 'invalid_value' });
  });

  it('rejects an id beyond the vocabulary, naming prompt', () => {
    const checked = checkTokenIds([1, 259, 400], 259);
    expect(!checked.ok && checked.error.body.error).toEqual({
      message: "Invalid 'prompt': token id 259 is out of vocabulary; this model's ids run from 0 to 258.",
      type: 'invalid_request_error',
      param: 'prompt',
      code: 'invalid_value',
    });
  });
});
