import { rateLimitHeaders, rateLimitReply, resetDuration } from './rate-limit.reply';

describe('rate-limit replies', () => {
  it.each([
    [0, '0ms'],
    [20, '20ms'],
    [999.2, '1s'],
    [1_000, '1s'],
    [1_500, '1.5s'],
    [17_280, '17.28s'],
    [60_000, '1m0s'],
    [360_000, '6m0s'],
    [61_250, '1m1.25s'],
  ])('writes %f ms as OpenAI does: %s', (ms, text) => {
    expect(resetDuration(ms)).toBe(text);
  });

  it('sends the three headers of each limited budget and none of an unlimited one', () => {
    expect(rateLimitHeaders({ requests: { limit: 3, remaining: 2, resetMs: 20_000 } })).toEqual({
      'x-ratelimit-limit-requests': '3',
      'x-ratelimit-remaining-requests': '2',
      'x-ratelimit-reset-requests': '20s',
    });
    expect(Object.keys(rateLimitHeaders({ tokens: { limit: 100, remaining: 0, resetMs: 60_000 } }))).toEqual(['x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens']);
    expect(rateLimitHeaders({ concurrency: { limit: 1, inFlight: 1 } })).toEqual({});
  });

  it.each([
    ['requests', 'requests', 'requests per min (RPM): limit 3, remaining 0, requested 1'],
    ['tokens', 'tokens', 'tokens per min (TPM): limit 100, remaining 40, requested 70'],
    ['concurrency', 'requests', 'requests in flight: limit 1, in flight 1'],
  ] as const)('answers a request over its %s limit with 429 rate_limit_exceeded of type %s', (limit, type, detail) => {
    const status = { requests: { limit: 3, remaining: 0, resetMs: 20_000 }, tokens: { limit: 100, remaining: 40, resetMs: 36_000 }, concurrency: { limit: 1, inFlight: 1 } };
    const reply = rateLimitReply({ kind: 'limited', limit, retryAfterMs: 1_200, requestedTokens: 70, status }, 'acme');
    expect(reply.status).toBe(429);
    expect(reply.body.error).toMatchObject({ type, code: 'rate_limit_exceeded', param: null });
    expect(reply.body.error.message).toContain(`tenant "acme" on ${detail}`);
    expect(reply.headers).toMatchObject({ 'retry-after': '2', 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-tokens': '36s' });
  });
});
