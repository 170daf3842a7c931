import { Redis } from 'ioredis';
import { type RedisServerProcess } from './redis-server.process';

let prefixes = 0;

/** A key prefix no other test in this process has used, so tests sharing a server never see each other's keys. */
export function freshPrefix(label = 't'): string {
  prefixes += 1;
  return `test:${label}${prefixes}:${process.pid}:`;
}

/** A plain client for tests, failing fast instead of reconnecting. */
export async function connectClient(server: RedisServerProcess): Promise<Redis> {
  const redis = new Redis(server.port, '127.0.0.1', { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  redis.on('error', () => undefined);
  await redis.connect();
  return redis;
}
