import { type StoreOptions } from '@tsukimi/serving';
import { type BlockKey } from '@tsukimi/kv-block';
import { benchBlock, benchKey } from './pool-bench.blocks';
import { storeCalls } from './put-ratio.sides';

/** Bytes per store call (node) and per pipeline (redis): a prefill storing its blocks a request at a time. */
const BYTES_PER_CALL = 1024 * 1024;
const CALLS_IN_FLIGHT = 4;

/** One side of the node memory comparison as data: the calls that fill it. */
export interface MemorySide {
  readonly name: 'node' | 'redis';
  /** The block numbers of each store call (node) or SET pipeline (redis), in order. */
  readonly calls: readonly (readonly number[])[];
  readonly callsInFlight: number;
}

/** The node's RSS growth per byte stored beside redis-server's, holding the same blocks. */
export interface NodeMemorySides {
  readonly node: MemorySide & { readonly storeOptions: StoreOptions };
  readonly redis: MemorySide;
  readonly blockCount: number;
  key(n: number): BlockKey;
  /** The encoded block stored as block `n`, on both sides. */
  block(n: number): Uint8Array;
}

/**
 * A storage node filled through the pool client and a fresh redis-server filled with SET: the
 * same encoded blocks, in the same batches (a store call's blocks are one pipeline's SETs), as
 * many batches in flight; the node's puts are fresh, as a prefill's are.
 */
export function nodeMemorySides(payloadBytes: number, targetBytes: number, salt: number): NodeMemorySides {
  const blockCount = Math.ceil(targetBytes / payloadBytes);
  const calls = storeCalls(0, blockCount, Math.max(1, Math.floor(BYTES_PER_CALL / payloadBytes)));
  return {
    node: { name: 'node', calls, callsInFlight: CALLS_IN_FLIGHT, storeOptions: { fresh: true } },
    redis: { name: 'redis', calls, callsInFlight: CALLS_IN_FLIGHT },
    blockCount,
    key: (n) => benchKey(n, salt),
    block: (n) => benchBlock(benchKey(n, salt), n, payloadBytes),
  };
}
