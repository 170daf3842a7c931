import { type BlockKey } from '@tsukimi/kv-block';
import { WindowedCountMinSketch } from './windowed-count-min.sketch';

export interface ReadDemandOptions {
  readonly windowMs: number;
  readonly slices: number;
  readonly sketchWidth: number;
  /** Reads within the window from which a block is remembered by key as hot. */
  readonly hotReads: number;
  /** Hot blocks remembered at once; a hotter newcomer displaces the coolest. */
  readonly maxTracked: number;
}

export interface BlockDemand {
  readonly key: BlockKey;
  readonly readsInWindow: number;
}

/**
 * Reads per block over a sliding window, in bounded memory: a windowed count-min sketch counts
 * every read, and a table of at most `maxTracked` keys remembers the blocks that crossed
 * `hotReads`, since a sketch can answer for a key but cannot list them. A block that cools below
 * `hotReads` leaves the table at the next `hot()`.
 */
export class ReadDemandMeter {
  private readonly sketch: WindowedCountMinSketch;
  private readonly tracked = new Map<BlockKey, number>();

  constructor(private readonly options: ReadDemandOptions) {
    this.sketch = new WindowedCountMinSketch({ windowMs: options.windowMs, slices: options.slices, width: options.sketchWidth });
  }

  record(keys: readonly BlockKey[], nowMs: number): void {
    for (const key of keys) {
      this.sketch.record(key, nowMs);
      const reads = this.sketch.estimate(key, nowMs);
      if (reads >= this.options.hotReads) this.track(key, reads);
    }
  }

  readsInWindow(key: BlockKey, nowMs: number): number {
    return this.sketch.estimate(key, nowMs);
  }

  /** The tracked blocks still hot now, hottest first. */
  hot(nowMs: number): BlockDemand[] {
    const hot: BlockDemand[] = [];
    for (const key of [...this.tracked.keys()]) {
      const readsInWindow = this.sketch.estimate(key, nowMs);
      if (readsInWindow < this.options.hotReads) this.tracked.delete(key);
      else {
        this.tracked.set(key, readsInWindow);
        hot.push({ key, readsInWindow });
      }
    }
    return hot.sort((a, b) => b.readsInWindow - a.readsInWindow);
  }

  private track(key: BlockKey, reads: number): void {
    if (this.tracked.has(key) || this.tracked.size < this.options.maxTracked) {
      this.tracked.set(key, reads);
      return;
    }
    let coolest: [BlockKey, number] | undefined;
    for (const entry of this.tracked) if (coolest === undefined || entry[1] < coolest[1]) coolest = entry;
    if (coolest !== undefined && coolest[1] < reads) {
      this.tracked.delete(coolest[0]);
      this.tracked.set(key, reads);
    }
  }
}
