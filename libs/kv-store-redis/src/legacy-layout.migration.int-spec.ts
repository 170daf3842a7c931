import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { type NodeId, StoreMaster } from '@tsukimi/kv-store';
import { systemClock } from '@tsukimi/telemetry';
import { type Redis } from 'ioredis';
import { migrateLegacyLayout } from './legacy-layout.migration';
import { MetadataKeys } from './metadata.keys';
import { openRedisMetadataBackend } from './redis-metadata.backend';
import { connectClient, freshPrefix } from './testing/redis.fixture';
import { RedisServerProcess } from './testing/redis-server.process';

let server: RedisServerProcess;
let redis: Redis;
beforeAll(async () => {
  server = await RedisServerProcess.start();
  redis = await connectClient(server);
});
afterAll(async () => {
  await redis?.quit();
  await server?.stop();
});

const a = 'node-a' as NodeId;
const b = 'node-b' as NodeId;
const createdAtMs = Date.UTC(2025, 0, 1);

/** What an earlier version wrote: a string per entry, indexed by the `entries` and `replicas` sorted sets. */
async function writeLegacy(prefix: string): Promise<void> {
  const json = { status: 'complete', sizeBytes: 100, replicas: [{ nodeId: a, tier: 'dram' }], blockIndex: 2, createdAtMs, leaseExpiresAtMs: 0, softPinExpiresAtMs: 0, hardPinned: true, lastAccessMs: 5, accessCount: 3 };
  await redis.set(`${prefix}entry:${blockKeyFromU64(1n)}`, `3|${JSON.stringify(json)}`);
  await redis.set(`${prefix}entry:${blockKeyFromU64(2n)}`, `1|p 200 0 ${createdAtMs} ${createdAtMs + 30_000} 0 0 ${createdAtMs} 0 node-a/dram node-b/ssd`);
  await redis.zadd(`${prefix}entries`, 0, blockKeyFromU64(1n), 0, blockKeyFromU64(2n), 0, blockKeyFromU64(3n));
  await redis.zadd(`${prefix}replicas`, 0, `node-a/${blockKeyFromU64(1n)}`, 0, `node-a/${blockKeyFromU64(2n)}`, 0, `node-b/${blockKeyFromU64(2n)}`);
  await redis.sadd(`${prefix}pending`, blockKeyFromU64(2n));
  await redis.hset(`${prefix}ledger`, 'node-a/dram', 300, 'node-b/ssd', 200);
}

describe('opening a Redis an earlier version wrote', () => {
  it('moves its entries into the buckets and node sets, keeping revisions, the ledger and pending puts', async () => {
    const prefix = freshPrefix('legacy');
    await writeLegacy(prefix);
    const opened = await openRedisMetadataBackend({ url: server.url, prefix });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store, close } = opened.value;
    try {
      const [one, two, three] = await store.getEntries([blockKeyFromU64(1n), blockKeyFromU64(2n), blockKeyFromU64(3n)]);
      expect(one).toMatchObject({ revision: 3, status: 'complete', sizeBytes: 100, blockIndex: 2, hardPinned: true, lastAccessMs: 5, accessCount: 3 });
      expect(two).toMatchObject({ revision: 1, status: 'pending', leaseExpiresAtMs: createdAtMs + 30_000, replicas: [{ nodeId: a, tier: 'dram' }, { nodeId: b, tier: 'ssd' }] });
      expect(three).toBeUndefined();
      expect((await store.entriesOnNode(a)).map((entry) => entry.revision).sort()).toEqual([1, 3]);
      expect(await store.entriesOnNode(b)).toEqual([two]);
      expect(await store.pendingEntries()).toEqual([two]);
      expect(await redis.keys(`${prefix}entr*`)).toEqual([]);
      expect(await redis.exists(`${prefix}replicas`)).toBe(0);

      expect(await store.swapEntry({ key: two!.key, expected: two, next: undefined, events: [] })).toMatchObject({ ok: true });
      expect(await store.usedBytes(a)).toEqual({ dram: 100 });
      expect(await store.usedBytes(b)).toEqual({});
    } finally {
      await close();
    }
  });

  it('moves each entry once: a second master opening the same Redis finds nothing left to move', async () => {
    const prefix = freshPrefix('again');
    await writeLegacy(prefix);
    const keys = new MetadataKeys(prefix);
    expect(await Promise.all([migrateLegacyLayout(redis, keys), migrateLegacyLayout(redis, keys)]).then(([x, y]) => x + y)).toBe(2);
    expect(await migrateLegacyLayout(redis, keys)).toBe(0);
    expect(await redis.hlen(keys.bucket(blockKeyFromU64(1n)))).toBe(2);
  });

  it('serves every block of a pool an earlier version filled: a master started on it finds each one on its node', async () => {
    const prefix = freshPrefix('served');
    const count = 1_200; // more than two migration chunks
    const keys = Array.from({ length: count }, (_, n) => blockKeyFromU64(BigInt(n + 100)));
    const nowMs = Date.now();
    const legacy = redis.pipeline();
    keys.forEach((key, n) => {
      legacy.set(`${prefix}entry:${key}`, `1|c 1024 ${n % 16} ${nowMs} 0 0 0 ${nowMs} 0 node-a/dram`);
      legacy.zadd(`${prefix}entries`, 0, key);
      legacy.zadd(`${prefix}replicas`, 0, `node-a/${key}`);
    });
    legacy.hset(`${prefix}ledger`, 'node-a/dram', count * 1024);
    await legacy.exec();

    const opened = await openRedisMetadataBackend({ url: server.url, prefix });
    if (!opened.ok) throw new Error(opened.error.message);
    const { store, close } = opened.value;
    try {
      const master = new StoreMaster({ store, clock: systemClock });
      await master.heartbeat(a, { capacityBytes: { dram: 4 * count * 1024 } });
      const hits = await master.get(keys);
      expect(hits.filter((hit) => hit.ok && hit.value.replicas.some((replica) => replica.nodeId === a && replica.tier === 'dram')).length).toBe(count);
      expect(new Set((await master.snapshot()).replicas.map((replica) => replica.key)).size).toBe(count);
      expect(await store.usedBytes(a)).toEqual({ dram: count * 1024 });
      expect(await redis.keys(`${prefix}entr*`)).toEqual([]);
    } finally {
      await close();
    }
  });
});
