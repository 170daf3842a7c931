import { type LeaseStore, MemoryLeaseStore, MemoryMetadataStore, type MetadataStore } from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { type Clock, type Logger, systemClock } from '@tsukimi/telemetry';
import { openRedisMetadataBackend, type RedisBackendError } from './redis-metadata.backend';
import { type RedisMetadataOptions } from './redis-metadata.options';

/** Which backend holds the master's state: `memory` (embedded, lost on exit) or `redis` (shared, survives the master). */
export type MetadataBackendConfig =
  | { readonly backend: 'memory'; readonly eventRetention?: number }
  | ({ readonly backend: 'redis' } & RedisMetadataOptions);

export interface MetadataBackend {
  readonly kind: 'memory' | 'redis';
  readonly store: MetadataStore;
  /** Where masters sharing the state elect their leader; with `memory` the one master always wins. */
  readonly leaderLease: LeaseStore;
  close(): Promise<void>;
}

export interface MetadataBackendDeps {
  /** Times the memory lease; the system clock when absent. */
  readonly clock?: Clock;
  readonly logger?: Logger;
}

/** One call for the kvpool master: the configured backend, or why it cannot be had. */
export async function openMetadataBackend(config: MetadataBackendConfig, deps: MetadataBackendDeps = {}): Promise<Result<MetadataBackend, RedisBackendError>> {
  if (config.backend === 'redis') return openRedisMetadataBackend(config, deps);
  const eventRetention = config.eventRetention ?? 100_000;
  if (!Number.isSafeInteger(eventRetention) || eventRetention < 1) {
    return err({ kind: 'invalid-option', key: 'eventRetention', message: `metadata option eventRetention must be a positive integer, got ${eventRetention}` });
  }
  return ok({
    kind: 'memory',
    store: new MemoryMetadataStore({ eventRetention }),
    leaderLease: new MemoryLeaseStore(deps.clock ?? systemClock),
    close: async () => undefined,
  });
}
