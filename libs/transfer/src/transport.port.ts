import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type WriteRejectReason } from './block-store.port';
import { type Endpoint } from './endpoint';
import { type TransferError } from './transfer.error';

export interface TransferOptions {
  /**
   * How long a request may go without progress, connecting included: it fails once it has sent and
   * received nothing for this long, however long it has run in all while it moved.
   */
  readonly timeoutMs: number;
}

/**
 * One key's answer to a read. `bytes` belongs to the caller until it calls `release` (never the
 * store's memory, never shared with another outcome).
 */
export type KeyReadOutcome =
  | {
      readonly key: BlockKey;
      readonly status: 'found';
      readonly bytes: Uint8Array;
      /**
       * Hands the memory behind `bytes` back to the transport for reuse by later reads; call it
       * once done with them (e.g. after copying them into an engine arena). `bytes` and every
       * view of it must not be used after the call. Later calls do nothing. Not calling it is
       * safe: the memory is then garbage-collected like any buffer. Absent where the transport
       * does not reuse receive memory.
       */
      readonly release?: () => void;
    }
  | { readonly key: BlockKey; readonly status: 'missing' };

export interface BlockToWrite {
  readonly key: BlockKey;
  /** The whole encoded block; must not change until the write settles. */
  readonly bytes: Uint8Array;
}

export type KeyWriteOutcome =
  | { readonly key: BlockKey; readonly status: 'stored' }
  | { readonly key: BlockKey; readonly status: 'rejected'; readonly reason: WriteRejectReason };

/**
 * Moves whole blocks between this process and one kvpool node. Implementations: `tcp` (framed
 * binary protocol on pooled sockets) and `local` (in-process registry). An RDMA transport would
 * implement the same port.
 */
export interface Transport {
  /** A short name for logs and metrics labels. */
  readonly kind: string;
  /**
   * Reads `keys` from `endpoint` in one batch. On success the outcomes are in the order of `keys`
   * (duplicates answered each time); an error means no outcome is known for any key.
   */
  read(endpoint: Endpoint, keys: readonly BlockKey[], options: TransferOptions): Promise<Result<readonly KeyReadOutcome[], TransferError>>;
  /**
   * Writes `blocks` to `endpoint` in one batch. On success the outcomes are in the order of
   * `blocks`. On an error some blocks may have been stored: writes are idempotent, so retry.
   */
  write(endpoint: Endpoint, blocks: readonly BlockToWrite[], options: TransferOptions): Promise<Result<readonly KeyWriteOutcome[], TransferError>>;
  /** Fails every request in flight with `transport-closed`, releases sockets; later calls fail the same way. */
  close(): Promise<void>;
}
