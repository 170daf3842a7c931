import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type PoolTier } from '@tsukimi/scheduler';

/** The pool tiers a block can be fetched from: the scheduler's. */
export { type PoolTier };

/** An encoded block (header and payload) as the pool returned it; the engine verifies it on import. */
export interface FetchedBlock {
  readonly key: BlockKey;
  readonly bytes: Uint8Array;
  readonly tier: PoolTier;
  /** Hands the memory back to the transfer engine for reuse; `bytes` must not be read after it. Optional to call. */
  readonly release?: () => void;
}

export interface PoolFailure {
  readonly kind: 'pool-unavailable' | 'pool-timeout' | 'pool-error';
  readonly message: string;
}

export interface StoreReport {
  /** Blocks written by this call. */
  readonly stored: number;
  /** Blocks the pool already held (a put of an existing key is idempotent). */
  readonly existing: number;
}

/** Why a read from one named node stopped before the last key asked. */
export type NodeReadStop = 'missing' | 'unreachable';

/** The leading run of blocks one node served; `stoppedBy` says why it is shorter than asked. */
export interface NodeRead {
  readonly blocks: FetchedBlock[];
  readonly stoppedBy?: NodeReadStop;
}

export interface StoreOptions {
  /**
   * The blocks were computed just now, so the pool almost surely lacks them: skip asking which it
   * holds and export them all. The put still finds any it holds, writes only the others and
   * counts them as existing; it saves a round trip to the master per store.
   */
  readonly fresh?: boolean;
}

export interface FetchOptions {
  /**
   * When the pool lacks the first key, wait up to this long for it to be stored (its put ends)
   * before answering as without waiting: a reader of blocks still being written is answered as the
   * next one lands, not on its next look. 0 or absent: answer at once.
   */
  readonly waitMs?: number;
  /**
   * With `waitMs`, the block whose storing ends the wait, in place of the first key: a reader of a
   * prompt still being stored waits for its last block and reads the leading run stored by then in
   * one go, rather than one look per part stored. It need not be one of the keys asked.
   */
  readonly waitFor?: BlockKey;
}

/**
 * One prompt's fresh blocks stored in parts, each as soon as it is computed. The pool may reserve
 * room for every block at the first part, so that each later part costs only its write and its
 * commit. Readers see each part's blocks once its store resolves.
 */
export interface PartedStore {
  /** Stores `keys` (some of those the parted store was opened for), as `KvPoolClient.store` with `fresh` does. */
  store(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined): Promise<Result<StoreReport, PoolFailure>>;
  /** No more parts come: room reserved for blocks never stored is released. Call once every part's store has settled. */
  close(): Promise<void>;
}

/** The KV cache pool as prefill and decode instances use it. */
export interface KvPoolClient {
  /**
   * Fetches the longest leading run of `keys` that the pool holds, in order, stopping at the
   * first key it lacks or cannot read. A failure means "nothing fetched": callers recompute.
   */
  fetchPrefix(keys: readonly BlockKey[], options?: FetchOptions): Promise<Result<FetchedBlock[], PoolFailure>>;
  /**
   * Reads the leading run of `keys` from the pool node `node` only, never from another replica:
   * the caller chose where to read. Stops at the first key that node does not hold (`missing`)
   * or that it does not serve (`unreachable`). A failure means the master did not answer.
   */
  fetchFrom(node: string, keys: readonly BlockKey[]): Promise<Result<NodeRead, PoolFailure>>;
  /**
   * Makes every one of `keys` present in the pool. `read` exports a block's bytes; it is called
   * only for keys the pool does not already hold (for every key when `fresh`), and may return
   * undefined if the block is gone.
   */
  store(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined, options?: StoreOptions): Promise<Result<StoreReport, PoolFailure>>;
  /** Opens a store of `keys`, blocks computed just now (in prompt order), to come in parts. */
  storeInParts(keys: readonly BlockKey[]): PartedStore;
}
