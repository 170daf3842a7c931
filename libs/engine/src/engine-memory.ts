import { type BlockKey } from '@tsukimi/kv-block';

/**
 * An engine's own KV memory (its "device tier"): a budget of blocks, some held by running
 * sequences, some kept as a prefix cache. Every engine reports it in these terms.
 */
export interface KvArenaStats {
  readonly capacityBlocks: number;
  /** Blocks referenced by at least one sequence. */
  readonly inUseBlocks: number;
  /** Sealed blocks no sequence references: a prefix cache, evicted least recently used first. */
  readonly cachedBlocks: number;
  readonly freeBlocks: number;
}

/** Told when a sealed block enters or leaves an engine's memory, so the pool's index can track the device tier. */
export interface KvArenaObserver {
  blockStored(key: BlockKey): void;
  blockRemoved(key: BlockKey): void;
}

/** The engine's memory cannot take another block until sequences end. */
export interface ArenaFull {
  readonly kind: 'arena-full';
  readonly capacityBlocks: number;
}
