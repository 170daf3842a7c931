import { type BlockKey } from '@tsukimi/kv-block';
import { leaseRuns } from './lease.runs';
import { openAiLeaseAsks } from './prompt-cache.ask';
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
