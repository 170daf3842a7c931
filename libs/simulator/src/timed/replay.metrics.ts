import { nearestRank, type SloTargets } from '@tsukimi/scheduler';
import { tbtMs, withinSlo } from '../slo/slo.model';
import { type SimRequest } from './sim-request';
import { cdfOf, type ReplayTimeline, TimelineRecorder } from './replay.timeline';

/** Where a prompt block came from: the instance's own memory, another instance's, a pool tier, or computed. */
export type BlockSource = 'device' | 'device-remote' | 'dram' | 'ssd' | 'computed';

const BLOCK_SOURCES: readonly BlockSource[] = ['device', 'device-remote', 'dram', 'ssd', 'computed'];

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
}

export interface TimedReplayReport {
  readonly requests: number;
  readonly completed: number;
  readonly rejected: number;
  readonly withinSlo: number;
  /** Requests that met both SLOs per simulated second, from the first arrival to the last token. */
  readonly goodputRps: number;
  readonly ttftMs: Percentiles;
  readonly tbtMs: Percentiles;
  /** Share of prompt blocks of routed requests reused from each tier, and computed. */
  readonly blockSources: Readonly<Record<BlockSource, number>>;
  /** From the first arrival to the last token. */
  readonly simulatedMs: number;
  /** From the first arrival to the last: the offered load is `requests` over it. */
  readonly arrivalSpanMs: number;
  /** The distributions and series a report charts. */
  readonly timeline: ReplayTimeline;
}

/** Hit ratio and load are kept per second of simulated time before they are merged for a chart. */
const TIMELINE_BUCKET_MS = 1_000;

/** Counts a replay's outcomes as requests finish. */
export class ReplayMetrics {
  private requests = 0;
  private rejectedCount = 0;
  private within = 0;
  private firstArrivalMs = Infinity;
  private lastMs = 0;
  private lastArrivalMs = 0;
  private readonly ttfts: number[] = [];
  private readonly tbts: number[] = [];
  private readonly sources: Record<BlockSource, number> = { device: 0, 'device-remote': 0, dram: 0, ssd: 0, computed: 0 };

  private readonly timeline = new TimelineRecorder(TIMELINE_BUCKET_MS);

  constructor(
    private readonly slo: SloTargets,
    private readonly coupled: boolean,
  ) {}

  get withinSlo(): number {
    return this.within;
  }

  get total(): number {
    return this.requests;
  }

  arrived(nowMs: number): void {
    this.requests += 1;
    this.firstArrivalMs = Math.min(this.firstArrivalMs, nowMs);
    this.lastArrivalMs = Math.max(this.lastArrivalMs, nowMs);
  }

  rejected(nowMs: number): void {
    this.rejectedCount += 1;
    this.lastMs = Math.max(this.lastMs, nowMs);
  }

  blocks(nowMs: number, source: BlockSource, count: number): void {
    this.sources[source] += count;
    this.timeline.blocks(nowMs, source === 'computed' ? 0 : count, count);
  }

  /** The requests in flight per instance of each role as a request arrives. */
  load(nowMs: number, prefillPerInstance: number, decodePerInstance: number): void {
    this.timeline.load(nowMs, prefillPerInstance, decodePerInstance);
  }

  finished(request: SimRequest, nowMs: number): void {
    const ttft = request.firstTokenMs - request.arrivalMs;
    const tbt = tbtMs(request.intervalsMs);
    this.ttfts.push(ttft);
    this.tbts.push(tbt);
    if (withinSlo(ttft, tbt, this.slo)) this.within += 1;
    this.lastMs = Math.max(this.lastMs, nowMs);
  }

  report(): TimedReplayReport {
    const blocks = BLOCK_SOURCES.reduce((sum, s) => sum + this.sources[s], 0);
    const share = Object.fromEntries(BLOCK_SOURCES.map((s) => [s, blocks === 0 ? 0 : this.sources[s] / blocks])) as Record<BlockSource, number>;
    const spanMs = this.requests === 0 ? 0 : this.lastMs - this.firstArrivalMs;
    const ttfts = [...this.ttfts].sort((a, b) => a - b);
    const tbts = [...this.tbts].sort((a, b) => a - b);
    return {
      requests: this.requests,
      completed: this.ttfts.length,
      rejected: this.rejectedCount,
      withinSlo: this.within,
      goodputRps: spanMs > 0 ? this.within / (spanMs / 1000) : 0,
      ttftMs: percentiles(ttfts),
      tbtMs: percentiles(tbts),
      blockSources: share,
      simulatedMs: spanMs,
      arrivalSpanMs: this.requests === 0 ? 0 : this.lastArrivalMs - this.firstArrivalMs,
      timeline: { ttftCdf: cdfOf(ttfts), tbtCdf: cdfOf(tbts), ...this.timeline.points(this.coupled) },
    };
  }
}

function percentiles(sorted: readonly number[]): Percentiles {
  const at = (q: number) => nearestRank(sorted, q) ?? 0;
  return { p50: at(0.5), p90: at(0.9), p99: at(0.99) };
}
