import { parseChatCompletionRequest } from './chat-request.parser';

const user = { role: 'user', content: 'Hi' };
const base = { model: 'tiny', messages: [user] };

describe('parseChatCompletionRequest', () => {
  it('applies the defaults to a minimal request, leaving max tokens to the context', () => {
    expect(parseChatCompletionRequest(base)).toEqual({
      ok: true,
      value: {
        model: 'tiny',
        messages: [{ role: 'user', content: 'Hi' }],
        maxTokens: null,
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
    [
      'every role',
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'developer', content: 'd' },
          { role: 'user', content: 'u', name: 'ann' },
          { role: 'assistant', content: 'a' },
        ],
      },
      {
        messages: [
          { role: 'system', content: 's' },
          { role: 'developer', content: 'd' },
          { role: 'user', content: 'u', name: 'ann' },
          { role: 'assistant', content: 'a' },
        ],
      },
    ],
    [
      'text content parts, joined by a newline',
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] }] },
      { messages: [{ role: 'user', content: 'one\ntwo' }] },
    ],
    ['an assistant message with null content', { messages: [user, { role: 'assistant', content: null }] }, { messages: [user, { role: 'assistant', content: '' }] }],
    ['unknown message fields, ignored', { messages: [{ ...user, refusal: null, annotations: [] }] }, { messages: [user] }],
    ['an empty tool_calls list', { messages: [{ role: 'assistant', content: 'x', tool_calls: [] }] }, { messages: [{ role: 'assistant', content: 'x' }] }],
    ['max_tokens', { max_tokens: 9 }, { maxTokens: 9 }],
    ['max_completion_tokens', { max_completion_tokens: 7 }, { maxTokens: 7 }],
    ['max_completion_tokens over max_tokens', { max_tokens: 9, max_completion_tokens: 7 }, { maxTokens: 7 }],
    ['sampling', { temperature: 0, top_p: 0.9, top_k: 5, seed: 1 }, { sampling: { temperature: 0, topP: 0.9, topK: 5, seed: 1 } }],
    ['stop', { stop: ['\n'] }, { stop: ['\n'] }],
    ['include_usage', { stream: true, stream_options: { include_usage: true } }, { stream: true, includeUsage: true }],
    ['extensions', { ignore_eos: true, return_token_ids: true }, { ignoreEos: true, returnTokenIds: true }],
    [
      'neutral params',
      { logprobs: false, top_logprobs: 0, tools: [], tool_choice: 'none', functions: [], function_call: 'auto', response_format: { type: 'text' }, n: 1 },
      { responseFormat: { kind: 'text' } },
    ],
    ['logprobs: the chosen token only', { logprobs: true }, { logprobs: 0 }],
    ['logprobs with top_logprobs', { logprobs: true, top_logprobs: 20 }, { logprobs: 20 }],
    ['n', { n: 3 }, { n: 3 }],
    ['penalties', { presence_penalty: 1, frequency_penalty: -1, repetition_penalty: 0.5 }, { presencePenalty: 1, frequencyPenalty: -1, repetitionPenalty: 0.5 }],
    ['logit_bias', { logit_bias: { '65': 100 } }, { logitBias: [[65, 100]] }],
    ['min_tokens without max_tokens (checked against the room left later)', { min_tokens: 500 }, { minTokens: 500, maxTokens: null }],
    ['min_tokens up to max_completion_tokens', { min_tokens: 4, max_completion_tokens: 4 }, { minTokens: 4 }],
    ['stop_token_ids', { stop_token_ids: [257] }, { stopTokenIds: [257] }],
    ['a json_object response format', { response_format: { type: 'json_object' } }, { responseFormat: { kind: 'json-object' } }],
    [
      'a json_schema response format',
      { response_format: { type: 'json_schema', json_schema: { name: 'point_2d', description: 'a point', schema: { type: 'object' }, strict: true } } },
      { responseFormat: { kind: 'json-schema', name: 'point_2d', schema: { type: 'object' }, strict: true } },
    ],
    [
      'a json_schema response format without strict',
      { response_format: { type: 'json_schema', json_schema: { name: 'p', schema: { type: 'integer' } } } },
      { responseFormat: { kind: 'json-schema', name: 'p', schema: { type: 'integer' }, strict: false } },
    ],
    ['vLLM and OpenAI fields it ignores', { store: false, metadata: {}, add_generation_prompt: true, parallel_tool_calls: true }, {}],
  ])('accepts %s', (_name, extra, expected) => {
    const parsed = parseChatCompletionRequest({ ...base, ...extra });
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.value).toMatchObject(expected);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['model missing', { model: undefined }, 'model', 'missing_required_parameter'],
    ['messages missing', { messages: undefined }, 'messages', 'missing_required_parameter'],
    ['messages not an array', { messages: 'hi' }, 'messages', 'invalid_type'],
    ['messages empty', { messages: [] }, 'messages', 'invalid_value'],
    ['a message not an object', { messages: [user, 'hi'] }, 'messages[1]', 'invalid_type'],
    ['a message without role', { messages: [{ content: 'x' }] }, 'messages[0].role', 'missing_required_parameter'],
    ['an unknown role', { messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role', 'invalid_value'],
    ['a tool message', { messages: [user, { role: 'tool', content: 'x', tool_call_id: 'c' }] }, 'messages[1].role', 'unsupported_value'],
    ['a function message', { messages: [{ role: 'function', content: 'x', name: 'f' }] }, 'messages[0].role', 'unsupported_value'],
    ['a user message without content', { messages: [{ role: 'user' }] }, 'messages[0].content', 'missing_required_parameter'],
    ['content a number', { messages: [{ role: 'user', content: 3 }] }, 'messages[0].content', 'invalid_type'],
    [
      'an image content part',
      { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://x/y.png' } }] }] },
      'messages[0].content[0].type',
      'unsupported_value',
    ],
    ['a content part without type', { messages: [{ role: 'user', content: [{ text: 'x' }] }] }, 'messages[0].content[0].type', 'missing_required_parameter'],
    ['a text part without text', { messages: [{ role: 'user', content: [{ type: 'text' }] }] }, 'messages[0].content[0].text', 'missing_required_parameter'],
    ['a text part with a number', { messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] }, 'messages[0].content[0].text', 'invalid_type'],
    ['a content part not an object', { messages: [{ role: 'user', content: ['x'] }] }, 'messages[0].content[0]', 'invalid_type'],
    ['a name not a string', { messages: [{ ...user, name: 4 }] }, 'messages[0].name', 'invalid_type'],
    [
      'assistant tool calls',
      { messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] }] },
      'messages[0].tool_calls',
      'unsupported_value',
    ],
    ['max_tokens -1', { max_tokens: -1 }, 'max_tokens', 'integer_below_min_value'],
    ['max_completion_tokens 0', { max_completion_tokens: 0 }, 'max_completion_tokens', 'integer_below_min_value'],
    ['max_completion_tokens a string', { max_completion_tokens: '5' }, 'max_completion_tokens', 'invalid_type'],
    ['temperature above 2', { temperature: 9 }, 'temperature', 'decimal_above_max_value'],
    ['top_p 0', { top_p: 0 }, 'top_p', 'decimal_below_min_value'],
    ['stream_options without stream', { stream_options: { include_usage: true } }, 'stream_options', 'invalid_value'],
    ['n 17', { n: 17 }, 'n', 'integer_above_max_value'],
    ['logprobs a number', { logprobs: 1 }, 'logprobs', 'invalid_type'],
    ['top_logprobs without logprobs', { top_logprobs: 3 }, 'top_logprobs', 'invalid_value'],
    ['top_logprobs 21', { logprobs: true, top_logprobs: 21 }, 'top_logprobs', 'integer_above_max_value'],
    ['top_logprobs -1', { logprobs: true, top_logprobs: -1 }, 'top_logprobs', 'integer_below_min_value'],
    ['min_tokens above max_tokens', { min_tokens: 3, max_tokens: 2 }, 'min_tokens', 'invalid_value'],
    ['response_format not an object', { response_format: 'json' }, 'response_format', 'invalid_type'],
    ['response_format without type', { response_format: {} }, 'response_format.type', 'missing_required_parameter'],
    ['json_schema missing', { response_format: { type: 'json_schema' } }, 'response_format.json_schema', 'missing_required_parameter'],
    ['json_schema without a name', { response_format: { type: 'json_schema', json_schema: { schema: {} } } }, 'response_format.json_schema.name', 'missing_required_parameter'],
    ['a json_schema name with spaces', { response_format: { type: 'json_schema', json_schema: { name: 'a b', schema: {} } } }, 'response_format.json_schema.name', 'invalid_value'],
    ['json_schema without a schema', { response_format: { type: 'json_schema', json_schema: { name: 'a' } } }, 'response_format.json_schema.schema', 'missing_required_parameter'],
    ['a json_schema schema not an object', { response_format: { type: 'json_schema', json_schema: { name: 'a', schema: true } } }, 'response_format.json_schema.schema', 'invalid_type'],
    ['json_schema strict a string', { response_format: { type: 'json_schema', json_schema: { name: 'a', schema: {}, strict: 'yes' } } }, 'response_format.json_schema.strict', 'invalid_type'],
    ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools', 'unsupported_value'],
    ['tools not an array', { tools: {} }, 'tools', 'invalid_type'],
    ['a forced tool choice', { tool_choice: 'required' }, 'tool_choice', 'unsupported_value'],
    ['functions', { functions: [{ name: 'f' }] }, 'functions', 'unsupported_value'],
    ['a tool choice naming a function', { tool_choice: { type: 'function', function: { name: 'f' } } }, 'tool_choice', 'unsupported_value'],
    ['presence_penalty a string', { presence_penalty: 'high' }, 'presence_penalty', 'invalid_type'],
  ])('rejects %s', (_name, extra, param, code) => {
    const parsed = parseChatCompletionRequest({ ...base, ...extra });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.status).toBe(400);
    expect(parsed.error.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
    expect(parsed.error.body.error.message).toContain(param);
  });

  it('lists the roles it supports when the role is unknown', () => {
    const parsed = parseChatCompletionRequest({ ...base, messages: [{ role: 'robot', content: 'x' }] });
    expect(!parsed.ok && parsed.error.body.error.message).toBe(
      "Invalid value for 'messages[0].role': 'robot'. Supported values are: 'system', 'developer', 'user', 'assistant'.",
    );
  });
});
