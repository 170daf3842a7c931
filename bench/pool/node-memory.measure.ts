import { type BlockKey } from '@tsukimi/kv-block';
import { Redis } from 'ioredis';
import { RedisServerProcess } from '@tsukimi/kv-store-redis';
import { PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { progress } from '../lib/bench-stats';
import { benchBlock, benchKey } from './pool-bench.blocks';
import { infoField, processRssBytes } from './process-memory';

/** Blocks per store call and calls in flight: a prefill storing its blocks a request at a time. */
const BYTES_PER_STORE = 1024 * 1024;
const STORES_IN_FLIGHT = 4;
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
  const count = Math.ceil(targetBytes / payloadBytes);
  const perStore = Math.max(1, Math.floor(BYTES_PER_STORE / payloadBytes));
  const pool = await PoolProcesses.start();
  try {
    const node = await pool.startNode('bench-node', ['--dram-bytes', String(targetBytes * 2 + 64 * 1024 * 1024)]);
    await settle();
    const emptyRss = processRssBytes(node.child.pid!);
    const client = pool.client({ timeoutMs: 60_000 });
    let storedBytes = 0;
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const first = next;
        next = Math.min(count, next + perStore);
        const blocks = new Map<BlockKey, Uint8Array>();
        for (let n = first; n < next; n++) blocks.set(benchKey(n, salt), benchBlock(benchKey(n, salt), n, payloadBytes));
        const keys = [...blocks.keys()];
        const report = await client.store(keys, (key) => blocks.get(key), { fresh: true });
        if (!report.ok || report.value.stored !== keys.length) throw new Error(`store of ${keys.length} blocks failed: ${JSON.stringify(report)}`);
        for (const bytes of blocks.values()) storedBytes += bytes.length;
      }
    };
    await Promise.all(Array.from({ length: STORES_IN_FLIGHT }, worker));
    await settle();
    const nodeRss = processRssBytes(node.child.pid!);
    progress(`node ${payloadBytes / 1024} KiB blocks: ${count} blocks, ${(storedBytes / 2 ** 20).toFixed(0)} MiB stored, RSS ${(emptyRss / 2 ** 20).toFixed(0)} -> ${(nodeRss / 2 ** 20).toFixed(0)} MiB`);
    const redisRatio = await redisRssOverStored(count, payloadBytes, salt);
    return { storedBytes, nodeRssOverStored: (nodeRss - emptyRss) / storedBytes, redisRssOverStored: redisRatio, nodeEmptyRssBytes: emptyRss };
  } finally {
    await pool.stop();
  }
}

/** A fresh server each time: one that held blocks before keeps its allocator's pages. */
async function redisRssOverStored(count: number, payloadBytes: number, salt: number): Promise<number> {
  const server = await RedisServerProcess.start();
  const redis = new Redis(server.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  try {
    const emptyRss = infoField(await redis.info('memory'), 'used_memory_rss');
    const perPipeline = Math.max(1, Math.floor(BYTES_PER_STORE / payloadBytes));
    let storedBytes = 0;
    for (let first = 0; first < count; first += perPipeline) {
      const pipeline = redis.pipeline();
      for (let n = first; n < Math.min(count, first + perPipeline); n++) {
        const bytes = benchBlock(benchKey(n, salt), n, payloadBytes);
        pipeline.set(`block:${benchKey(n, salt)}`, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
        storedBytes += bytes.length;
      }
      await pipeline.exec();
    }
    await settle();
    const rss = infoField(await redis.info('memory'), 'used_memory_rss');
    progress(`redis ${payloadBytes / 1024} KiB values: RSS ${(emptyRss / 2 ** 20).toFixed(0)} -> ${(rss / 2 ** 20).toFixed(0)} MiB`);
    return (rss - emptyRss) / storedBytes;
  } finally {
    await redis.quit();
    await server.stop();
  }
}
