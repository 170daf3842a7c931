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
      'neutral unsupported params',
      { logprobs: false, top_logprobs: 0, tools: [], tool_choice: 'none', functions: [], function_call: 'auto', response_format: { type: 'text' }, n: 1 },
      {},
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
    ['n 2', { n: 2 }, 'n', 'unsupported_value'],
    ['logprobs', { logprobs: true }, 'logprobs', 'unsupported_value'],
    ['top_logprobs', { top_logprobs: 3 }, 'top_logprobs', 'unsupported_value'],
    ['tools', { tools: [{ type: 'function', function: { name: 'f' } }] }, 'tools', 'unsupported_value'],
    ['tools not an array', { tools: {} }, 'tools', 'invalid_type'],
    ['a forced tool choice', { tool_choice: 'required' }, 'tool_choice', 'unsupported_value'],
    ['functions', { functions: [{ name: 'f' }] }, 'functions', 'unsupported_value'],
    ['a json response format', { response_format: { type: 'json_object' } }, 'response_format', 'unsupported_value'],
    ['presence_penalty', { presence_penalty: 1 }, 'presence_penalty', 'unsupported_value'],
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
