import { err, ok, type Result } from '@tsukimi/result';
import { type Logger, silentLogger } from '@tsukimi/telemetry';
import { Redis } from 'ioredis';
import { migrateLegacyLayout } from './legacy-layout.migration';
import { RedisLeaseStore } from './redis-lease.store';
import { compileRedisMetadataOptions, type InvalidBackendOption, type RedisMetadataOptions } from './redis-metadata.options';
import { RedisMetadataStore } from './redis-metadata.store';

/** Redis could not be reached, or refused us (authentication, a read-only replica). */
export interface RedisUnreachable {
  readonly kind: 'unreachable';
  /** The URL with any password masked. */
  readonly url: string;
  readonly message: string;
}

export type RedisBackendError = InvalidBackendOption | RedisUnreachable;

/** The master's state in Redis and its leader lease, over one connection. */
export interface RedisMetadataBackend {
  readonly kind: 'redis';
  readonly store: RedisMetadataStore;
  /** The lease the masters sharing this state elect their leader with (`<prefix>lease:master`). */
  readonly leaderLease: RedisLeaseStore;
  /** Closes the connection after the replies in flight. */
  close(): Promise<void>;
}

/**
 * Connects, loads the scripts, reads the event log head (creating its epoch on a fresh Redis) and
 * moves entries an earlier version stored into the current layout, so a bad URL, a down server or missing permissions show at boot, not on the first request.
 * Afterwards the client reconnects by itself; while Redis is away, operations reject at once
 * rather than queue, so callers see failures instead of stalls.
 */
export async function openRedisMetadataBackend(options: RedisMetadataOptions, deps: { readonly logger?: Logger } = {}): Promise<Result<RedisMetadataBackend, RedisBackendError>> {
  const compiled = compileRedisMetadataOptions(options);
  if (!compiled.ok) return compiled;
  const { url, safeUrl, prefix, eventRetention, connectTimeoutMs, commandTimeoutMs } = compiled.value;
  const logger = (deps.logger ?? silentLogger).child({ redisUrl: safeUrl });
  let connected = false;
  let lastError: string | undefined;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    // No retries while opening: a failure there is reported, not retried in the background.
    retryStrategy: (attempt) => (connected ? Math.min(attempt * 100, 2_000) : null),
  });
  redis.on('error', (error: Error) => {
    lastError = error.message;
    if (connected) logger.warn('redis connection error', { error: error.message });
  });
  const store = new RedisMetadataStore(redis, { prefix, eventRetention });
  let migrated = 0;
  try {
    await redis.connect();
    await store.loadScripts();
    await store.eventLogHead();
    migrated = await migrateLegacyLayout(redis, store.keys);
  } catch (error) {
    await closeClient(redis);
    const reason = lastError ?? (error instanceof Error ? error.message : String(error));
    return err({ kind: 'unreachable', url: safeUrl, message: `cannot use Redis at ${safeUrl}: ${reason}` });
  }
  connected = true;
  logger.info('redis metadata backend open', { prefix, migratedEntries: migrated });
  return ok({
    kind: 'redis',
    store,
    leaderLease: new RedisLeaseStore(redis, store.keys.lease('master')),
    close: () => closeClient(redis),
  });
}

/** QUIT after the replies in flight; a client that already ended is left alone (ending it again leaves a timer behind). */
async function closeClient(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await redis.quit();
  } catch {
    redis.disconnect();
  }
}
