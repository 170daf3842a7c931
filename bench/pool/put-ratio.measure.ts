import { type BlockKey } from '@tsukimi/kv-block';
import { PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { median, progress } from '../lib/bench-stats';
import { benchBlock, benchKey } from './pool-bench.blocks';

const BLOCKS_PER_STORE = 32;
const STORES_IN_FLIGHT = 4;

export interface PutRatio {
  readonly memoryBlocksPerS: readonly number[];
  readonly redisBlocksPerS: readonly number[];
  /** Median Redis-metadata put throughput over the median memory-metadata one: above 1, Redis is faster. */
  readonly ratio: number;
}

interface Side {
  readonly name: 'memory' | 'redis';
  readonly pool: PoolProcesses;
  readonly blocksPerS: number[];
}

/**
 * Put throughput through the pool client into one node, with the master's metadata in memory and
 * in Redis: two pools side by side, the same blocks (fresh keys each round), rounds alternating
 * which side goes first.
 */
export async function measurePutRatio(redisUrl: string, blocksPerRound: number, rounds: number, payloadBytes: number, salt: number): Promise<PutRatio> {
  const sides: Side[] = [];
  try {
    for (const [name, args] of [['memory', []], ['redis', ['--metadata', 'redis', '--redis-url', redisUrl, '--redis-prefix', `bench:put${salt}:`]]] as const) {
      const pool = await PoolProcesses.start([...args]);
      sides.push({ name, pool, blocksPerS: [] });
      await pool.startNode(`put-node-${name}`, ['--dram-bytes', String((rounds + 1) * blocksPerRound * (payloadBytes + 4096))]);
    }
    for (let round = -1; round < rounds; round++) {
      const order = round % 2 === 0 ? sides : [...sides].reverse();
      for (const side of order) {
        const first = (round + 1) * blocksPerRound;
        const keys = Array.from({ length: blocksPerRound }, (_, i) => benchKey(first + i, salt + (side.name === 'redis' ? 1 : 0)));
        const blocks = keys.map((key, i) => benchBlock(key, first + i, payloadBytes));
        const seconds = await timeStores(side.pool, keys, blocks);
        if (round >= 0) side.blocksPerS.push(blocksPerRound / seconds);
      }
    }
    const [memory, redis] = sides as [Side, Side];
    progress(`puts: memory ${memory.blocksPerS.map(Math.round).join(', ')} blocks/s; redis ${redis.blocksPerS.map(Math.round).join(', ')} blocks/s`);
    return { memoryBlocksPerS: memory.blocksPerS, redisBlocksPerS: redis.blocksPerS, ratio: median(redis.blocksPerS) / median(memory.blocksPerS) };
  } finally {
    for (const side of sides) await side.pool.stop();
  }
}

/** Stores `keys` (each with the payload at its index) a batch at a time, a few batches in flight; seconds taken. */
async function timeStores(pool: PoolProcesses, keys: readonly BlockKey[], payloads: readonly Uint8Array[]): Promise<number> {
  const client = pool.client({ timeoutMs: 60_000 });
  const index = new Map(keys.map((key, i) => [key, i]));
  let next = 0;
  const startMs = performance.now();
  const worker = async () => {
    while (next < keys.length) {
      const batch = keys.slice(next, next + BLOCKS_PER_STORE);
      next += batch.length;
      const report = await client.store(batch, (key) => payloads[index.get(key)!]);
      if (!report.ok || report.value.stored !== batch.length) throw new Error(`store failed: ${JSON.stringify(report)}`);
    }
  };
  await Promise.all(Array.from({ length: STORES_IN_FLIGHT }, worker));
  return (performance.now() - startMs) / 1000;
}
