/** One point of a cumulative distribution: the share of values at or below `valueMs`. */
export interface CdfPoint {
  readonly valueMs: number;
  readonly share: number;
}

/** One interval of simulated time: the share of prompt blocks reused in it, and the mean requests in flight per instance. */
export interface TimelinePoint {
  readonly startMs: number;
  /** Reused (not computed) prompt blocks over all prompt blocks of the prefills that began in it; null when none began. */
  readonly hitRatio: number | null;
  /** Mean over the arrivals in it of the requests in flight per prefill (or coupled) instance; null when nothing arrived. */
  readonly prefillLoad: number | null;
  /** The same for decode instances; null for a coupled cluster or when nothing arrived. */
  readonly decodeLoad: number | null;
}

/** The series a report charts. */
export interface ReplayTimeline {
  readonly ttftCdf: readonly CdfPoint[];
  readonly tbtCdf: readonly CdfPoint[];
  readonly intervalMs: number;
  readonly points: readonly TimelinePoint[];
}

/** A chart shows at most this many points a series: enough for a smooth line, small enough to keep the file light. */
export const MAX_CHART_POINTS = 200;

/** The CDF of the values at up to {@link MAX_CHART_POINTS} evenly spaced ranks, the last always the maximum. */
export function cdfOf(sorted: readonly number[]): CdfPoint[] {
  const n = sorted.length;
  const count = Math.min(n, MAX_CHART_POINTS);
  return Array.from({ length: count }, (_, i) => {
    const rank = Math.ceil(((i + 1) * n) / count);
    return { valueMs: sorted[rank - 1]!, share: rank / n };
  });
}

interface Bucket {
  reusedBlocks: number;
  blocks: number;
  arrivals: number;
  prefillLoadSum: number;
  decodeLoadSum: number;
}

const emptyBucket = (): Bucket => ({ reusedBlocks: 0, blocks: 0, arrivals: 0, prefillLoadSum: 0, decodeLoadSum: 0 });

/**
 * Hit ratio and load over simulated time, kept in fine buckets and merged into at most
 * {@link MAX_CHART_POINTS} intervals at the end, since the replay's length is not known up front.
 */
export class TimelineRecorder {
  private readonly buckets: Bucket[] = [];

  constructor(private readonly bucketMs: number) {}

  blocks(nowMs: number, reused: number, total: number): void {
    const b = this.bucket(nowMs);
    b.reusedBlocks += reused;
    b.blocks += total;
  }

  load(nowMs: number, prefillPerInstance: number, decodePerInstance: number): void {
    const b = this.bucket(nowMs);
    b.arrivals += 1;
    b.prefillLoadSum += prefillPerInstance;
    b.decodeLoadSum += decodePerInstance;
  }

  points(coupled: boolean): { intervalMs: number; points: TimelinePoint[] } {
    const merge = Math.max(1, Math.ceil(this.buckets.length / MAX_CHART_POINTS));
    const points: TimelinePoint[] = [];
    for (let start = 0; start < this.buckets.length; start += merge) {
      const m = emptyBucket();
      for (const b of this.buckets.slice(start, start + merge)) {
        m.reusedBlocks += b.reusedBlocks;
        m.blocks += b.blocks;
        m.arrivals += b.arrivals;
        m.prefillLoadSum += b.prefillLoadSum;
        m.decodeLoadSum += b.decodeLoadSum;
      }
      points.push({
        startMs: start * this.bucketMs,
        hitRatio: m.blocks === 0 ? null : m.reusedBlocks / m.blocks,
        prefillLoad: m.arrivals === 0 ? null : m.prefillLoadSum / m.arrivals,
        decodeLoad: m.arrivals === 0 || coupled ? null : m.decodeLoadSum / m.arrivals,
      });
    }
    return { intervalMs: merge * this.bucketMs, points };
  }

  private bucket(nowMs: number): Bucket {
    const index = Math.max(0, Math.floor(nowMs / this.bucketMs));
    while (this.buckets.length <= index) this.buckets.push(emptyBucket());
    return this.buckets[index]!;
  }
}
