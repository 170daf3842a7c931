import { type BlockKey } from '@tsukimi/kv-block';
import { DEFAULT_REQUEST_LIMITS } from '@tsukimi/openai';
import { parseMessagesPlan } from '../completion/messages.request';
import { byteLanguage } from '../model/model-language';
import { leaseRuns } from './lease.runs';
import { messagesLeaseAsks, openAiLeaseAsks } from './prompt-cache.ask';
import { parseLeaseTtl } from './prompt-cache.ttl';

describe('prompt-cache asks', () => {
  it.each([
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['30s', 30_000],
    ['250ms', 250],
    ['24h', 86_400_000],
  ])('reads the ttl %s as %d ms', (text, ms) => {
    expect(parseLeaseTtl(text)).toEqual({ ok: true, value: ms });
  });

  it.each([['5'], ['0s'], ['25h'], ['1d'], [' 5m'], [300]])('refuses the ttl %p', (text) => {
    expect(parseLeaseTtl(text).ok).toBe(false);
  });

  it.each([
    [{}, []],
    [{ tsukimi: {} }, []],
    [{ tsukimi: { prompt_cache: {} } }, [{ tokens: 100, ttlMs: 300_000 }]],
    [{ tsukimi: { prompt_cache: { ttl: '2s', prefix_tokens: 64 } } }, [{ tokens: 64, ttlMs: 2_000 }]],
    [{ tsukimi: { prompt_cache: { ttl: '1h', prefix_tokens: 500 } } }, [{ tokens: 100, ttlMs: 3_600_000 }]],
  ])('reads the OpenAI extension %j of a 100-token prompt', (body, asks) => {
    expect(openAiLeaseAsks(body, 100)).toEqual({ ok: true, value: asks });
  });

  it.each([
    [{ tsukimi: 1 }, 'tsukimi'],
    [{ tsukimi: { prompt_cache: 'yes' } }, 'tsukimi.prompt_cache'],
    [{ tsukimi: { prompt_cache: { ttl: '10d' } } }, 'tsukimi.prompt_cache.ttl'],
    [{ tsukimi: { prompt_cache: { prefix_tokens: 0 } } }, 'tsukimi.prompt_cache.prefix_tokens'],
  ])('refuses %j with a 400 naming %s', (body, param) => {
    const asks = openAiLeaseAsks(body, 100);
    expect(asks.ok).toBe(false);
    if (!asks.ok) expect(asks.error).toMatchObject({ status: 400, body: { error: { param } } });
  });

  const keys = Array.from({ length: 10 }, (_, i) => `k${i}` as BlockKey);
  it.each([
    // asks, runs as [first key, last key, ttl, end tokens]
    [[{ tokens: 70, ttlMs: 5 }], [['k0', 'k3', 5, 64]]],
    [[{ tokens: 15, ttlMs: 5 }], []],
    [[{ tokens: 1_000, ttlMs: 5 }], [['k0', 'k9', 5, 160]]],
    [[{ tokens: 80, ttlMs: 5 }, { tokens: 33, ttlMs: 60 }], [['k0', 'k1', 60, 32], ['k2', 'k4', 5, 80]]],
    [[{ tokens: 33, ttlMs: 60 }, { tokens: 40, ttlMs: 5 }], [['k0', 'k1', 60, 32]]],
  ])('cuts the asks %j into whole-block runs of 16 tokens', (asks, expected) => {
    const runs = leaseRuns(asks, keys, 16, 1_000);
    expect(runs.map((r) => [r.keys[0], r.leaseId, r.ttlMs, r.endTokens])).toEqual(expected);
    for (const run of runs) expect(run.sizeBytes).toBe(run.keys.length * 1_000);
  });
});

describe('messagesLeaseAsks', () => {
  const language = byteLanguage();
  const block = (text: string, ttl?: '5m' | '1h') => ({ type: 'text', text, ...(ttl ? { cache_control: { type: 'ephemeral', ttl } } : {}) });
  const asksOf = (system: unknown[], content: unknown[]) => {
    const plan = parseMessagesPlan({ model: 'tiny', max_tokens: 8, system, messages: [{ role: 'user', content }] }, DEFAULT_REQUEST_LIMITS);
    if (!plan.ok) throw new Error(plan.error.body.error.message);
    const tokens = language.chatTokens(plan.value.chat.messages);
    return { asks: messagesLeaseAsks(plan.value.source, language, tokens), tokens };
  };

  it.each([
    ['no breakpoint', [block('S'.repeat(100))], [block('Q?')], []],
    ['a 5m system prompt', [block('S'.repeat(100), '5m')], [block('Q?')], [300_000]],
    ['a 1h system prompt', [block('S'.repeat(100), '1h')], [block('Q?')], [3_600_000]],
    ['1h on the system prompt, 5m on the question', [block('S'.repeat(100), '1h')], [block('Q'.repeat(50), '5m')], [3_600_000, 300_000]],
  ])('with %s asks for leases of those TTLs, each reaching further into the prompt', (_, system, content, ttls) => {
    const { asks, tokens } = asksOf(system, content);
    expect(asks.map((a) => a.ttlMs)).toEqual(ttls);
    for (let i = 1; i < asks.length; i++) expect(asks[i]!.tokens).toBeGreaterThan(asks[i - 1]!.tokens);
    for (const ask of asks) expect(ask.tokens).toBeGreaterThan(100);
    for (const ask of asks) expect(ask.tokens).toBeLessThan(tokens.length);
  });
});
