import { type KvArenaObserver, type KvArenaStats } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';

/**
 * The engine's device tier: encoded blocks (header and payload) under their chained keys,
 * least recently used evicted first. llama.cpp keeps running sequences' KV in its own
 * context, so every block here is a cached copy and none is ever pinned.
 */
export class BlockMemory {
  /** Map iteration order is least recently used first. */
  private readonly blocks = new Map<BlockKey, Uint8Array>();

  constructor(
    readonly capacityBlocks: number,
    private readonly observer?: KvArenaObserver,
  ) {
    if (!Number.isInteger(capacityBlocks) || capacityBlocks < 1) throw new RangeError(`block memory capacity must be a positive integer, got ${capacityBlocks}`);
  }

  has(key: BlockKey): boolean {
    return this.blocks.has(key);
  }

  /** The block's encoded bytes, now the most recently used; do not modify them. */
  use(key: BlockKey): Uint8Array | undefined {
    const bytes = this.blocks.get(key);
    if (bytes === undefined) return undefined;
    this.blocks.delete(key);
    this.blocks.set(key, bytes);
    return bytes;
  }

  /** The block's encoded bytes without changing its place in the eviction order; do not modify them. */
  peek(key: BlockKey): Uint8Array | undefined {
    return this.blocks.get(key);
  }

  /** Stores a block the memory now owns, evicting the least recently used if full; `false` if the key was already held. */
  store(key: BlockKey, bytes: Uint8Array): boolean {
    if (this.blocks.has(key)) return false;
    if (this.blocks.size >= this.capacityBlocks) {
      const victim = this.blocks.keys().next().value as BlockKey;
      this.blocks.delete(victim);
      this.observer?.blockRemoved(victim);
    }
    this.blocks.set(key, bytes);
    this.observer?.blockStored(key);
    return true;
  }

  stats(): KvArenaStats {
    const cachedBlocks = this.blocks.size;
    return { capacityBlocks: this.capacityBlocks, inUseBlocks: 0, cachedBlocks, freeBlocks: this.capacityBlocks - cachedBlocks };
  }
}
