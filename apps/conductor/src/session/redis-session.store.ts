import { type Redis } from 'ioredis';
import { askSharedStore, type SessionStore, type SessionStoreOptions, type SharedStoreUnavailable } from '@tsukimi/conductor';
import { ok, type Result } from '@tsukimi/result';
import { instanceId, type InstanceId } from '@tsukimi/scheduler';

export interface RedisSessionStoreOptions extends SessionStoreOptions {
  /** Prefix of every key, shared with the conductor's other Redis keys. */
  readonly prefix: string;
}

/**
 * Sessions in Redis, one key per session holding its instance id, expiring `ttlMs` after its last
 * read (GETEX) or write: every conductor replica reads and writes the same keys. Any Redis
 * failure is `unavailable`, never an exception.
 */
export class RedisSessionStore implements SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisSessionStoreOptions,
  ) {}

  async instanceFor(sessionId: string): Promise<Result<InstanceId | undefined, SharedStoreUnavailable>> {
    const value = await askSharedStore(() => this.redis.getex(this.key(sessionId), 'PX', this.options.ttlMs));
    if (!value.ok) return value;
    return ok(value.value === null ? undefined : instanceId(value.value));
  }

  async record(sessionId: string, instance: InstanceId): Promise<Result<void, SharedStoreUnavailable>> {
    const written = await askSharedStore(() => this.redis.set(this.key(sessionId), instance, 'PX', this.options.ttlMs));
    return written.ok ? ok(undefined) : written;
  }

  private key(sessionId: string): string {
    return `${this.options.prefix}session:${sessionId}`;
  }
}
