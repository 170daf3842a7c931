import { type Provider } from '@nestjs/common';
import { type Redis } from 'ioredis';
import { MemoryRateLimiter, type RateLimiter, type RateLimitMetrics, TenantAdmission, type TenantLimitTable } from '@tsukimi/conductor';
import { CLOCK, LOGGER, Metrics, shutdownTask } from '@tsukimi/service-kit';
import { type Clock, type Logger } from '@tsukimi/telemetry';
import { connectRedis } from '../redis.connection';
import { RedisRateLimiter } from './redis-rate.limiter';
import { tenantLimitTable } from './tenant-limits.config';

/** The conductor's TenantAdmission, or undefined when no tenant has any limit. */
export const TENANT_ADMISSION = Symbol('TENANT_ADMISSION');

interface RateLimitSettings {
  readonly tenantRequestsPerMinute: number;
  readonly tenantTokensPerMinute: number;
  readonly tenantMaxConcurrent: number;
  readonly tenantLimitsFile?: string | undefined;
  readonly redisUrl?: string | undefined;
  readonly redisPrefix: string;
  /** Retry-After of a request refused by the concurrency cap, as of one the scheduler refused. */
  readonly retryAfterMs: number;
}

/**
 * How long a reservation holds its concurrency slot in Redis unless ended first: the most a slot
 * of a conductor that died stays taken. A stream running longer frees its slot early.
 */
const SLOT_LEASE_MS = 10 * 60_000;

const RATE_LIMIT_STORE = { store: 'rate-limit store', whileUnreachable: 'requests are served without tenant limits until it is back' };

/** Tenant admission from the configuration, over Redis when `--redis-url` names one, else in this conductor's memory. */
export function rateLimitProviders(config: RateLimitSettings): Provider[] {
  let redis: Redis | undefined;
  return [
    {
      provide: TENANT_ADMISSION,
      inject: [Metrics, CLOCK, LOGGER],
      useFactory: (metrics: Metrics, clock: Clock, logger: Logger): TenantAdmission | undefined => {
        const table = tenantLimitTable(config);
        if (!table.ok) throw new Error(table.error);
        if (!table.value.limitsAnything) return undefined;
        if (config.redisUrl !== undefined) redis = connectRedis(config.redisUrl, logger, RATE_LIMIT_STORE);
        return new TenantAdmission(limiter(config, table.value, redis), table.value, rateLimitMetrics(metrics), clock);
      },
    },
    shutdownTask('rate-limit store', async () => {
      await redis?.quit().catch(() => redis?.disconnect());
    }),
  ];
}

function limiter(config: RateLimitSettings, table: TenantLimitTable, redis: Redis | undefined): RateLimiter {
  const concurrencyRetryAfterMs = Math.max(1000, config.retryAfterMs);
  if (redis === undefined) return new MemoryRateLimiter(table, { concurrencyRetryAfterMs });
  return new RedisRateLimiter(redis, table, { prefix: config.redisPrefix, concurrencyRetryAfterMs, slotLeaseMs: SLOT_LEASE_MS });
}

function rateLimitMetrics(m: Metrics): RateLimitMetrics {
  return {
    limited: (tenant, limit) => m.get('tsukimi_conductor_rate_limited_total').inc({ tenant, reason: limit }),
    unchecked: () => m.get('tsukimi_conductor_rate_limit_unchecked_total').inc(),
  };
}
