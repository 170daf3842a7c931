import { generationFromWire, generationToWire, tokenFromWire, tokenToWire } from './generation.mapper';

const wire = (over: Record<string, unknown> = {}, sampling: Record<string, unknown> = {}) => ({
  maxTokens: 8,
  stop: ['\n'],
  ignoreEos: false,
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
    ['missing parameters', null, 'generation parameters are missing'],
    ['missing sampling', wire({ sampling: null }), 'sampling parameters are missing'],
    ['negative temperature', wire({}, { temperature: -1 }), 'temperature'],
    ['top_p of zero', wire({}, { topP: 0 }), 'top_p'],
    ['max_tokens of zero', wire({ maxTokens: 0 }), 'max_tokens'],
  ])('refuses %s', (_name, input, message) => {
    const result = generationFromWire(input as never);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toContain(message);
  });
});
