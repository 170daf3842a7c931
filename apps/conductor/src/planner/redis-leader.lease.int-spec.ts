import { Redis } from 'ioredis';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { describeLeaderLeaseContract } from '@tsukimi/planner';
import { RedisLeaderLease } from './redis-leader.lease';

const LEASE_MS = 400;

let server: RedisServerProcess;
const clients: Redis[] = [];
let n = 0;

beforeAll(async () => {
  server = await RedisServerProcess.start();
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server?.stop();
});

describeLeaderLeaseContract('RedisLeaderLease against a real redis-server', async () => {
  n += 1;
  const key = `planner-spec:${n}:leader`;
  return {
    leaseMs: LEASE_MS,
    candidate: async (id, nowMs = () => Date.now()) => {
      // As the conductor connects: no offline queue, so a command fails at once while disconnected.
      const redis = new Redis(server.url, { maxRetriesPerRequest: 0, enableOfflineQueue: false });
      clients.push(redis);
      await new Promise((resolve) => redis.once('ready', resolve));
      return { lease: new RedisLeaderLease(redis, key, id, LEASE_MS, nowMs), cutOff: () => redis.disconnect() };
    },
  };
});
