import { PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { median, progress } from '../lib/bench-stats';
import { putRatioSides, type PutRatioSettings, type PutSide } from './put-ratio.sides';

export interface PutRatio {
  readonly memoryBlocksPerS: readonly number[];
  readonly redisBlocksPerS: readonly number[];
  /** Median Redis-metadata put throughput over the median memory-metadata one: above 1, Redis is faster. */
  readonly ratio: number;
}

interface Running {
  readonly side: PutSide;
  readonly pool: PoolProcesses;
  readonly blocksPerS: number[];
}

/**
 * Put throughput through the pool client into one node, with the master's metadata in memory and
 * in Redis: two pools side by side doing the same puts (put-ratio.sides.ts), a warm-up round,
 * then rounds alternating which side goes first.
 */
export async function measurePutRatio(settings: PutRatioSettings): Promise<PutRatio> {
  const running: Running[] = [];
  try {
    for (const side of putRatioSides(settings)) {
      const pool = await PoolProcesses.start([...side.masterArgs]);
      running.push({ side, pool, blocksPerS: [] });
      await pool.startNode(side.nodeName, [...side.nodeArgs]);
    }
    for (let round = 0; round <= settings.rounds; round++) {
      const order = round % 2 === 1 ? running : [...running].reverse();
      for (const { side, pool, blocksPerS } of order) {
        const calls = side.rounds[round]!;
        const blocks = new Map(calls.flat().map((n) => [side.key(n), side.block(n)]));
        const seconds = await timeStores(pool, side, calls, blocks);
        if (round > 0) blocksPerS.push(blocks.size / seconds);
      }
    }
    const [memory, redis] = running as [Running, Running];
    progress(`puts: memory ${memory.blocksPerS.map(Math.round).join(', ')} blocks/s; redis ${redis.blocksPerS.map(Math.round).join(', ')} blocks/s`);
    return { memoryBlocksPerS: memory.blocksPerS, redisBlocksPerS: redis.blocksPerS, ratio: median(redis.blocksPerS) / median(memory.blocksPerS) };
  } finally {
    for (const { pool } of running) await pool.stop();
  }
}

/** Makes the side's store calls, `storesInFlight` at a time; seconds taken. */
async function timeStores(pool: PoolProcesses, side: PutSide, calls: readonly (readonly number[])[], blocks: ReadonlyMap<string, Uint8Array>): Promise<number> {
  const client = pool.client({ timeoutMs: 60_000 });
  let next = 0;
  const startMs = performance.now();
  const worker = async () => {
    while (next < calls.length) {
      const keys = calls[next++]!.map((n) => side.key(n));
      const report = await client.store(keys, (key) => blocks.get(key), side.storeOptions);
      if (!report.ok || report.value.stored !== keys.length) throw new Error(`${side.name} side: store of ${keys.length} blocks failed: ${JSON.stringify(report)}`);
    }
  };
  await Promise.all(Array.from({ length: side.storesInFlight }, worker));
  return (performance.now() - startMs) / 1000;
}
