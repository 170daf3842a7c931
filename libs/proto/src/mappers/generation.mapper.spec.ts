import { generationFromWire, generationToWire, tokenFromWire, tokenToWire } from './generation.mapper';

const wire = (over: Record<string, unknown> = {}, sampling: Record<string, unknown> = {}) => ({
  maxTokens: 8,
  stop: ['\n'],
  ignoreEos: false,
  minTokens: 0,
  stopTokenIds: [],
  logitBias: [],
  presencePenalty: 0,
  frequencyPenalty: 0,
  repetitionPenalty: 0,
  logprobs: false,
  topLogprobs: 0,
  constraint: null,
  sampling: { temperature: 0.7, topP: 0.9, topK: 40, seed: 12, ...sampling },
  ...over,
});

describe('generation mapping', () => {
  it('round-trips through the wire form', () => {
    const params = { maxTokens: 8, sampling: { temperature: 0.5, topP: 1, topK: 0, seed: 3 }, stop: ['x'], ignoreEos: true };
    expect(generationFromWire(generationToWire(params) as never)).toEqual({ ok: true, value: params });
    expect(tokenFromWire(tokenToWire({ token: 5, text: 'a', finishReason: 'length' }))).toEqual({ token: 5, text: 'a', finishReason: 'length' });
    expect(tokenFromWire(tokenToWire({ token: 5, text: 'a' }))).toEqual({ token: 5, text: 'a' });
  });

  it.each([
    ['min_tokens', { minTokens: 3 }],
    ['stop_token_ids', { stopTokenIds: [10, 257] }],
    ['logit_bias', { logitBias: [[65, 100], [66, -0.1]] as const }],
    ['penalties', { presencePenalty: -2, frequencyPenalty: 0.3, repetitionPenalty: 1.1 }],
    ['logprobs of the chosen token only', { logprobs: 0 }],
    ['logprobs with alternatives', { logprobs: 20 }],
    ['a json-object constraint', { constraint: { kind: 'json-object' as const } }],
    ['a json-schema constraint', { constraint: { kind: 'json-schema' as const, schema: { type: 'object', properties: { a: { type: 'integer' } } }, name: 'thing' } }],
    ['a boolean schema without a name', { constraint: { kind: 'json-schema' as const, schema: true } }],
  ])('round-trips %s', (_name, controls) => {
    const params = { maxTokens: 8, sampling: { temperature: 1, topP: 1, topK: 0, seed: 3 }, stop: [], ignoreEos: false, ...controls };
    expect(generationFromWire(generationToWire(params) as never)).toEqual({ ok: true, value: params });
  });

  it.each([
    ['no logprobs', { token: 5, text: 'a' }],
    ['a logprob and alternatives', { token: 5, text: 'a', logprob: -0.5, topLogprobs: [{ token: 5, logprob: -0.5 }, { token: 6, logprob: -1 }] }],
    ['a logprob of minus infinity and no alternatives', { token: 5, text: '', finishReason: 'stop' as const, logprob: -Infinity, topLogprobs: [] }],
  ])('round-trips a token with %s', (_name, token) => {
    expect(tokenFromWire(tokenToWire(token))).toEqual(token);
  });

  it.each([
    ['missing parameters', null, 'generation parameters are missing'],
    ['missing sampling', wire({ sampling: null }), 'sampling parameters are missing'],
    ['negative temperature', wire({}, { temperature: -1 }), 'temperature'],
    ['top_p of zero', wire({}, { topP: 0 }), 'top_p'],
    ['max_tokens of zero', wire({ maxTokens: 0 }), 'max_tokens'],
    ['min_tokens above max_tokens', wire({ minTokens: 9 }), 'min_tokens'],
    ['a presence penalty of 3', wire({ presencePenalty: 3 }), 'presence_penalty'],
    ['a frequency penalty of NaN', wire({ frequencyPenalty: NaN }), 'frequency_penalty'],
    ['a negative repetition penalty', wire({ repetitionPenalty: -1 }), 'repetition_penalty'],
    ['a logit bias of 200', wire({ logitBias: [{ token: 3, bias: 200 }] }), 'logit_bias for token 3'],
    ['top_logprobs of 21', wire({ logprobs: true, topLogprobs: 21 }), 'top_logprobs'],
    ['top_logprobs without logprobs', wire({ topLogprobs: 2 }), 'top_logprobs needs logprobs'],
    ['an unknown constraint kind', wire({ constraint: { kind: 'regex', schemaJson: '', name: '' } }), 'constraint kind'],
    ['a schema that is not JSON', wire({ constraint: { kind: 'json-schema', schemaJson: '{', name: '' } }), 'not valid JSON'],
    ['a schema that is an array', wire({ constraint: { kind: 'json-schema', schemaJson: '[]', name: '' } }), 'a JSON object or a boolean'],
  ])('refuses %s', (_name, input, message) => {
    const result = generationFromWire(input as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
