import { type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type NodeTier, type TierUsage } from '../common/tier.model';

/** A put that changed nothing still succeeded: blocks are content-addressed, so equal keys hold equal bytes. */
export type TierPutOutcome = 'stored' | 'exists';

export type TierPutError =
  | { readonly kind: 'no-space'; readonly neededBytes: number; readonly freeBytes: number }
  | { readonly kind: 'too-large'; readonly sizeBytes: number; readonly capacityBytes: number }
  | { readonly kind: 'io-failure'; readonly code: string };

/** Every kind means the same to a reader: not here, fetch elsewhere or recompute. */
export type TierMiss =
  | { readonly kind: 'absent' }
  | { readonly kind: 'corrupt'; readonly cause: BlockCodecError }
  | { readonly kind: 'io-failure'; readonly code: string };

/** Memory lent to a tier for one read, handed back with `release` once the caller is done with it. */
export interface LentMemory {
  /** At least the size asked for; its contents are undefined until the tier writes them. */
  readonly bytes: Uint8Array;
  /** Hands the memory back; only the first call counts. */
  readonly release: () => void;
}

/** Where a tier that reads from a medium gets memory for a read (a pool of reusable buffers). */
export interface TierReadMemory {
  take(sizeBytes: number): LentMemory;
}

/** A block's bytes lent to the caller: valid until `release`, which the caller calls once done (not calling it only forgoes reuse). */
export interface TierLoan {
  readonly bytes: Uint8Array;
  readonly release: () => void;
}

/** One storage tier of a node: whole encoded blocks by key, within a byte budget. */
export interface BlockTier {
  /** Which tier this is. */
  readonly tier: NodeTier;
  /**
   * Stores the whole encoded block. The tier may keep `bytes` without copying, so the caller must
   * not change them afterwards. Refuses with `no-space` rather than evicting: choosing victims is
   * the node store's and the master's job. A key already held answers `exists`.
   */
  put(key: BlockKey, bytes: Uint8Array): Promise<Result<TierPutOutcome, TierPutError>>;
  /** The block's bytes, verified where the medium can rot; marks the key most recently used. Never changes the bytes it returned. */
  get(key: BlockKey): Promise<Result<Uint8Array, TierMiss>>;
  /**
   * Like `get`, but a tier that reads from a medium reads into memory taken from `memory` and
   * hands it back on `release` (or at once on a miss), so serving a block allocates nothing. A
   * tier that holds blocks in memory lends its own bytes and ignores `memory`; either way the
   * bytes must not be kept past `release`: copy them to keep them.
   */
  read(key: BlockKey, memory: TierReadMemory): Promise<Result<TierLoan, TierMiss>>;
  /** Whether the tier holds the key now, without touching the medium. */
  has(key: BlockKey): boolean;
  /** Size of the held block in bytes, or undefined when absent. */
  sizeOf(key: BlockKey): number | undefined;
  /** Drops the key; false when it was not held. */
  delete(key: BlockKey): Promise<boolean>;
  /** Held keys, least recently used first: all of them, or the `limit` coldest. */
  list(limit?: number): readonly BlockKey[];
  /** Bytes used against the budget, and the number of blocks. */
  usage(): TierUsage;
}

/** The first `limit` keys of a Map in iteration order, without copying the rest. */
export function firstKeys<K>(map: ReadonlyMap<K, unknown>, limit: number): K[] {
  const keys: K[] = [];
  for (const key of map.keys()) {
    if (keys.length >= limit) break;
    keys.push(key);
  }
  return keys;
}
