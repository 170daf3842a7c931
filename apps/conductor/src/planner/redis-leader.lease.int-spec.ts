import { Redis } from 'ioredis';
import { RedisServerProcess } from '@tsukimi/kv-store-redis';
import { RedisLeaderLease } from './redis-leader.lease';

const LEASE_MS = 400;

describe('RedisLeaderLease against a real redis-server', () => {
  let server: RedisServerProcess;
  const clients: Redis[] = [];
  let n = 0;

  // As the conductor connects: no offline queue, so a command fails at once while disconnected.
  const lease = async (id: string, nowMs: () => number = () => Date.now()) => {
    const redis = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
    clients.push(redis);
    await new Promise((resolve) => redis.once('ready', resolve));
    return new RedisLeaderLease(redis, `planner-spec:${n}:leader`, id, LEASE_MS, nowMs);
  };

  beforeAll(async () => {
    server = await RedisServerProcess.start();
  }, 30_000);
  beforeEach(() => {
    n += 1;
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await server?.stop();
  });

  it('one leader at a time; a release hands over at once', async () => {
    const a = await lease('a');
    const b = await lease('b');
    await a.renew();
    await b.renew();
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    await a.release();
    expect(a.isLeader()).toBe(false);
    await b.renew();
    await a.renew();
    expect([a.isLeader(), b.isLeader()]).toEqual([false, true]);
  });

  it('a leader that stops renewing is replaced once its key lapses, and by then counts itself out', async () => {
    const a = await lease('a');
    const b = await lease('b');
    await a.renew();
    expect(a.isLeader()).toBe(true);
    const deadline = Date.now() + 10_000;
    while (!b.isLeader() && Date.now() < deadline) await b.renew();
    expect(b.isLeader()).toBe(true);
    // a's own view ended two thirds into its lease, before the key could lapse for b.
    expect(a.isLeader()).toBe(false);
  });

  it('cut off from Redis, a leader keeps what its last renewal earned and no more', async () => {
    let now = 1_000_000;
    const a = await lease('a', () => now);
    await a.renew();
    expect(a.isLeader()).toBe(true);
    a['redis'].disconnect();
    await a.renew();
    now += (LEASE_MS * 2) / 3 - 1;
    expect(a.isLeader()).toBe(true);
    now += 1;
    expect(a.isLeader()).toBe(false);
  });
});
