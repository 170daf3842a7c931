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

/**
 * KV an engine keeps for its running sequences outside its block arena, in blocks of its
 * layout: llama.cpp's context cells, where the arena only holds sealed copies of blocks.
 */
export interface KvContextStats {
  /** Every sequence slot's cells, in blocks. */
  readonly capacityBlocks: number;
  /** Cells the open sequences' tokens fill, in blocks (a partial block counts whole). */
  readonly inUseBlocks: number;
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
