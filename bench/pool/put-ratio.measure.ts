import { Redis } from 'ioredis';
import { PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { median, progress } from '../lib/bench-stats';
import { ownCpuSeconds, processCpuSeconds } from '../lib/process-cpu';
import { infoField } from './process-memory';
import { putRatioSides, type PutRatioSettings, type PutSide } from './put-ratio.sides';

export interface PutRatio {
  readonly memoryBlocksPerS: readonly number[];
  readonly redisBlocksPerS: readonly number[];
  /** Median Redis-metadata put throughput over the median memory-metadata one: above 1, Redis is faster. */
  readonly ratio: number;
  /**
   * CPU milliseconds per block over the timed rounds, of every process a side's puts run in: its
   * master, its node, the bench's client and, for the Redis side, redis-server. Unlike the
   * throughput, it does not depend on the share of the cores the other work on the machine leaves.
   */
  readonly memoryCpuMsPerBlock: CpuPerBlock;
  readonly redisCpuMsPerBlock: CpuPerBlock;
}

export interface CpuPerBlock {
  readonly master: number;
  readonly node: number;
  readonly client: number;
  readonly redisServer: number;
  readonly total: number;
}

interface Running {
  readonly side: PutSide;
  readonly pool: PoolProcesses;
  readonly blocksPerS: number[];
  /** CPU seconds summed over the timed rounds, by process. */
  readonly cpuS: { master: number; node: number; client: number; redisServer: number };
  blocks: number;
}

/**
 * Put throughput through the pool client into one node, with the master's metadata in memory and
 * in Redis: two pools side by side doing the same puts (put-ratio.sides.ts), a warm-up round,
 * then rounds alternating which side goes first.
 */
export async function measurePutRatio(settings: PutRatioSettings): Promise<PutRatio> {
  const running: Running[] = [];
  const redisServer = new Redis(settings.redisUrl, { lazyConnect: true });
  try {
    await redisServer.connect();
    for (const side of putRatioSides(settings)) {
      const pool = await PoolProcesses.start([...side.masterArgs]);
      running.push({ side, pool, blocksPerS: [], cpuS: { master: 0, node: 0, client: 0, redisServer: 0 }, blocks: 0 });
      await pool.startNode(side.nodeName, [...side.nodeArgs]);
    }
    for (let round = 0; round <= settings.rounds; round++) {
      const order = round % 2 === 1 ? running : [...running].reverse();
      for (const side of order) {
        const calls = side.side.rounds[round]!;
        const blocks = new Map(calls.flat().map((n) => [side.side.key(n), side.side.block(n)]));
        // Only this side puts during its round, so redis-server's CPU in it is this side's.
        const before = await cpuNow(side, redisServer);
        const seconds = await timeStores(side.pool, side.side, calls, blocks);
        const after = await cpuNow(side, redisServer);
        if (round === 0) continue;
        side.blocksPerS.push(blocks.size / seconds);
        side.blocks += blocks.size;
        for (const process of ['master', 'node', 'client', 'redisServer'] as const) side.cpuS[process] += after[process] - before[process];
      }
    }
    const [memory, redis] = running as [Running, Running];
    progress(`puts: memory ${memory.blocksPerS.map(Math.round).join(', ')} blocks/s; redis ${redis.blocksPerS.map(Math.round).join(', ')} blocks/s`);
    const memoryCpuMsPerBlock = perBlock(memory, false);
    const redisCpuMsPerBlock = perBlock(redis, true);
    progress(`put CPU ms per block: memory ${JSON.stringify(memoryCpuMsPerBlock)}; redis ${JSON.stringify(redisCpuMsPerBlock)}`);
    return { memoryBlocksPerS: memory.blocksPerS, redisBlocksPerS: redis.blocksPerS, ratio: median(redis.blocksPerS) / median(memory.blocksPerS), memoryCpuMsPerBlock, redisCpuMsPerBlock };
  } finally {
    for (const { pool } of running) await pool.stop();
    redisServer.disconnect();
  }
}

/** CPU seconds used so far by the side's master and node, this process, and redis-server (by its own count). */
async function cpuNow({ pool, side }: Running, redisServer: Redis): Promise<Running['cpuS']> {
  const info = await redisServer.info('cpu');
  return {
    master: processCpuSeconds(pool.master.child.pid!) ?? 0,
    node: processCpuSeconds(pool.nodes.get(side.nodeName)!.child.pid!) ?? 0,
    client: ownCpuSeconds(),
    redisServer: infoField(info, 'used_cpu_sys') + infoField(info, 'used_cpu_user'),
  };
}

/** The side's CPU per block in milliseconds; redis-server counts only for the side whose metadata it holds. */
function perBlock({ cpuS, blocks }: Running, usesRedis: boolean): CpuPerBlock {
  const ms = (seconds: number) => (seconds * 1000) / blocks;
  const redisServer = usesRedis ? ms(cpuS.redisServer) : 0;
  return { master: ms(cpuS.master), node: ms(cpuS.node), client: ms(cpuS.client), redisServer, total: ms(cpuS.master) + ms(cpuS.node) + ms(cpuS.client) + redisServer };
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
