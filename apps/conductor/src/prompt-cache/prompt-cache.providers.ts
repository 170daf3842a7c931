import { type Provider } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { type LeaseBook, MemoryLeaseBook, type PoolMasters, type PromptCacheMetrics, PromptCacheLeases } from '@tsukimi/conductor';
import { CLOCK, LOGGER, Metrics, type ServiceTokens, shutdownTask } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { GrpcPromptCachePool } from '../gateways/grpc-prompt-cache.pool';
import { connectRedis } from '../redis.connection';
import { RedisLeaseBook } from './redis-lease.book';

/** The conductor's PromptCacheLeases. */
export const PROMPT_CACHE = Symbol('PROMPT_CACHE');

interface PromptCacheSettings {
  /** Each tenant's quota of leased byte-seconds; none when absent. */
  readonly promptCacheQuotaByteSeconds?: number | undefined;
  readonly redisUrl?: string | undefined;
  readonly redisPrefix: string;
}

/** How often expired leases leave the books and the gauges (the pool's pins run out on their own). */
const SWEEP_INTERVAL_MS = 1_000;
/** How long the master may take to pin a lease's blocks before the lease is reported pool-unavailable. */
const PIN_TIMEOUT_MS = 3_000;

const LEASE_BOOK = { store: 'prompt-cache lease book', whileUnreachable: 'requests are served without taking their prompt-cache leases until it is back' };

/**
 * Prompt-cache leases held as soft pins on the kvpool masters, with a per-tenant quota from the
 * configuration, booked in Redis when `--redis-url` names one (one account per tenant across every
 * conductor, kept across restarts) and in this conductor's memory otherwise.
 */
export function promptCacheProviders(config: PromptCacheSettings, masters: PoolMasters | undefined, tokens: ServiceTokens | undefined): Provider[] {
  const pool = new GrpcPromptCachePool(masters, PIN_TIMEOUT_MS, tokens);
  let sweeper: NodeJS.Timeout | undefined;
  let redis: Redis | undefined;
  return [
    {
      provide: PROMPT_CACHE,
      inject: [Metrics, CLOCK, LOGGER],
      useFactory: (metrics: Metrics, clock: Clock, logger: Logger): PromptCacheLeases => {
        const quota = config.promptCacheQuotaByteSeconds;
        let book: LeaseBook = new MemoryLeaseBook();
        if (config.redisUrl !== undefined) {
          redis = connectRedis(config.redisUrl, logger, LEASE_BOOK);
          book = new RedisLeaseBook(redis, { prefix: config.redisPrefix });
        }
        const leases = new PromptCacheLeases(book, () => quota, pool, promptCacheMetrics(metrics), clock);
        let sweeping = false;
        sweeper = setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          void leases.sweep().finally(() => (sweeping = false));
        }, SWEEP_INTERVAL_MS);
        sweeper.unref();
        return leases;
      },
    },
    shutdownTask('prompt-cache leases', async () => {
      clearInterval(sweeper);
      pool.close();
      await redis?.quit().catch(() => redis?.disconnect());
    }),
  ];
}

function promptCacheMetrics(m: Metrics): PromptCacheMetrics {
  return {
    leased: (tenant, outcome) => m.get('tsukimi_conductor_prompt_cache_leases_total').inc({ tenant, outcome }),
    refused: (tenant) => m.get('tsukimi_conductor_prompt_cache_refusals_total').inc({ tenant }),
    expired: (tenant, leases) => {
      if (leases > 0) m.get('tsukimi_conductor_prompt_cache_expiries_total').inc({ tenant }, leases);
    },
    heldBytes: (tenant, bytes) => m.get('tsukimi_conductor_prompt_cache_held_bytes').set({ tenant }, bytes),
  };
}
