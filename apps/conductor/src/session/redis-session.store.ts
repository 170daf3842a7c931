import { type Redis } from 'ioredis';
import { type SessionStore, type SessionStoreOptions, type SessionStoreUnavailable } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';
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

  async instanceFor(sessionId: string): Promise<Result<InstanceId | undefined, SessionStoreUnavailable>> {
    try {
      const value = await this.redis.getex(this.key(sessionId), 'PX', this.options.ttlMs);
      return ok(value === null ? undefined : instanceId(value));
    } catch (error) {
      return unavailable(error);
    }
  }

  async record(sessionId: string, instance: InstanceId): Promise<Result<void, SessionStoreUnavailable>> {
    try {
      await this.redis.set(this.key(sessionId), instance, 'PX', this.options.ttlMs);
      return ok(undefined);
    } catch (error) {
      return unavailable(error);
    }
  }

  private key(sessionId: string): string {
    return `${this.options.prefix}session:${sessionId}`;
  }
}

function unavailable(error: unknown): Result<never, SessionStoreUnavailable> {
  return err({ kind: 'unavailable', message: error instanceof Error ? error.message : String(error) });
}
