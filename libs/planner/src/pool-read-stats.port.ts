import { type ReuseDistanceCounts } from '@tsukimi/kv-store';
import { type Result } from '@tsukimi/result';

/** What the kvpool's leading master saw of block reads, and the storage nodes it has. */
export interface PoolReadStats {
  /** The sampled LRU reuse-distance histogram of block reads: the pool's hit-ratio curve. */
  readonly reuseDistances: ReuseDistanceCounts;
  /** Decayed hits of each key asked about, in order. */
  readonly hits: readonly number[];
  /** Mean bytes of a block read; 0 before the first. */
  readonly meanBlockBytes: number;
  /** Live members with a DRAM budget. */
  readonly storageNodes: number;
  /** Their mean DRAM budget. */
  readonly dramBytesPerNode: number;
  /** Their mean SSD budget, a node without an SSD tier counting 0. */
  readonly ssdBytesPerNode: number;
}

export interface PoolReadStatsError {
  readonly kind: 'pool-unavailable';
  readonly message: string;
}

/** Reads the pool master's read statistics; the conductor implements it over gRPC. */
export interface PoolReadStatsPort {
  /** The master's statistics with the decayed hits of `keys` (may be empty); an error when no master answers. */
  read(keys: readonly string[]): Promise<Result<PoolReadStats, PoolReadStatsError>>;
}
