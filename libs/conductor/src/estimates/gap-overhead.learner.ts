import { type EstimateCalibration, leastSquares } from '@tsukimi/scheduler';

/** What a gap holds beyond the engine's step and chunk: a part every gap pays, and a part each stream on the instance adds. */
export type GapOverhead = Pick<EstimateCalibration, 'gapMs' | 'gapMsPerStream'>;

const NONE: GapOverhead = { gapMs: 0, gapMsPerStream: 0 };

/**
 * Learns what a gap between two tokens holds beyond the engine's step and the prompt chunk after
 * it: each stream's token goes through the decode instance's and the conductor's event loops and
 * sockets, and the shared CPUs stretch all of it under load. The excess of each stream's longest
 * gap over the TBT predicted at its admission is fitted, by least squares, as a part per gap and a
 * part per stream on the instance (its streams as it ended); the per-gap part then takes an upper
 * quantile of what the fit leaves over, so that admission holds for most streams. Both join the
 * step model's own terms: scaling the model instead (learnt on a small model's sub-millisecond
 * steps) would blow a prompt chunk up a hundredfold.
 */
export class GapOverheadLearner {
  private samples: { readonly streams: number; readonly excessMs: number }[] = [];
  private applied: GapOverhead = NONE;

  constructor(
    /** Which quantile of the excesses left over by the fit the per-gap part covers. */
    private readonly quantile = 0.9,
    /** Samples to see before the first change, and after each. */
    private readonly minSamples = 8,
    /** Samples remembered. */
    private readonly window = 32,
    /** A change of the predicted gap smaller than this, at the streams seen, is not worth a refit. */
    private readonly minChangeMs = 1,
  ) {}

  get overhead(): GapOverhead {
    return this.applied;
  }

  /**
   * Records one stream's predicted TBT (which already holds the overhead applied) and longest gap,
   * with the streams on its instance; answers the new overhead when the gap it predicts at those
   * streams moves by more than a fifth and `minChangeMs`.
   */
  observe(predictedMs: number, longestGapMs: number, streams: number): GapOverhead | undefined {
    if (!(predictedMs >= 0 && longestGapMs >= 0 && streams >= 1)) return undefined;
    this.samples.push({ streams, excessMs: longestGapMs - predictedMs + this.applied.gapMs + this.applied.gapMsPerStream * streams });
    if (this.samples.length > this.window) this.samples.shift();
    if (this.samples.length < this.minSamples) return undefined;
    const next = this.fit();
    const meanStreams = this.samples.reduce((sum, s) => sum + s.streams, 0) / this.samples.length;
    const before = this.applied.gapMs + this.applied.gapMsPerStream * meanStreams;
    const change = Math.abs(next.gapMs + next.gapMsPerStream * meanStreams - before);
    if (change < this.minChangeMs || change < before / 5) return undefined;
    this.samples = [];
    this.applied = next;
    return next;
  }

  /** Excess ≈ gapMs + gapMsPerStream × streams; one part alone where the streams never varied, neither below nothing. */
  private fit(): GapOverhead {
    const fitted = leastSquares(this.samples.map((s) => [1, s.streams]), this.samples.map((s) => s.excessMs));
    const perStream = fitted.ok ? Math.max(0, fitted.value[1]!) : 0;
    const left = this.samples.map((s) => s.excessMs - perStream * s.streams).sort((a, b) => a - b);
    const gapMs = Math.max(0, left[Math.min(left.length - 1, Math.floor(this.quantile * left.length))]!);
    return { gapMs, gapMsPerStream: perStream };
  }
}
