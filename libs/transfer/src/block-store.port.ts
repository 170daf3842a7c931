import { type BlockKey } from '@tsukimi/kv-block';

/** What a store holds for one key. */
export type BlockReadOutcome =
  | {
      readonly status: 'found';
      /** The whole encoded block (header + payload); the transport only uses its length. */
      readonly bytes: Uint8Array;
      /**
       * Called exactly once when the transport no longer reads `bytes` (sent, cancelled or the
       * connection died), so a store that recycles memory knows when it may reuse it.
       */
      readonly release?: () => void;
    }
  | { readonly status: 'missing' };

/** Why a store refused a block; the codes travel on the wire, so add to the end only. */
export const writeRejectReasons = ['no-space', 'not-reserved', 'too-large', 'invalid-block', 'unavailable', 'store-failure'] as const;
export type WriteRejectReason = (typeof writeRejectReasons)[number];

export type BlockWriteOutcome = { readonly status: 'stored' } | { readonly status: 'rejected'; readonly reason: WriteRejectReason };

/** What a data-plane server serves blocks from (a kvpool node's DRAM and SSD tiers). */
export interface BlockStoreReader {
  /**
   * The bytes stored under `key`, or `missing`. May be async (SSD). The store must not change
   * the returned bytes in place until `release` is called. A rejected promise is a store bug:
   * the server fails the whole request with `store-failure`.
   */
  readBlock(key: BlockKey): BlockReadOutcome | Promise<BlockReadOutcome>;
}

/** Where a data-plane server puts the blocks clients write to it. */
export interface BlockStoreWriter {
  /**
   * Stores one complete block. `bytes` is a buffer the transport allocated for this block alone:
   * the store may keep it without copying. Refusals (no space, no reservation) are outcomes;
   * a rejected promise is a store bug and is answered as `store-failure`.
   */
  writeBlock(key: BlockKey, bytes: Uint8Array): BlockWriteOutcome | Promise<BlockWriteOutcome>;
}

/** A node's block store as a server needs it. */
export interface BlockStore {
  readonly reader: BlockStoreReader;
  readonly writer: BlockStoreWriter;
}
