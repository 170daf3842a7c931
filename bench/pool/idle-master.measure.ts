import { Metadata } from '@grpc/grpc-js';
import { type NodeId } from '@tsukimi/kv-store';
import { callUnary, type GetReply__Output, type GetRequest } from '@tsukimi/proto';
import { expectOk } from '@tsukimi/result';
import { Redis } from 'ioredis';
import { PoolProcesses } from '../../apps/kvpool/test/pool-processes';
import { processCpuSeconds } from '../lib/process-cpu';
import { progress } from '../lib/bench-stats';
import { heartbeatingMember } from './metadata-member';
import { registerBlocks } from './pool-registration';
import { benchKey } from './pool-bench.blocks';
import { registerBlocksInRedis } from './redis-registration';
import { infoField } from './process-memory';

/** Registered size of each block: the ledger only, no node holds the bytes. */
const BLOCK_BYTES = 1024;
/** Longer than the master's census interval (5 s). */
const SETTLE_MS = 6_000;
/** INFO calls this measure makes itself per window, left out of the count. */
const OWN_COMMANDS_PER_WINDOW = 2;
/** The reading window's pace: one leased get of one block this often. */
const READ_EVERY_MS = 200;
/** The reading window lasts at least two census intervals, so a census falls in it whatever its phase. */
const READING_WINDOW_MIN_MS = 10_000;

export interface IdleMaster {
  readonly blocks: number;
  /** CPU the master process used per second of wall time with no requests (one member heartbeating). */
  readonly cpuMsPerS: number;
  /** Commands per second Redis served meanwhile; absent with memory metadata. */
  readonly redisOpsPerS?: number;
  /** Redis memory (`used_memory`) grown per block registered; absent with memory metadata. */
  readonly redisBytesPerBlock?: number;
  /**
   * The same with a trickle of reads: one leased get of one block every `READ_EVERY_MS`, each a
   * write of the block's entry (its lease), so the master's census cannot stand on a count it took
   * before. What the master spends on the pool's size while it serves anything at all.
   */
  readonly reading: { readonly cpuMsPerS: number; readonly redisOpsPerS?: number };
}

export interface IdleOptions {
  readonly blockCounts: readonly number[];
  readonly windowMs: number;
  /** With Redis metadata at this URL; memory metadata when absent. */
  readonly redisUrl?: string;
  /**
   * How blocks are registered with Redis metadata: `redis` writes them through the Redis store's
   * own swap from this process (redis-registration.ts; a million in minutes), `master` through the
   * master's gRPC put. Memory metadata always goes through the master.
   */
  readonly loader: 'master' | 'redis';
  readonly salt: number;
}

/**
 * A master process (memory or Redis metadata) with one member heartbeating, holding each of
 * `blockCounts` blocks in turn (registered through its gRPC put): the CPU it spends and the Redis
 * commands it sends while nothing else happens, over `windowMs` each.
 */
export async function measureIdleMaster(options: IdleOptions): Promise<IdleMaster[]> {
  const prefix = `bench:idle${options.salt}:`;
  const backend = options.redisUrl ? ['--metadata', 'redis', '--redis-url', options.redisUrl, '--redis-prefix', prefix] : [];
  const redis = options.redisUrl ? new Redis(options.redisUrl, { maxRetriesPerRequest: 1 }) : undefined;
  const pool = await PoolProcesses.start(backend);
  let member: { stop(): void } | undefined;
  try {
    const largest = Math.max(...options.blockCounts);
    const memberName = 'idle-member';
    member = await heartbeatingMember(pool, memberName, largest * BLOCK_BYTES * 4);
    const results: IdleMaster[] = [];
    let registered = 0;
    let usedBefore = redis ? infoField(await redis.info('memory'), 'used_memory') : 0;
    for (const blocks of options.blockCounts) {
      const registerStartMs = performance.now();
      if (redis && options.loader === 'redis') await registerBlocksInRedis(redis, prefix, memberName as NodeId, { from: registered, to: blocks }, options.salt, BLOCK_BYTES);
      else await registerBlocks(pool, registered, blocks, options.salt, BLOCK_BYTES);
      progress(`registered ${blocks - registered} blocks (${redis ? options.loader : 'master'} loader) in ${((performance.now() - registerStartMs) / 1000).toFixed(1)} s`);
      const usedAfter = redis ? infoField(await redis.info('memory'), 'used_memory') : 0;
      const grown = blocks - registered;
      registered = blocks;
      // Past the writes' aftermath (a census recounted once after them): idle from here on.
      await new Promise<void>((resolve) => setTimeout(resolve, SETTLE_MS));
      const pid = pool.master.child.pid!;
      const measureWindow = async (windowMs: number) => {
        const commandsBefore = redis ? infoField(await redis.info('stats'), 'total_commands_processed') : 0;
        const cpuBefore = processCpuSeconds(pid)!;
        const startMs = performance.now();
        await new Promise<void>((resolve) => setTimeout(resolve, windowMs));
        const cpuAfter = processCpuSeconds(pid)!;
        const elapsedS = (performance.now() - startMs) / 1000;
        const commandsAfter = redis ? infoField(await redis.info('stats'), 'total_commands_processed') : 0;
        return { cpuMsPerS: ((cpuAfter - cpuBefore) * 1000) / elapsedS, ...(redis ? { redisOpsPerS: (commandsAfter - commandsBefore - OWN_COMMANDS_PER_WINDOW) / elapsedS } : {}) };
      };
      const idle = await measureWindow(options.windowMs);
      const reader = readTrickle(pool, (n) => benchKey(n % blocks, options.salt));
      const reading = await measureWindow(Math.max(options.windowMs, READING_WINDOW_MIN_MS));
      await reader.stop();
      const result: IdleMaster = {
        blocks,
        ...idle,
        ...(redis ? { redisBytesPerBlock: (usedAfter - usedBefore) / grown } : {}),
        reading,
      };
      usedBefore = usedAfter;
      progress(`idle master (${redis ? 'redis' : 'memory'} metadata) at ${blocks} blocks: ${JSON.stringify(result)}`);
      results.push(result);
    }
    return results;
  } finally {
    member?.stop();
    await pool.stop();
    await redis?.quit();
  }
}

/** Leased gets of one block at a time, every `READ_EVERY_MS`, each of the next key, until stopped. */
function readTrickle(pool: PoolProcesses, keyOf: (n: number) => string): { stop(): Promise<void> } {
  let stopped = false;
  const run = (async () => {
    for (let n = 0; !stopped; n += 1) {
      const paced = new Promise<void>((resolve) => setTimeout(resolve, READ_EVERY_MS));
      expectOk(await callUnary<GetRequest, GetReply__Output>((r, m, o, cb) => pool.stub.get(r, m, o, cb), { keys: [keyOf(n)], leaseMs: 1_000, waitMs: 0 }, new Metadata(), 30_000), 'get');
      await paced;
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await run;
    },
  };
}
