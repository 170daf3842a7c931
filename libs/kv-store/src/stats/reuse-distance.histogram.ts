/**
 * A recorded histogram as it travels (the master's ReadStats answer): enough to draw the curve
 * anywhere else. `counts[i]`: sampled reads with scaled distance in [2^(i-1), 2^i) blocks;
 * `counts[0]`: distance 0.
 */
export interface ReuseDistanceCounts {
  readonly sampleRate: number;
  readonly coldReads: number;
  readonly counts: readonly number[];
}

/**
 * The share of reads an LRU cache of `capacityBlocks` would have hit, from recorded counts. Within
 * a bucket the distances are taken as spread evenly, so the curve is piecewise linear between
 * powers of two.
 */
export function hitRatioOf(recorded: ReuseDistanceCounts, capacityBlocks: number): number {
  const total = recorded.coldReads + recorded.counts.reduce((a, b) => a + b, 0);
  if (total === 0 || capacityBlocks <= 0) return 0;
  let hits = 0;
  recorded.counts.forEach((count, bucket) => {
    const low = bucket === 0 ? 0 : 2 ** (bucket - 1);
    const high = bucket === 0 ? 1 : 2 ** bucket;
    hits += count * Math.min(1, Math.max(0, (capacityBlocks - low) / (high - low)));
  });
  return hits / total;
}

/** The hit-ratio curve of recorded counts, as the planner's sizer reads it. */
export function hitRatioCurve(recorded: ReuseDistanceCounts): { hitRatio(capacityBlocks: number): number } {
  return { hitRatio: (capacityBlocks) => hitRatioOf(recorded, capacityBlocks) };
}

/**
 * The pool's hit-ratio curve, recorded cheaply: for each block read, the LRU stack distance (how
 * many distinct blocks were read since this one last was). A cache of C blocks under LRU hits
 * exactly the reads whose distance is below C, so one histogram answers "what would C blocks
 * hit" for every C at once (Mattson's stack algorithm). Two things keep it cheap, after SHARDS
 * (Waldspurger et al., FAST'15): only keys whose hash falls under `sampleRate` are tracked, their
 * distances scaled up by 1/rate; and distances come from a Fenwick tree over access times, so a
 * read costs O(log n) in the tracked keys, which are capped at `maxTrackedKeys` (the oldest are
 * forgotten and come back as cold misses). A read outside the sample costs one comparison; one
 * inside, O(log maxTrackedKeys), plus the compaction's O(maxTrackedKeys) once every
 * maxTrackedKeys reads, O(1) amortised. Memory: the tracked keys and a tree of 2 * maxTrackedKeys.
 */
export class ReuseDistanceHistogram {
  /** counts[i]: sampled reads with scaled distance in [2^(i-1), 2^i) blocks; counts[0]: distance 0. */
  private readonly counts: number[] = [];
  private coldReads = 0;
  private lastSeen = new Map<string, number>();
  private tree: Int32Array;
  private clock = 0;

  constructor(
    private readonly sampleRate = 0.01,
    private readonly maxTrackedKeys = 1 << 16,
  ) {
    this.tree = new Int32Array(2 * maxTrackedKeys + 1);
  }

  /** Records one read of a block; `hash01` is the key's hash mapped to [0, 1), for sampling. */
  read(key: string, hash01: number): void {
    if (hash01 >= this.sampleRate) return;
    if (this.clock >= this.tree.length - 1) this.compact();
    const previous = this.lastSeen.get(key);
    const now = ++this.clock;
    if (previous === undefined) {
      this.coldReads += 1;
      if (this.lastSeen.size >= this.maxTrackedKeys) this.forgetOldest();
    } else {
      const distinctSince = this.sum(now - 1) - this.sum(previous);
      this.add(previous, -1);
      const bucket = distinctSince === 0 ? 0 : Math.floor(Math.log2(distinctSince / this.sampleRate)) + 1;
      while (this.counts.length <= bucket) this.counts.push(0);
      this.counts[bucket]! += 1;
    }
    this.lastSeen.delete(key);
    this.lastSeen.set(key, now);
    this.add(now, 1);
  }

  /** Sampled reads recorded, cold ones included. */
  get reads(): number {
    return this.coldReads + this.counts.reduce((a, b) => a + b, 0);
  }

  /** The share of reads an LRU cache of `capacityBlocks` would have hit (`hitRatioOf`). */
  hitRatio(capacityBlocks: number): number {
    return hitRatioOf(this.snapshot(), capacityBlocks);
  }

  snapshot(): ReuseDistanceCounts {
    return { sampleRate: this.sampleRate, coldReads: this.coldReads, counts: [...this.counts] };
  }

  private forgetOldest(): void {
    const oldest = this.lastSeen.entries().next().value;
    if (oldest === undefined) return;
    this.lastSeen.delete(oldest[0]);
    this.add(oldest[1], -1);
  }

  /** Renumbers the tracked keys 1..n in their order, so the clock never outruns the tree. */
  private compact(): void {
    const entries = [...this.lastSeen.keys()];
    this.tree = new Int32Array(this.tree.length);
    this.lastSeen = new Map();
    this.clock = 0;
    for (const key of entries) {
      this.lastSeen.set(key, ++this.clock);
      this.add(this.clock, 1);
    }
  }

  private add(index: number, delta: number): void {
    for (let i = index; i < this.tree.length; i += i & -i) this.tree[i]! += delta;
  }

  private sum(index: number): number {
    let total = 0;
    for (let i = index; i > 0; i -= i & -i) total += this.tree[i]!;
    return total;
  }
}
