import { Redis } from 'ioredis';
import { type RateLimiter, runRateLimiterContract, TenantLimitTable, UNLIMITED } from '@tsukimi/conductor';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { RedisRateLimiter } from './redis-rate.limiter';

let server: RedisServerProcess;
beforeAll(async () => {
  server = await RedisServerProcess.start();
});
afterAll(() => server?.stop());

let prefixes = 0;
const freshPrefix = () => `test:rl${(prefixes += 1)}:`;

async function connect(port: number): Promise<Redis> {
  const redis = new Redis(port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}

runRateLimiterContract('redis', async ({ table, concurrencyRetryAfterMs }) => {
  const [mine, theirs] = await Promise.all([connect(server.port), connect(server.port)]);
  const options = { prefix: freshPrefix(), concurrencyRetryAfterMs, slotLeaseMs: 60_000 };
  return {
    limiter: new RedisRateLimiter(mine, table, options),
    rival: new RedisRateLimiter(theirs, table, options),
    close: async () => {
      await Promise.all([mine.quit(), theirs.quit()]);
    },
  };
});

describe('RedisRateLimiter', () => {
  const T0 = Date.UTC(2025, 0, 1);
  const capped = new TenantLimitTable({ ...UNLIMITED, requestsPerMinute: 10, maxConcurrent: 1 });

  it('lets a slot whose conductor never ended it lapse after the lease', async () => {
    const redis = await connect(server.port);
    const limiter: RateLimiter = new RedisRateLimiter(redis, capped, { prefix: freshPrefix(), concurrencyRetryAfterMs: 1000, slotLeaseMs: 30_000 });
    expect((await limiter.reserve('t', 1, T0)).ok).toBe(true);
    expect((await limiter.reserve('t', 1, T0 + 29_999)).ok).toBe(false);
    expect((await limiter.reserve('t', 1, T0 + 30_000)).ok).toBe(true);
    await redis.quit();
  });

  it('leaves no key behind once budgets are whole and nothing is in flight: every key has a TTL', async () => {
    const redis = await connect(server.port);
    const prefix = freshPrefix();
    const limiter = new RedisRateLimiter(redis, new TenantLimitTable({ requestsPerMinute: 60, tokensPerMinute: 600, maxConcurrent: 2 }), { prefix, concurrencyRetryAfterMs: 1000, slotLeaseMs: 30_000 });
    const reserved = await limiter.reserve('t', 10, Date.now());
    const keys = await redis.keys(`${prefix}*`);
    expect(keys.sort()).toEqual([`${prefix}{t}:inflight`, `${prefix}{t}:requests`, `${prefix}{t}:tokens`]);
    for (const key of keys) expect(await redis.pttl(key)).toBeGreaterThan(0);
    if (reserved.ok) await limiter.settle(reserved.value, 10, Date.now());
    expect(await redis.pttl(`${prefix}{t}:requests`)).toBeLessThanOrEqual(2_000);
    await redis.quit();
  });

  it('answers unavailable, not an exception, when its connection is gone', async () => {
    const redis = await connect(server.port);
    const limiter = new RedisRateLimiter(redis, capped, { prefix: freshPrefix(), concurrencyRetryAfterMs: 1000, slotLeaseMs: 30_000 });
    redis.disconnect();
    expect(await limiter.reserve('t', 1, T0)).toMatchObject({ ok: false, error: { kind: 'unavailable' } });
  });
});
