import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { DecayedBlockHits } from '../stats/decayed-block.hits';
import { ReuseDistanceHistogram, type ReuseDistanceCounts } from '../stats/reuse-distance.histogram';
import { type GetHit } from './leased.read';

export interface BlockReadStatsOptions {
  /** Share of block keys whose reads are traced for reuse distances (SHARDS); 0 records none. */
  readonly reuseSampleRate: number;
  /** Sampled keys remembered at once; past it the oldest come back as cold reads. */
  readonly reuseTrackedBlocks: number;
  /** A block's hit count halves over this. */
  readonly hitHalfLifeMs: number;
  /** Blocks whose hits are kept at once; 0 records none. */
  readonly hitTrackedBlocks: number;
}

/** What the master saw of reads: the hit-ratio curve's data, each block's recent hits, and the mean size of a block read. */
export interface BlockReadReport {
  readonly reuseDistances: ReuseDistanceCounts;
  /** Decayed hits of each key asked about, in order. */
  readonly hits: readonly number[];
  /** Mean bytes of the blocks read (0 before the first): converts the curve's blocks to bytes of DRAM. */
  readonly meanBlockBytes: number;
}

/**
 * A block key is 16 hex digits of a 64-bit hash: its top 32 bits, over 2^32, are uniform in [0, 1).
 * Decoded by hand: every key of every get passes here, and a slice and a parse cost more.
 */
function hash01(key: BlockKey): number {
  let top = 0;
  for (let i = 0; i < 8; i++) {
    const c = key.charCodeAt(i);
    top = top * 16 + (c <= 57 ? c - 48 : (c | 32) - 87);
  }
  return top / 4294967296;
}

/**
 * The master's record of block reads. Every key a get asks for is an access of the pool (found or
 * not: a miss a bigger pool would have hit belongs on the curve), traced for reuse distance when it
 * falls in the sample; every key found is a hit on that block. Both are bounded and cost O(1)
 * amortised per key, so a get pays a hash comparison for most keys.
 */
export class BlockReadStats {
  private readonly distances: ReuseDistanceHistogram | undefined;
  private readonly hitCounts: DecayedBlockHits<BlockKey>;
  private readBlocks = 0;
  private readBytes = 0;

  constructor(
    private readonly options: BlockReadStatsOptions,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {
    this.distances = options.reuseSampleRate > 0 ? new ReuseDistanceHistogram(options.reuseSampleRate, options.reuseTrackedBlocks) : undefined;
    this.hitCounts = new DecayedBlockHits(options.hitHalfLifeMs, options.hitTrackedBlocks);
  }

  /** One get's keys and what it answered for each. */
  record(keys: readonly BlockKey[], answers: readonly Result<GetHit, unknown>[]): void {
    const distances = this.distances;
    if (distances) for (const key of keys) distances.read(key, hash01(key));
    const nowMs = this.clock.nowMs();
    for (const answer of answers) {
      if (!answer.ok) continue;
      this.hitCounts.hit(answer.value.key, nowMs);
      this.readBlocks += 1;
      this.readBytes += answer.value.sizeBytes;
    }
  }

  report(keys: readonly BlockKey[]): BlockReadReport {
    const nowMs = this.clock.nowMs();
    return {
      reuseDistances: this.distances?.snapshot() ?? { sampleRate: 0, coldReads: 0, counts: [] },
      hits: keys.map((key) => this.hitCounts.hits(key, nowMs)),
      meanBlockBytes: this.readBlocks === 0 ? 0 : this.readBytes / this.readBlocks,
    };
  }
}
