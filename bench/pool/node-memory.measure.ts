import { type BlockKey } from '@tsukimi/kv-block';
import { Redis } from 'ioredis';
import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { progress } from '../lib/bench-stats';
import { type MemorySide, nodeMemorySides, type NodeMemorySides } from './node-memory.sides';
import { infoField, processRssBytes } from './process-memory';

/** Let the allocator and the collector settle before reading RSS. */
const SETTLE_MS = 3_000;

export interface NodeMemory {
  /** Bytes of encoded blocks stored (headers included). */
  readonly storedBytes: number;
  /** The node's RSS growth over its empty RSS, over the stored bytes. */
  readonly nodeRssOverStored: number;
  /** The same for redis-server holding the same blocks as values. */
  readonly redisRssOverStored: number;
  readonly nodeEmptyRssBytes: number;
}

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));

/**
 * A storage node (its own process, memory metadata on a master process) given `targetBytes` of
 * `payloadBytes` blocks through the project's pool client, and a fresh redis-server given the
 * same blocks with SET: how much resident memory each holds per byte stored.
 */
export async function measureNodeMemory(payloadBytes: number, targetBytes: number, salt: number): Promise<NodeMemory> {
  const sides = nodeMemorySides(payloadBytes, targetBytes, salt);
  const pool = await PoolProcesses.start();
  try {
    const node = await pool.startNode('bench-node', ['--dram-bytes', String(targetBytes * 2 + 64 * 1024 * 1024)]);
    await settle();
    const emptyRss = processRssBytes(node.child.pid!);
    const client = pool.client({ timeoutMs: 60_000 });
    const storedBytes = await inCalls(sides.node, async (call) => {
      const blocks = new Map<BlockKey, Uint8Array>(call.map((n) => [sides.key(n), sides.block(n)]));
      const keys = [...blocks.keys()];
      const report = await client.store(keys, (key) => blocks.get(key), sides.node.storeOptions);
      if (!report.ok || report.value.stored !== keys.length) throw new Error(`store of ${keys.length} blocks failed: ${JSON.stringify(report)}`);
      return [...blocks.values()].reduce((sum, bytes) => sum + bytes.length, 0);
    });
    await settle();
    const nodeRss = processRssBytes(node.child.pid!);
    progress(`node ${payloadBytes / 1024} KiB blocks: ${sides.blockCount} blocks, ${(storedBytes / 2 ** 20).toFixed(0)} MiB stored, RSS ${(emptyRss / 2 ** 20).toFixed(0)} -> ${(nodeRss / 2 ** 20).toFixed(0)} MiB`);
    const redisRatio = await redisRssOverStored(sides);
    return { storedBytes, nodeRssOverStored: (nodeRss - emptyRss) / storedBytes, redisRssOverStored: redisRatio, nodeEmptyRssBytes: emptyRss };
  } finally {
    await pool.stop();
  }
}

/** Runs `call` over the side's calls, `callsInFlight` at a time; the sum of what they resolved to. */
async function inCalls(side: MemorySide, call: (blocks: readonly number[]) => Promise<number>): Promise<number> {
  let next = 0;
  let total = 0;
  const worker = async () => {
    while (next < side.calls.length) {
      const done = await call(side.calls[next++]!);
      total += done;
    }
  };
  await Promise.all(Array.from({ length: side.callsInFlight }, worker));
  return total;
}

/** A fresh server each time: one that held blocks before keeps its allocator's pages. */
async function redisRssOverStored(sides: NodeMemorySides): Promise<number> {
  const server = await RedisServerProcess.start();
  const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const emptyRss = infoField(await redis.info('memory'), 'used_memory_rss');
    const storedBytes = await inCalls(sides.redis, async (call) => {
      const pipeline = redis.pipeline();
      let bytesSet = 0;
      for (const n of call) {
        const bytes = sides.block(n);
        pipeline.set(`block:${sides.key(n)}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        bytesSet += bytes.length;
      }
      await pipeline.exec();
      return bytesSet;
    });
    await settle();
    const rss = infoField(await redis.info('memory'), 'used_memory_rss');
    progress(`redis ${sides.blockCount} values, ${(storedBytes / 2 ** 20).toFixed(0)} MiB: RSS ${(emptyRss / 2 ** 20).toFixed(0)} -> ${(rss / 2 ** 20).toFixed(0)} MiB`);
    return (rss - emptyRss) / storedBytes;
  } finally {
    await redis.quit();
    await server.stop();
  }
}
