import { parseCompletionRequest } from './completion-request.parser';

const base = { model: 'tiny', prompt: 'Hello' };

describe('parseCompletionRequest', () => {
  it('applies the OpenAI defaults to a minimal request', () => {
    expect(parseCompletionRequest(base)).toEqual({
      ok: true,
      value: {
        model: 'tiny',
        prompts: [{ kind: 'text', text: 'Hello' }],
        echo: false,
        maxTokens: 16,
        sampling: { temperature: 1, topP: 1, topK: 0 },
        stop: [],
        stream: false,
        includeUsage: false,
        ignoreEos: false,
        returnTokenIds: false,
        n: 1,
        presencePenalty: 0,
        frequencyPenalty: 0,
        repetitionPenalty: 1,
        logitBias: [],
        minTokens: 0,
        stopTokenIds: [],
        responseFormat: { kind: 'text' },
      },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a one-string batch', { prompt: ['Hi'] }, { prompts: [{ kind: 'text', text: 'Hi' }] }],
    ['token ids', { prompt: [1, 2, 256] }, { prompts: [{ kind: 'tokens', tokens: [1, 2, 256] }] }],
    ['a one-array batch of token ids', { prompt: [[7, 8]] }, { prompts: [{ kind: 'tokens', tokens: [7, 8] }] }],
    ['a batch of strings', { prompt: ['a', 'b'] }, { prompts: [{ kind: 'text', text: 'a' }, { kind: 'text', text: 'b' }] }],
    ['a batch of token arrays', { prompt: [[1], [2, 3]] }, { prompts: [{ kind: 'tokens', tokens: [1] }, { kind: 'tokens', tokens: [2, 3] }] }],
    ['n', { n: 4 }, { n: 4 }],
    ['n 16', { n: 16 }, { n: 16 }],
    ['best_of equal to n', { n: 3, best_of: 3 }, { n: 3 }],
    ['echo', { echo: true }, { echo: true }],
    ['logprobs 0: the chosen token only', { logprobs: 0 }, { logprobs: 0 }],
    ['logprobs 5', { logprobs: 5 }, { logprobs: 5 }],
    ['penalties', { presence_penalty: -2, frequency_penalty: 2, repetition_penalty: 1.3 }, { presencePenalty: -2, frequencyPenalty: 2, repetitionPenalty: 1.3 }],
    ['logit_bias, sorted by token', { logit_bias: { '50': 100, '7': -100, '0': 0.5 } }, { logitBias: [[0, 0.5], [7, -100], [50, 100]] }],
    ['min_tokens up to max_tokens', { min_tokens: 16 }, { minTokens: 16 }],
    ['stop_token_ids', { stop_token_ids: [10, 257] }, { stopTokenIds: [10, 257] }],
    ['response_format json_object (vLLM takes it on completions)', { response_format: { type: 'json_object' } }, { responseFormat: { kind: 'json-object' } }],
    ['max_tokens', { max_tokens: 5 }, { maxTokens: 5 }],
    ['max_tokens null as the default', { max_tokens: null }, { maxTokens: 16 }],
    ['temperature 0', { temperature: 0 }, { sampling: { temperature: 0, topP: 1, topK: 0 } }],
    ['temperature 2', { temperature: 2 }, { sampling: { temperature: 2, topP: 1, topK: 0 } }],
    ['top_p', { top_p: 0.5 }, { sampling: { temperature: 1, topP: 0.5, topK: 0 } }],
    ['top_k', { top_k: 40 }, { sampling: { temperature: 1, topP: 1, topK: 40 } }],
    ['top_k -1 as off', { top_k: -1 }, { sampling: { temperature: 1, topP: 1, topK: 0 } }],
    ['seed', { seed: 42 }, { sampling: { temperature: 1, topP: 1, topK: 0, seed: 42 } }],
    ['a negative seed', { seed: -3 }, { sampling: { temperature: 1, topP: 1, topK: 0, seed: -3 } }],
    ['one stop string', { stop: 'END' }, { stop: ['END'] }],
    ['four stop strings', { stop: ['a', 'b', 'c', 'd'] }, { stop: ['a', 'b', 'c', 'd'] }],
    ['stop null', { stop: null }, { stop: [] }],
    ['stream', { stream: true }, { stream: true, includeUsage: false }],
    ['include_usage', { stream: true, stream_options: { include_usage: true } }, { stream: true, includeUsage: true }],
    ['empty stream_options without stream', { stream_options: {} }, { stream: false, includeUsage: false }],
    ['ignore_eos', { ignore_eos: true }, { ignoreEos: true }],
    ['return_token_ids', { return_token_ids: true }, { returnTokenIds: true }],
    ['user, ignored', { user: 'u-1' }, { model: 'tiny' }],
    ['unknown fields, ignored', { frobnicate: 3, metadata: { a: 1 } }, { model: 'tiny' }],
    ['neutral params', { n: 1, best_of: 1, echo: false, presence_penalty: 0, frequency_penalty: 0, logit_bias: {}, suffix: '' }, { n: 1, logitBias: [] }],
    ['null params', { n: null, logprobs: null, suffix: null, logit_bias: null, best_of: null, min_tokens: null }, { n: 1, minTokens: 0 }],
  ])('accepts %s', (_name, extra, expected) => {
    const parsed = parseCompletionRequest({ ...base, ...extra });
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['model missing', { model: undefined }, 'model', 'missing_required_parameter'],
    ['model not a string', { model: 7 }, 'model', 'invalid_type'],
    ['prompt missing', { prompt: undefined }, 'prompt', 'missing_required_parameter'],
    ['prompt null', { prompt: null }, 'prompt', 'missing_required_parameter'],
    ['prompt a number', { prompt: 12 }, 'prompt', 'invalid_type'],
    ['prompt empty', { prompt: '' }, 'prompt', 'invalid_value'],
    ['prompt an empty array', { prompt: [] }, 'prompt', 'invalid_value'],
    ['a batch with an empty prompt', { prompt: ['a', ''] }, 'prompt', 'invalid_value'],
    ['a batch of 65 prompts', { prompt: Array.from({ length: 65 }, () => 'a') }, 'prompt', 'invalid_value'],
    ['a mixed prompt array', { prompt: ['a', 1] }, 'prompt', 'invalid_type'],
    ['a negative token id', { prompt: [1, -2] }, 'prompt', 'invalid_value'],
    ['a decimal token id', { prompt: [1.5] }, 'prompt', 'invalid_value'],
    ['an empty token array', { prompt: [[]] }, 'prompt', 'invalid_value'],
    ['max_tokens -1', { max_tokens: -1 }, 'max_tokens', 'integer_below_min_value'],
    ['max_tokens 0', { max_tokens: 0 }, 'max_tokens', 'integer_below_min_value'],
    ['max_tokens a decimal', { max_tokens: 1.5 }, 'max_tokens', 'invalid_type'],
    ['max_tokens a string', { max_tokens: '16' }, 'max_tokens', 'invalid_type'],
    ['temperature above 2', { temperature: 2.5 }, 'temperature', 'decimal_above_max_value'],
    ['temperature negative', { temperature: -0.1 }, 'temperature', 'decimal_below_min_value'],
    ['temperature a string', { temperature: 'hot' }, 'temperature', 'invalid_type'],
    ['top_p 0', { top_p: 0 }, 'top_p', 'decimal_below_min_value'],
    ['top_p above 1', { top_p: 1.1 }, 'top_p', 'decimal_above_max_value'],
    ['top_k -2', { top_k: -2 }, 'top_k', 'integer_below_min_value'],
    ['top_k a decimal', { top_k: 2.5 }, 'top_k', 'invalid_type'],
    ['seed a decimal', { seed: 0.5 }, 'seed', 'invalid_type'],
    ['seed beyond 2^53', { seed: 2 ** 60 }, 'seed', 'invalid_value'],
    ['stop a number', { stop: 3 }, 'stop', 'invalid_type'],
    ['stop with a number', { stop: ['a', 3] }, 'stop', 'invalid_type'],
    ['five stop strings', { stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop', 'invalid_value'],
    ['an empty stop string', { stop: [''] }, 'stop', 'invalid_value'],
    ['stream a string', { stream: 'yes' }, 'stream', 'invalid_type'],
    ['stream_options without stream', { stream_options: { include_usage: true } }, 'stream_options', 'invalid_value'],
    ['stream_options not an object', { stream: true, stream_options: true }, 'stream_options', 'invalid_type'],
    ['include_usage a string', { stream: true, stream_options: { include_usage: 'yes' } }, 'stream_options.include_usage', 'invalid_type'],
    ['ignore_eos a number', { ignore_eos: 1 }, 'ignore_eos', 'invalid_type'],
    ['return_token_ids a string', { return_token_ids: 'true' }, 'return_token_ids', 'invalid_type'],
    ['user a number', { user: 5 }, 'user', 'invalid_type'],
    ['n 0', { n: 0 }, 'n', 'integer_below_min_value'],
    ['n 17', { n: 17 }, 'n', 'integer_above_max_value'],
    ['n a string', { n: 'one' }, 'n', 'invalid_type'],
    ['more than 128 choices in all', { prompt: Array.from({ length: 9 }, () => 'a'), n: 16 }, 'n', 'invalid_value'],
    ['best_of above n', { best_of: 3 }, 'best_of', 'unsupported_value'],
    ['best_of below n', { n: 2, best_of: 1 }, 'best_of', 'invalid_value'],
    ['best_of a decimal', { best_of: 1.5 }, 'best_of', 'invalid_type'],
    ['echo a string', { echo: 'yes' }, 'echo', 'invalid_type'],
    ['echo with logprobs', { echo: true, logprobs: 1 }, 'echo', 'unsupported_value'],
    ['suffix', { suffix: 'tail' }, 'suffix', 'unsupported_value'],
    ['logprobs 6', { logprobs: 6 }, 'logprobs', 'integer_above_max_value'],
    ['logprobs -1', { logprobs: -1 }, 'logprobs', 'integer_below_min_value'],
    ['logprobs true', { logprobs: true }, 'logprobs', 'invalid_type'],
    ['presence_penalty above 2', { presence_penalty: 2.5 }, 'presence_penalty', 'decimal_above_max_value'],
    ['frequency_penalty below -2', { frequency_penalty: -3 }, 'frequency_penalty', 'decimal_below_min_value'],
    ['frequency_penalty a string', { frequency_penalty: 'x' }, 'frequency_penalty', 'invalid_type'],
    ['repetition_penalty 0', { repetition_penalty: 0 }, 'repetition_penalty', 'decimal_below_min_value'],
    ['logit_bias an array', { logit_bias: [1] }, 'logit_bias', 'invalid_type'],
    ['a logit_bias key not a token id', { logit_bias: { abc: 1 } }, 'logit_bias', 'invalid_value'],
    ['a negative logit_bias key', { logit_bias: { '-1': 1 } }, 'logit_bias', 'invalid_value'],
    ['a logit_bias of 101', { logit_bias: { '5': 101 } }, 'logit_bias.5', 'decimal_above_max_value'],
    ['a logit_bias string value', { logit_bias: { '5': 'up' } }, 'logit_bias.5', 'invalid_type'],
    ['301 logit_bias entries', { logit_bias: Object.fromEntries(Array.from({ length: 301 }, (_, i) => [String(i), 1])) }, 'logit_bias', 'invalid_value'],
    ['min_tokens -1', { min_tokens: -1 }, 'min_tokens', 'integer_below_min_value'],
    ['min_tokens above max_tokens', { min_tokens: 9, max_tokens: 8 }, 'min_tokens', 'invalid_value'],
    ['stop_token_ids not an array', { stop_token_ids: 5 }, 'stop_token_ids', 'invalid_type'],
    ['a negative stop token id', { stop_token_ids: [1, -1] }, 'stop_token_ids', 'invalid_type'],
    ['response_format of an unknown type', { response_format: { type: 'xml' } }, 'response_format.type', 'unsupported_value'],
  ])('rejects %s', (_name, extra, param, code) => {
    const parsed = parseCompletionRequest({ ...base, ...extra });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.status).toBe(400);
    expect(parsed.error.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
    expect(parsed.error.body.error.message).toContain(param);
  });

  it.each([null, 'text', [1, 2], 3])('rejects a body that is not an object: %j', (body) => {
    const parsed = parseCompletionRequest(body);
    expect(!parsed.ok && parsed.error.body.error).toMatchObject({ param: null, type: 'invalid_request_error' });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ max_tokens: -1 }, "Invalid 'max_tokens': integer below minimum value. Expected a value >= 1, but got -1 instead."],
    [{ temperature: 3 }, "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead."],
    [{ max_tokens: 'x' }, "Invalid type for 'max_tokens': expected an integer, but got a string instead."],
    [{ n: 17 }, "Invalid 'n': integer above maximum value. Expected a value <= 16, but got 17 instead."],
    [{ echo: true, logprobs: 2 }, "Unsupported value: 'echo' is not supported together with logprobs: this server does not compute the logprobs of prompt tokens. Send echo or logprobs, not both."],
    [{ min_tokens: 17 }, "Invalid 'min_tokens': min_tokens must be at most max_tokens (16), but got 17."],
    [{ suffix: 'x' }, "Unsupported value: 'suffix' does not support \"x\" on this server. Only the default (null) is supported."],
  ])('words the error for %j like the OpenAI API', (extra, message) => {
    const parsed = parseCompletionRequest({ ...base, ...extra });
    expect(!parsed.ok && parsed.error.body.error.message).toBe(message);
  });
});
