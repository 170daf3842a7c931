import { type LeaderLease } from '@tsukimi/planner';
import { type Redis } from 'ioredis';

/** Take the key if free, or extend it if ours: one atomic step, so two conductors never both renew. */
const ACQUIRE_OR_RENEW = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;

/**
 * Planner leadership among replicated conductors, as a lease key in the Redis they already share
 * (chosen over a Kubernetes Lease because the conductors' shared state already lives there and it
 * works the same outside Kubernetes). The holder renews every third of the lease; it counts itself
 * leader only until two thirds of the lease after its last successful renewal began, so a
 * conductor cut off from Redis stops acting before another can take over.
 */
export class RedisLeaderLease implements LeaderLease {
  private leaderUntilMs = 0;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly id: string,
    private readonly leaseMs: number,
    private readonly nowMs: () => number,
  ) {}

  isLeader(): boolean {
    return this.nowMs() < this.leaderUntilMs;
  }

  /** Takes or renews the lease; a failure (Redis unreachable) leaves leadership to lapse on its own. */
  async renew(): Promise<void> {
    const startMs = this.nowMs();
    try {
      const held = await this.redis.eval(ACQUIRE_OR_RENEW, 1, this.key, this.id, String(this.leaseMs));
      this.leaderUntilMs = held === 1 ? startMs + (this.leaseMs * 2) / 3 : 0;
    } catch {
      // Unreachable: keep what the last renewal earned, which runs out before the key does.
    }
  }

  /** Gives the lease up at shutdown, if still ours, so another conductor need not wait it out. */
  async release(): Promise<void> {
    this.leaderUntilMs = 0;
    await this.redis.eval(`if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`, 1, this.key, this.id).catch(() => undefined);
  }
}
