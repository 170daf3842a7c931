import { RedisServerProcess } from '@tsukimi/kv-store-redis/testing';
import { type BenchValues } from '../lib/bench-args';
import { runBench } from '../lib/bench-main';
import { progress, round } from '../lib/bench-stats';
import { measureIdleMaster } from './idle-master.measure';
import { masterBytesPerBlockMemory } from './master-memory.measure';
import { measureNodeMemory } from './node-memory.measure';
import { measurePutRatio } from './put-ratio.measure';
import { type PoolPart, poolArgs } from './pool.args';

/**
 * `tsukimi bench pool [--json] [--only PART,...] [--stored-mib N] [--idle-blocks SMALL,LARGE]
 * [--master-blocks N] [--put-blocks N] [--rounds N] [--idle-window-ms N] [--idle-loader redis|master]`:
 * the kvpool at scale, as a user runs it. `--only` picks parts (`node-memory`, `master-memory`,
 * `idle`, `puts`; all when absent); the figures of parts left out are absent from the JSON.
 *
 * - Storage node memory: `--stored-mib` (default 512) of 64 KiB and of 16 KiB blocks put through
 *   the pool client into a node process; its RSS growth over the bytes stored, beside redis-server
 *   holding the same blocks as values (a fresh server each).
 * - Master memory: heap per block of in-memory metadata (`--master-blocks`, default 200 000,
 *   put without payloads through a StoreMaster in this process), and Redis `used_memory` per block
 *   with Redis metadata (grown between the two idle sizes).
 * - Idle master: a master process with Redis metadata and one heartbeating member at each of
 *   `--idle-blocks` (default 10 000 and 100 000, registered without payloads):
 *   CPU ms per second and Redis commands per second with no requests. `--idle-loader redis` (the
 *   default) writes the blocks through the Redis store's own swap from this process, many in
 *   flight, so a million register in minutes; `master` puts them through the master's gRPC.
 *   `reading_*`: the same master while it serves one leased get of one block every 200 ms (each a
 *   write of that entry), over a window of at least 10 s: what its CPU and Redis commands grow
 *   with the pool's size once anything at all is written (the protection census, among others).
 * - Puts: pool-client put throughput with Redis metadata over memory metadata (`--put-blocks`
 *   16 KiB blocks a round, `--rounds` rounds alternating which goes first); beside it, each side's
 *   CPU ms per block by process (master, node, this client, redis-server) and the memory side's
 *   total over the Redis side's: the throughput ratio a machine with no CPU to spare would show
 *   (below 1, Redis metadata costs more CPU per block), independent of the other work on the machine.
 */
/** Each figure of a CPU breakdown rounded as the others are. */
function roundAll<T extends object>(figures: T): Record<keyof T, number> {
  return Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, round(value as number)])) as Record<keyof T, number>;
}

/** The options as the result's `options` echoes them. */
interface BenchOptions {
  readonly parts: readonly PoolPart[];
  readonly storedMiB: number;
  readonly idleBlocks: readonly [number, number];
  readonly masterBlocks: number;
  readonly putBlocks: number;
  readonly rounds: number;
  readonly idleWindowMs: number;
  readonly idleLoader: 'master' | 'redis';
}

/** The declaration's rules hold `--idle-blocks` to two counts, SMALL below LARGE. */
function benchOptions(values: BenchValues<typeof poolArgs.options>): BenchOptions {
  const { only, idleLoader, storedMib, idleBlocks, masterBlocks, putBlocks, rounds, idleWindowMs } = values;
  return { parts: only, idleLoader, storedMiB: storedMib, idleBlocks: [idleBlocks[0]!, idleBlocks[1]!], masterBlocks, putBlocks, rounds, idleWindowMs };
}

async function main(values: BenchValues<typeof poolArgs.options>): Promise<void> {
  const options = benchOptions(values);
  const wanted = (part: PoolPart) => options.parts.includes(part);
  const salt = Date.now() % 100_000;
  const redis = await RedisServerProcess.start();
  try {
    progress(`options ${JSON.stringify(options)}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    let result: Record<string, unknown> = { options };
    if (wanted('node-memory')) {
      const at64 = await measureNodeMemory(64 * 1024, options.storedMiB * 2 ** 20, salt);
      const at16 = await measureNodeMemory(16 * 1024, options.storedMiB * 2 ** 20, salt + 1);
      result = {
        ...result,
        node_empty_rss_mib: round(at64.nodeEmptyRssBytes / 2 ** 20, 1),
        node_rss_over_stored_64kib: round(at64.nodeRssOverStored),
        node_rss_over_stored_16kib: round(at16.nodeRssOverStored),
        redis_rss_over_stored_64kib: round(at64.redisRssOverStored),
        redis_rss_over_stored_16kib: round(at16.redisRssOverStored),
      };
    }
    if (wanted('master-memory')) {
      const masterMemory = await masterBytesPerBlockMemory(options.masterBlocks, salt + 2);
      progress(`master heap per block (memory metadata, ${options.masterBlocks} blocks): ${masterMemory.toFixed(0)} B`);
      result = { ...result, master_bytes_per_block_memory: round(masterMemory, 0) };
    }
    if (wanted('idle')) {
      const [idleSmall, idleLarge] = await measureIdleMaster({ blockCounts: options.idleBlocks, windowMs: options.idleWindowMs, redisUrl: redis.url, loader: options.idleLoader, salt: salt + 3 });
      result = {
        ...result,
        master_bytes_per_block_redis: round(idleLarge!.redisBytesPerBlock!, 0),
        idle_master_cpu_ms_per_s_small: round(idleSmall!.cpuMsPerS, 2),
        idle_master_cpu_ms_per_s_large: round(idleLarge!.cpuMsPerS, 2),
        idle_master_cpu_large_over_small: round(idleLarge!.cpuMsPerS / Math.max(idleSmall!.cpuMsPerS, 0.01), 2),
        idle_redis_ops_per_s_small: round(idleSmall!.redisOpsPerS!, 1),
        idle_redis_ops_per_s_large: round(idleLarge!.redisOpsPerS!, 1),
        reading_master_cpu_ms_per_s_small: round(idleSmall!.reading.cpuMsPerS, 2),
        reading_master_cpu_ms_per_s_large: round(idleLarge!.reading.cpuMsPerS, 2),
        reading_master_cpu_large_over_small: round(idleLarge!.reading.cpuMsPerS / Math.max(idleSmall!.reading.cpuMsPerS, 0.01), 2),
        reading_redis_ops_per_s_small: round(idleSmall!.reading.redisOpsPerS!, 1),
        reading_redis_ops_per_s_large: round(idleLarge!.reading.redisOpsPerS!, 1),
      };
    }
    if (wanted('puts')) {
      const puts = await measurePutRatio({ redisUrl: redis.url, blocksPerRound: options.putBlocks, rounds: options.rounds, payloadBytes: 16 * 1024, salt: salt + 4 });
      result = {
        ...result,
        put_blocks_per_s_memory: puts.memoryBlocksPerS.map((v) => Math.round(v)),
        put_blocks_per_s_redis: puts.redisBlocksPerS.map((v) => Math.round(v)),
        put_ratio_redis_over_memory: round(puts.ratio),
        put_cpu_ms_per_block_memory: roundAll(puts.memoryCpuMsPerBlock),
        put_cpu_ms_per_block_redis: roundAll(puts.redisCpuMsPerBlock),
        put_cpu_memory_over_redis: round(puts.memoryCpuMsPerBlock.total / puts.redisCpuMsPerBlock.total),
      };
    }
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await redis.stop();
  }
}

runBench(poolArgs, async (values) => {
  await main(values);
  // As before: the result is out and redis-server stopped; whatever handles the parts left open must not keep the process.
  process.exit(0);
});
