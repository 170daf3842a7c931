import { parseCompletionRequest } from './completion-request.parser';

const base = { model: 'tiny', prompt: 'Hello' };

describe('parseCompletionRequest', () => {
  it('applies the OpenAI defaults to a minimal request', () => {
    expect(parseCompletionRequest(base)).toEqual({
      ok: true,
      value: {
        model: 'tiny',
        prompt: { kind: 'text', text: 'Hello' },
        maxTokens: 16,
        sampling: { temperature: 1, topP: 1, topK: 0 },
        stop: [],
        stream: false,
        includeUsage: false,
        ignoreEos: false,
        returnTokenIds: false,
      },
    });
  });

  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    ['a one-string batch', { prompt: ['Hi'] }, { prompt: { kind: 'text', text: 'Hi' } }],
    ['token ids', { prompt: [1, 2, 256] }, { prompt: { kind: 'tokens', tokens: [1, 2, 256] } }],
    ['a one-array batch of token ids', { prompt: [[7, 8]] }, { prompt: { kind: 'tokens', tokens: [7, 8] } }],
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
    ['neutral unsupported params', { n: 1, best_of: 1, echo: false, presence_penalty: 0, frequency_penalty: 0, logit_bias: {}, suffix: '' }, {}],
    ['null unsupported params', { n: null, logprobs: null, suffix: null, logit_bias: null }, {}],
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
    ['a batch of two prompts', { prompt: ['a', 'b'] }, 'prompt', 'unsupported_value'],
    ['a batch of two token arrays', { prompt: [[1], [2]] }, 'prompt', 'unsupported_value'],
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
    ['n 2', { n: 2 }, 'n', 'unsupported_value'],
    ['n a string', { n: 'one' }, 'n', 'invalid_type'],
    ['best_of 3', { best_of: 3 }, 'best_of', 'unsupported_value'],
    ['echo', { echo: true }, 'echo', 'unsupported_value'],
    ['suffix', { suffix: 'tail' }, 'suffix', 'unsupported_value'],
    ['logprobs', { logprobs: 1 }, 'logprobs', 'unsupported_value'],
    ['logprobs 0', { logprobs: 0 }, 'logprobs', 'unsupported_value'],
    ['presence_penalty', { presence_penalty: 0.5 }, 'presence_penalty', 'unsupported_value'],
    ['frequency_penalty', { frequency_penalty: -1 }, 'frequency_penalty', 'unsupported_value'],
    ['frequency_penalty a string', { frequency_penalty: 'x' }, 'frequency_penalty', 'invalid_type'],
    ['logit_bias', { logit_bias: { '50': 100 } }, 'logit_bias', 'unsupported_value'],
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
    [{ prompt: ['a', 'b', 'c'] }, "Unsupported value: 'prompt' holds 3 prompts, but this server supports one prompt per request. Send one request per prompt."],
    [{ n: 3 }, "Unsupported value: 'n' does not support 3 on this server. Only the default (1) is supported."],
  ])('words the error for %j like the OpenAI API', (extra, message) => {
    const parsed = parseCompletionRequest({ ...base, ...extra });
    expect(!parsed.ok && parsed.error.body.error.message).toBe(message);
  });
});
