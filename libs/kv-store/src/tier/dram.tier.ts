import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type TierUsage } from '../common/tier.model';
import { firstKeys, type BlockTier, type TierLoan, type TierMiss, type TierPutError, type TierPutOutcome } from './block-tier.port';

export interface DramTierOptions {
  /** Byte budget for block bytes (headers included). */
  readonly capacityBytes: number;
}

const keepsOwnMemory = (): void => undefined;

/**
 * Blocks in process memory. A Map keeps insertion order, so re-inserting on every hit makes its
 * iteration order least recently used first at no extra cost.
 */
export class DramTier implements BlockTier {
  readonly tier = 'dram' as const;
  private readonly blocks = new Map<BlockKey, Uint8Array>();
  private usedBytes = 0;
  private readonly capacityBytes: number;

  constructor(options: DramTierOptions) {
    if (!Number.isSafeInteger(options.capacityBytes) || options.capacityBytes < 0) {
      throw new RangeError(`dram capacityBytes must be a non-negative integer, got ${options.capacityBytes}`);
    }
    this.capacityBytes = options.capacityBytes;
  }

  async put(key: BlockKey, bytes: Uint8Array): Promise<Result<TierPutOutcome, TierPutError>> {
    if (this.blocks.has(key)) return ok('exists');
    if (bytes.length > this.capacityBytes) return err({ kind: 'too-large', sizeBytes: bytes.length, capacityBytes: this.capacityBytes });
    const freeBytes = this.capacityBytes - this.usedBytes;
    if (bytes.length > freeBytes) return err({ kind: 'no-space', neededBytes: bytes.length, freeBytes });
    this.blocks.set(key, bytes);
    this.usedBytes += bytes.length;
    return ok('stored');
  }

  async get(key: BlockKey): Promise<Result<Uint8Array, TierMiss>> {
    const bytes = this.blocks.get(key);
    if (bytes === undefined) return err({ kind: 'absent' });
    this.blocks.delete(key);
    this.blocks.set(key, bytes);
    return ok(bytes);
  }

  /** The held bytes themselves: nothing to read, so nothing to lend or hand back. */
  async read(key: BlockKey): Promise<Result<TierLoan, TierMiss>> {
    const got = await this.get(key);
    return got.ok ? ok({ bytes: got.value, release: keepsOwnMemory }) : got;
  }

  has(key: BlockKey): boolean {
    return this.blocks.has(key);
  }

  sizeOf(key: BlockKey): number | undefined {
    return this.blocks.get(key)?.length;
  }

  async delete(key: BlockKey): Promise<boolean> {
    const bytes = this.blocks.get(key);
    if (bytes === undefined) return false;
    this.blocks.delete(key);
    this.usedBytes -= bytes.length;
    return true;
  }

  list(limit = Number.POSITIVE_INFINITY): readonly BlockKey[] {
    return firstKeys(this.blocks, limit);
  }

  usage(): TierUsage {
    return { usedBytes: this.usedBytes, capacityBytes: this.capacityBytes, blocks: this.blocks.size };
  }
}
