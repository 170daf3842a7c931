import { parseChatCompletionRequest } from './chat-request.parser';
import { parseCompletionRequest } from './completion-request.parser';
import { DEFAULT_REQUEST_LIMITS, perLimits, type RequestLimits } from './request.limits';

const limits: RequestLimits = { maxMessages: 3, maxStopSequences: 2, maxStopSequenceChars: 5, maxLogitBiasEntries: 2, maxCompletionTokens: 10 };
const user = { role: 'user', content: 'Hi' };
const chat = (extra: Record<string, unknown>) => parseChatCompletionRequest({ model: 'tiny', messages: [user], ...extra }, limits);
const completion = (extra: Record<string, unknown>) => parseCompletionRequest({ model: 'tiny', prompt: 'Hi', ...extra }, limits);
const bias = (entries: number) => Object.fromEntries(Array.from({ length: entries }, (_, i) => [String(i), 1]));
const parsers = [
  ['chat', chat],
  ['completion', completion],
] as const;

describe('request limits', () => {
  describe.each(parsers)('both endpoints (%s)', (_endpoint, parse) => {
    it.each<[string, Record<string, unknown>]>([
      ['as many stop strings as allowed', { stop: ['a', 'b'] }],
      ['a stop string as long as allowed', { stop: 'abcde' }],
      ['a stop string of 5 UTF-16 units (a letter and two emoji)', { stop: ['a😀😀'] }],
      ['as many logit_bias entries as allowed', { logit_bias: bias(2) }],
      ['max_tokens at the limit', { max_tokens: 10 }],
    ])('accepts %s', (_name, extra) => {
      expect(parse(extra).ok).toBe(true);
    });

    it.each<[string, Record<string, unknown>, string, string, string]>([
      ['one stop string too many', { stop: ['a', 'b', 'c'] }, 'stop', 'invalid_value', 'at most 2 stop sequences'],
      ['a stop string too long', { stop: ['a', 'abcdef'] }, 'stop', 'invalid_value', 'stop sequence 1 is 6 characters long; at most 5'],
      ['one logit_bias entry too many', { logit_bias: bias(3) }, 'logit_bias', 'invalid_value', 'at most 2 entries'],
      ['max_tokens over the limit', { max_tokens: 11 }, 'max_tokens', 'integer_above_max_value', 'Expected a value <= 10, but got 11'],
      ['a huge max_tokens', { max_tokens: 1e300 }, 'max_tokens', 'integer_above_max_value', 'Expected a value <= 10'],
    ])('rejects %s, naming the param', (_name, extra, param, code, says) => {
      const parsed = parse(extra);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.error.status).toBe(400);
      expect(parsed.error.body.error).toMatchObject({ type: 'invalid_request_error', param, code });
      expect(parsed.error.body.error.message).toContain(says);
    });
  });

  it('holds chat messages to the limit', () => {
    expect(chat({ messages: [user, user, user] }).ok).toBe(true);
    const parsed = chat({ messages: [user, user, user, user] });
    expect(!parsed.ok && parsed.error.body.error).toEqual({
      message: "Invalid 'messages': array too long. Expected an array with maximum length 3, but got an array with length 4 instead.",
      type: 'invalid_request_error',
      param: 'messages',
      code: 'array_above_max_length',
    });
  });

  it('holds max_completion_tokens to the limit', () => {
    expect(chat({ max_completion_tokens: 10 }).ok).toBe(true);
    const parsed = chat({ max_completion_tokens: 11 });
    expect(!parsed.ok && parsed.error.body.error).toMatchObject({ param: 'max_completion_tokens', code: 'integer_above_max_value' });
  });

  it('lowers the default max_tokens of a completion to a smaller limit', () => {
    const parsed = parseCompletionRequest({ model: 'tiny', prompt: 'Hi' }, { ...limits, maxCompletionTokens: 4 });
    expect(parsed.ok && parsed.value.maxTokens).toBe(4);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['5 stop strings', { stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    ['a stop string of 1025 characters', { stop: 'x'.repeat(1025) }, 'stop'],
    ['301 logit_bias entries', { logit_bias: bias(301) }, 'logit_bias'],
    ['max_tokens of 32769', { max_tokens: 32_769 }, 'max_tokens'],
    ['2049 messages', { messages: Array.from({ length: 2049 }, () => user) }, 'messages'],
  ])('applies the default limits when given none: rejects %s', (_name, extra, param) => {
    const parsed = parseChatCompletionRequest({ model: 'tiny', messages: [user], ...extra });
    expect(!parsed.ok && parsed.error.body.error.param).toBe(param);
    const atDefaults = parseChatCompletionRequest({ model: 'tiny', messages: [user], ...extra }, DEFAULT_REQUEST_LIMITS);
    expect(atDefaults).toEqual(parsed);
  });

  it('builds what derives from a limits object once per object', () => {
    let builds = 0;
    const derived = perLimits((l) => ({ n: l.maxMessages, build: ++builds }));
    expect(derived(limits)).toBe(derived(limits));
    expect(derived({ ...limits })).toEqual({ n: 3, build: 2 });
    expect(builds).toBe(2);
  });
});
