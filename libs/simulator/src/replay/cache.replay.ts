import { evictionPolicy } from '@tsukimi/kv-store';
import { traceBlocks } from '../trace/trace.blocks';
import { type TraceRequest } from '../trace/trace-request.model';
import { BlockCache } from '../cache/block.cache';
import { type CompiledCacheReplayOptions } from './cache-replay.options';

/** What a cache-only replay counted. Hits are counted per block, the partial last block included. */
export interface CacheReplayReport {
  readonly options: CompiledCacheReplayOptions;
  readonly requests: number;
  readonly blocksLookedUp: number;
  readonly blocksHit: number;
  readonly blocksInserted: number;
  readonly blocksEvicted: number;
  /** `blocksHit / blocksLookedUp`; 0 before any block was looked up. */
  readonly hitRatio: number;
}

/**
 * Replays requests against one cache, with no timing: every block of a request is looked up
 * before any is inserted, so a request never hits on a block it brought itself, and the blocks
 * that missed are then written in prefix order.
 */
export class CacheReplay {
  private readonly cache: BlockCache;
  private requests = 0;
  private lookedUp = 0;
  private hits = 0;
  private inserted = 0;

  constructor(readonly options: CompiledCacheReplayOptions) {
    this.cache = new BlockCache(evictionPolicy(options.policy), options.capacityBlocks);
  }

  add(request: TraceRequest): void {
    const blocks = traceBlocks(request, this.options.blockSizeTokens);
    const missed = blocks.filter((block) => !this.cache.lookup(block.id));
    for (const block of missed) if (this.cache.insert(block.id, block.blockIndex)) this.inserted += 1;
    this.requests += 1;
    this.lookedUp += blocks.length;
    this.hits += blocks.length - missed.length;
  }

  report(): CacheReplayReport {
    return {
      options: this.options,
      requests: this.requests,
      blocksLookedUp: this.lookedUp,
      blocksHit: this.hits,
      blocksInserted: this.inserted,
      blocksEvicted: this.cache.evictedBlocks,
      hitRatio: this.lookedUp === 0 ? 0 : this.hits / this.lookedUp,
    };
  }
}
