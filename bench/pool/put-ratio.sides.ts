import { type StoreOptions } from '@tsukimi/serving';
import { type BlockKey } from '@tsukimi/kv-block';
import { benchBlock, benchKey } from './pool-bench.blocks';

/** What both sides of the put ratio share, from the benchmark's options. */
export interface PutRatioSettings {
  readonly redisUrl: string;
  readonly blocksPerRound: number;
  /** Timed rounds; a warm-up round comes first. */
  readonly rounds: number;
  readonly payloadBytes: number;
  readonly salt: number;
}

/** One side of the put ratio as data: the processes it starts and every store it makes. */
export interface PutSide {
  readonly name: 'memory' | 'redis';
  readonly masterArgs: readonly string[];
  readonly nodeName: string;
  readonly nodeArgs: readonly string[];
  /** Per round, the warm-up round first: the block numbers of each store call, in order. */
  readonly rounds: readonly (readonly (readonly number[])[])[];
  /** Store calls in flight at once. */
  readonly storesInFlight: number;
  readonly storeOptions: StoreOptions;
  key(n: number): BlockKey;
  /** The encoded block put as block `n`. */
  block(n: number): Uint8Array;
}

/** Blocks per store call and calls in flight: a prefill storing its blocks a request at a time. */
const BLOCKS_PER_STORE = 32;
const STORES_IN_FLIGHT = 4;

/** Block numbers `first` up to `first + count`, cut into store calls of `perCall`. */
export function storeCalls(first: number, count: number, perCall: number): number[][] {
  const calls: number[][] = [];
  for (let at = first; at < first + count; at += perCall) calls.push(Array.from({ length: Math.min(perCall, first + count - at) }, (_, i) => at + i));
  return calls;
}

/**
 * The two sides of the put ratio: two pools, each a master and one node, that differ only in
 * where the master keeps its metadata; the same blocks, byte for byte, put through the pool
 * client in the same store calls, as many in flight, with the same options. Each pool is its
 * own processes, so the same keys do not meet.
 */
export function putRatioSides(settings: PutRatioSettings): readonly [PutSide, PutSide] {
  const { redisUrl, blocksPerRound, rounds, payloadBytes, salt } = settings;
  const side = (name: PutSide['name'], masterArgs: readonly string[]): PutSide => ({
    name,
    masterArgs,
    nodeName: `put-node-${name}`,
    nodeArgs: ['--dram-bytes', String((rounds + 1) * blocksPerRound * (payloadBytes + 4096))],
    rounds: Array.from({ length: rounds + 1 }, (_, round) => storeCalls(round * blocksPerRound, blocksPerRound, BLOCKS_PER_STORE)),
    storesInFlight: STORES_IN_FLIGHT,
    storeOptions: {},
    key: (n) => benchKey(n, salt),
    block: (n) => benchBlock(benchKey(n, salt), n, payloadBytes),
  });
  return [side('memory', []), side('redis', ['--metadata', 'redis', '--redis-url', redisUrl, '--redis-prefix', `bench:put${salt}:`])];
}
