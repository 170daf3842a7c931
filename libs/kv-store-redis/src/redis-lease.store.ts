import { type LeaseStore, type LeaseStoreUnavailable, type LeaseTenure } from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { type Redis } from 'ioredis';
import { LuaScript } from './lua.script';

/**
 * KEYS: 1 lease, 2 its epoch counter. ARGV: 1 owner, 2 ttl ms. Takes a free lease (SET NX PX) in a
 * new tenure, numbered as nextLeaseEpoch does (one past the counter, or the server's time in ms if
 * larger), or extends the owner's own in its tenure. Returns the epoch, 0 when another holds it.
 */
const ACQUIRE = new LuaScript(
  'lease-acquire-epoch',
  `
local function next_epoch()
  local t = redis.call('TIME')
  local now_ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  local epoch = math.max(tonumber(redis.call('GET', KEYS[2]) or '0') + 1, now_ms)
  redis.call('SET', KEYS[2], string.format('%d', epoch))
  return epoch
end
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return next_epoch() end
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  local epoch = tonumber(redis.call('GET', KEYS[2]) or '0')
  if epoch == 0 then return next_epoch() end
  return epoch
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

/**
 * A lease as one Redis key holding the owner, with the server's own expiry (PX) as its TTL, and
 * beside it a key without expiry holding the last tenure's epoch.
 */
export class RedisLeaseStore implements LeaseStore {
  /** The full Redis key of the epoch counter. */
  readonly epochKey: string;

  constructor(
    private readonly redis: Redis,
    /** The full Redis key of the lease. */
    readonly key: string,
  ) {
    this.epochKey = `${key}:epoch`;
  }

  tryAcquire(owner: string, ttlMs: number): Promise<Result<LeaseTenure | undefined, LeaseStoreUnavailable>> {
    const ttl = checkedTtl(ttlMs);
    return this.ask(async () => {
      const epoch = Number(await ACQUIRE.run(this.redis, [this.key, this.epochKey], [owner, ttl]));
      return epoch > 0 ? { epoch } : undefined;
    });
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
