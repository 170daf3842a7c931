import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type TierUsage } from '../common/tier.model';
import { BlockSlabs, type SlabSlot } from './block.slabs';
import { firstKeys, type BlockTier, type TierLoan, type TierMiss, type TierPutError, type TierPutOutcome } from './block-tier.port';

export interface DramTierOptions {
  /** Byte budget for block bytes (headers included). */
  readonly capacityBytes: number;
  /** Bytes per slab arena; 16 MiB when absent. */
  readonly arenaBytes?: number;
}

/** A held block: its slot, and the loans of it not yet handed back. */
interface HeldBlock {
  readonly slot: SlabSlot;
  loans: number;
  /** Deleted while lent: the slot is freed when the last loan comes back. */
  deleted: boolean;
}

/**
 * Blocks in process memory, each copied into a slot of `BlockSlabs`. A Map keeps insertion order,
 * so re-inserting on every hit makes its iteration order least recently used first at no extra
 * cost. `read` lends the slot itself; a block deleted while lent keeps its slot until the last loan
 * is handed back, so a reader never sees another block's bytes. `get` answers a copy, which the
 * caller may keep.
 */
export class DramTier implements BlockTier {
  readonly tier = 'dram' as const;
  private readonly blocks = new Map<BlockKey, HeldBlock>();
  private readonly slabs: BlockSlabs;
  private usedBytes = 0;
  private readonly capacityBytes: number;

  constructor(options: DramTierOptions) {
    if (!Number.isSafeInteger(options.capacityBytes) || options.capacityBytes < 0) {
      throw new RangeError(`dram capacityBytes must be a non-negative integer, got ${options.capacityBytes}`);
    }
    this.capacityBytes = options.capacityBytes;
    this.slabs = new BlockSlabs(options.arenaBytes === undefined ? {} : { arenaBytes: options.arenaBytes });
  }

  async put(key: BlockKey, bytes: Uint8Array): Promise<Result<TierPutOutcome, TierPutError>> {
    if (this.blocks.has(key)) return ok('exists');
    if (bytes.length > this.capacityBytes) return err({ kind: 'too-large', sizeBytes: bytes.length, capacityBytes: this.capacityBytes });
    const freeBytes = this.capacityBytes - this.usedBytes;
    if (bytes.length > freeBytes) return err({ kind: 'no-space', neededBytes: bytes.length, freeBytes });
    const slot = this.slabs.allocate(bytes.length);
    slot.bytes.set(bytes);
    this.blocks.set(key, { slot, loans: 0, deleted: false });
    this.usedBytes += bytes.length;
    return ok('stored');
  }

  async get(key: BlockKey): Promise<Result<Uint8Array, TierMiss>> {
    const held = this.touch(key);
    return held === undefined ? err({ kind: 'absent' }) : ok(new Uint8Array(held.slot.bytes));
  }

  /** The slot itself, lent until `release`: nothing is copied to serve a DRAM hit. */
  async read(key: BlockKey): Promise<Result<TierLoan, TierMiss>> {
    const held = this.touch(key);
    if (held === undefined) return err({ kind: 'absent' });
    held.loans += 1;
    let returned = false;
    const release = () => {
      if (returned) return;
      returned = true;
      held.loans -= 1;
      if (held.loans === 0 && held.deleted) this.slabs.free(held.slot);
    };
    return ok({ bytes: held.slot.bytes, release });
  }

  has(key: BlockKey): boolean {
    return this.blocks.has(key);
  }

  sizeOf(key: BlockKey): number | undefined {
    return this.blocks.get(key)?.slot.bytes.length;
  }

  async delete(key: BlockKey): Promise<boolean> {
    const held = this.blocks.get(key);
    if (held === undefined) return false;
    this.blocks.delete(key);
    this.usedBytes -= held.slot.bytes.length;
    held.deleted = true;
    if (held.loans === 0) this.slabs.free(held.slot);
    return true;
  }

  list(limit = Number.POSITIVE_INFINITY): readonly BlockKey[] {
    return firstKeys(this.blocks, limit);
  }

  usage(): TierUsage {
    return { usedBytes: this.usedBytes, capacityBytes: this.capacityBytes, blocks: this.blocks.size };
  }

  /** The held block, marked most recently used. */
  private touch(key: BlockKey): HeldBlock | undefined {
    const held = this.blocks.get(key);
    if (held === undefined) return undefined;
    this.blocks.delete(key);
    this.blocks.set(key, held);
    return held;
  }
}
