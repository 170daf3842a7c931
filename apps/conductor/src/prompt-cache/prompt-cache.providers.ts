import { type Provider } from '@nestjs/common';
import { LeaseLedger, type PoolMasters, type PromptCacheMetrics, PromptCacheLeases } from '@tsukimi/conductor';
import { CLOCK, Metrics, type ServiceTokens, shutdownTask } from '@tsukimi/service-kit';
import { type Clock } from '@tsukimi/telemetry';
import { GrpcPromptCachePool } from '../gateways/grpc-prompt-cache.pool';

/** The conductor's PromptCacheLeases. */
export const PROMPT_CACHE = Symbol('PROMPT_CACHE');

interface PromptCacheSettings {
  /** Each tenant's quota of leased byte-seconds; none when absent. */
  readonly promptCacheQuotaByteSeconds?: number | undefined;
}

/** How often expired leases leave the books and the gauges (the pool's pins run out on their own). */
const SWEEP_INTERVAL_MS = 1_000;
/** How long the master may take to pin a lease's blocks before the lease is reported pool-unavailable. */
const PIN_TIMEOUT_MS = 3_000;

/** Prompt-cache leases held as soft pins on the kvpool masters, with a per-tenant quota from the configuration. */
export function promptCacheProviders(config: PromptCacheSettings, masters: PoolMasters | undefined, tokens: ServiceTokens | undefined): Provider[] {
  const pool = new GrpcPromptCachePool(masters, PIN_TIMEOUT_MS, tokens);
  let sweeper: NodeJS.Timeout | undefined;
  return [
    {
      provide: PROMPT_CACHE,
      inject: [Metrics, CLOCK],
      useFactory: (metrics: Metrics, clock: Clock): PromptCacheLeases => {
        const quota = config.promptCacheQuotaByteSeconds;
        const leases = new PromptCacheLeases(new LeaseLedger(() => quota), pool, promptCacheMetrics(metrics), clock);
        sweeper = setInterval(() => leases.sweep(), SWEEP_INTERVAL_MS);
        sweeper.unref();
        return leases;
      },
    },
    shutdownTask('prompt-cache leases', () => {
      clearInterval(sweeper);
      pool.close();
    }),
  ];
}

function promptCacheMetrics(m: Metrics): PromptCacheMetrics {
  return {
    leased: (tenant, outcome) => m.get('tsukimi_conductor_prompt_cache_leases_total').inc({ tenant, outcome }),
    refused: (tenant) => m.get('tsukimi_conductor_prompt_cache_refusals_total').inc({ tenant }),
    expired: (tenant, leases) => m.get('tsukimi_conductor_prompt_cache_expiries_total').inc({ tenant }, leases),
    heldBytes: (tenant, bytes) => m.get('tsukimi_conductor_prompt_cache_held_bytes').set({ tenant }, bytes),
  };
}
