import { Redis } from 'ioredis';
import { MemoryRateLimiter, type RateLimiter, TenantLimitTable } from '@tsukimi/conductor';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { RedisRateLimiter } from '../../apps/conductor/src/rate-limit/redis-rate.limiter';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { median, progress, round } from '../lib/bench-stats';
import { rateLimitArgs } from './rate-limit.args';

/**
 * `node -r ./tools/runtime/register.js bench/rate-limit/rate-limit.bench.ts [--pairs N] [--rounds N]`:
 * what tenant admission costs a request: one reserve and one settle, every limit on (requests,
 * tokens, concurrency), against the same number of bare Redis round trips (two PINGs) on the same
 * connection to a loopback redis-server, and in memory. Sequential (one request at a time) and 64
 * in flight; rounds alternate which side goes first. Prints JSON.
 */
const LIMITS = new TenantLimitTable({ requestsPerMinute: 1e9, tokensPerMinute: 1e12, maxConcurrent: 1e6 });
const TENANTS = 64;

/** Microseconds per pair, `inFlight` pairs at a time. */
async function timed(pairs: number, inFlight: number, pair: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < pairs) await pair(next++);
    }),
  );
  return ((performance.now() - start) * 1000) / pairs;
}

function admission(limiter: RateLimiter): (i: number) => Promise<unknown> {
  return async (i) => {
    const tenant = `t${i % TENANTS}`;
    const reserved = await limiter.reserve(tenant, 100, Date.now());
    if (!reserved.ok) throw new Error(`refused: ${JSON.stringify(reserved.error)}`);
    await limiter.settle(reserved.value, 40, Date.now());
  };
}

async function main({ pairs, rounds }: BenchValues<typeof rateLimitArgs.options>): Promise<void> {
  const server = await RedisServerProcess.start();
  const redis = new Redis(server.port, '127.0.0.1', { enableOfflineQueue: true });
  try {
    const viaRedis = admission(new RedisRateLimiter(redis, LIMITS, { prefix: 'bench:rl:', concurrencyRetryAfterMs: 1000, slotLeaseMs: 600_000 }));
    const inMemory = admission(new MemoryRateLimiter(LIMITS, { concurrencyRetryAfterMs: 1000 }));
    const pings = async () => {
      await redis.ping();
      await redis.ping();
    };
    const sides = { redis: viaRedis, pings, memory: inMemory };
    const result: Record<string, Record<string, number[]>> = {};
    for (const inFlight of [1, 64]) {
      const samples: Record<string, number[]> = { redis: [], pings: [], memory: [] };
      await timed(500, inFlight, viaRedis);
      for (let r = 0; r < rounds; r += 1) {
        const order = r % 2 === 0 ? (['redis', 'pings', 'memory'] as const) : (['pings', 'redis', 'memory'] as const);
        for (const side of order) samples[side]!.push(await timed(side === 'memory' ? pairs * 10 : pairs, inFlight, sides[side]));
        progress(`in flight ${inFlight}, round ${r + 1}: ${order.map((s) => `${s} ${round(samples[s]!.at(-1)!, 1)} us/pair`).join(', ')}`);
      }
      result[`in_flight_${inFlight}`] = samples;
    }
    const summary = Object.fromEntries(
      Object.entries(result).map(([name, s]) => [
        name,
        {
          redis_us_per_request: round(median(s['redis']!), 1),
          two_pings_us: round(median(s['pings']!), 1),
          memory_us_per_request: round(median(s['memory']!), 2),
          redis_over_two_pings: round(median(s['redis']!) / median(s['pings']!), 2),
        },
      ]),
    );
    process.stdout.write(`${JSON.stringify({ pairs, rounds, tenants: TENANTS, ...summary }, null, 2)}\n`);
  } finally {
    redis.disconnect();
    await server.stop();
  }
}

runBench(rateLimitArgs, main);
