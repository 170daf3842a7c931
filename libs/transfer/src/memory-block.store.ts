import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockReadOutcome, type BlockStore, type BlockStoreReader, type BlockStoreWriter, type BlockWriteOutcome } from './block-store.port';

export interface MemoryBlockStoreOptions {
  /** Byte budget; a write that would exceed it is rejected with `no-space`. Unlimited when absent. */
  readonly capacityBytes?: number;
}

/**
 * Blocks in a Map: the store behind benchmarks, tests and the local transport's examples. Not a
 * tier (no eviction, no leases); kv-store's DRAM tier implements the same ports for real.
 */
export class MemoryBlockStore implements BlockStoreReader, BlockStoreWriter, BlockStore {
  private readonly blocks = new Map<BlockKey, Uint8Array>();
  private usedBytes = 0;

  constructor(private readonly options: MemoryBlockStoreOptions = {}) {}

  get reader(): BlockStoreReader {
    return this;
  }

  get writer(): BlockStoreWriter {
    return this;
  }

  /** Bytes held, for tests and capacity checks. */
  get sizeBytes(): number {
    return this.usedBytes;
  }

  has(key: BlockKey): boolean {
    return this.blocks.has(key);
  }

  readBlock(key: BlockKey): BlockReadOutcome {
    const bytes = this.blocks.get(key);
    return bytes === undefined ? { status: 'missing' } : { status: 'found', bytes };
  }

  writeBlock(key: BlockKey, bytes: Uint8Array): BlockWriteOutcome {
    const previous = this.blocks.get(key)?.length ?? 0;
    const capacity = this.options.capacityBytes ?? Number.POSITIVE_INFINITY;
    if (this.usedBytes - previous + bytes.length > capacity) return { status: 'rejected', reason: 'no-space' };
    this.blocks.set(key, bytes);
    this.usedBytes += bytes.length - previous;
    return { status: 'stored' };
  }
}
