import { Redis } from 'ioredis';
import { type Logger } from '@tsukimi/telemetry';

/** A Redis command slower than this counts as unreachable: the request goes on without the store rather than kept waiting. */
const REDIS_COMMAND_TIMEOUT_MS = 500;

/** What the logs call a store, and what requests do while it is unreachable. */
export interface RedisStoreNames {
  readonly store: string;
  readonly whileUnreachable: string;
}

/**
 * A client that never queues a command while disconnected and reconnects in the background: a
 * request meets an unreachable Redis as an error at once and goes on without it. Each change
 * between reachable and not is logged once.
 */
export function connectRedis(url: string, logger: Logger, names: RedisStoreNames): Redis {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: REDIS_COMMAND_TIMEOUT_MS, retryStrategy: (times) => Math.min(times * 200, 2_000) });
  let reachable: boolean | undefined;
  redis.on('ready', () => {
    if (reachable !== true) logger.info(`${names.store} reachable`, {});
    reachable = true;
  });
  redis.on('error', (error: Error) => {
    if (reachable !== false) logger.warn(`${names.store} unreachable: ${names.whileUnreachable}`, { reason: error.message });
    reachable = false;
  });
  return redis;
}
