import { type LeaseStore, type LeaseStoreUnavailable } from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { type Redis } from 'ioredis';
import { LuaScript } from './lua.script';

/** KEYS: 1 lease. ARGV: 1 owner, 2 ttl ms. Takes a free lease (SET NX PX), or extends the owner's own. */
const ACQUIRE = new LuaScript(
  'lease-acquire',
  `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`,
);

/** Compare-and-extend: only the holder renews. */
const RENEW = new LuaScript(
  'lease-renew',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`,
);

/** Compare-and-delete: only the holder releases. */
const RELEASE = new LuaScript(
  'lease-release',
  `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`,
);

/** A lease as one Redis key holding the owner, with the server's own expiry (PX) as its TTL. */
export class RedisLeaseStore implements LeaseStore {
  constructor(
    private readonly redis: Redis,
    /** The full Redis key of the lease. */
    readonly key: string,
  ) {}

  tryAcquire(owner: string, ttlMs: number): Promise<Result<boolean, LeaseStoreUnavailable>> {
    const ttl = checkedTtl(ttlMs);
    return this.ask(async () => (await ACQUIRE.run(this.redis, [this.key], [owner, ttl])) === 1);
  }

  renew(owner: string, ttlMs: number): Promise<Result<boolean, LeaseStoreUnavailable>> {
    const ttl = checkedTtl(ttlMs);
    return this.ask(async () => (await RENEW.run(this.redis, [this.key], [owner, ttl])) === 1);
  }

  release(owner: string): Promise<Result<boolean, LeaseStoreUnavailable>> {
    return this.ask(async () => (await RELEASE.run(this.redis, [this.key], [owner])) === 1);
  }

  holder(): Promise<Result<string | undefined, LeaseStoreUnavailable>> {
    return this.ask(async () => (await this.redis.get(this.key)) ?? undefined);
  }

  private async ask<T>(call: () => Promise<T>): Promise<Result<T, LeaseStoreUnavailable>> {
    try {
      return ok(await call());
    } catch (error) {
      return err({ kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** A bad TTL is the caller's bug, not an unavailable store. */
function checkedTtl(ttlMs: number): number {
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new RangeError(`lease TTL must be a positive integer of ms, got ${ttlMs}`);
  return ttlMs;
}
