import { type Redis } from 'ioredis';
import { askSharedStore, type ConductorRoster, type ConductorRosterOptions, type SharedStoreUnavailable } from '@tsukimi/conductor';
import { err, ok, type Result } from '@tsukimi/result';

export interface RedisConductorRosterOptions extends ConductorRosterOptions {
  /** Prefix of every key, shared with the conductor's other Redis keys. */
  readonly prefix: string;
}

/**
 * The roster in one Redis sorted set, each conductor scored by its last check-in: a check-in adds
 * or rescores it, drops the lapsed and counts the rest in one transaction. The set expires when
 * every conductor has gone. Any Redis failure is `unavailable`, never an exception.
 */
export class RedisConductorRoster implements ConductorRoster {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisConductorRosterOptions,
  ) {}

  async checkIn(conductorId: string, nowMs: number): Promise<Result<number, SharedStoreUnavailable>> {
    const key = `${this.options.prefix}conductors`;
    const replies = await askSharedStore(() =>
      this.redis
        .multi()
        .zadd(key, nowMs, conductorId)
        .zremrangebyscore(key, '-inf', nowMs - this.options.lapseMs)
        .zcard(key)
        .pexpire(key, this.options.lapseMs)
        .exec(),
    );
    if (!replies.ok) return replies;
    const counted = replies.value?.[2];
    if (!counted || counted[0] !== null) return err({ kind: 'unavailable', message: counted?.[0]?.message ?? 'transaction discarded' });
    return ok(Number(counted[1]));
  }
}
