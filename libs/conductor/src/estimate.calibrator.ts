/**
 * Keeps the scheduler's TTFT estimates honest. The engine timings behind them were taken on an
 * idle instance at start; under load the real times run longer (or shorter), and admission
 * judged on a wrong estimate either lets late requests in or turns good ones away. Each
 * answered request compares estimate and outcome; the scale applied to the engine profile
 * follows an upper quantile of the recent ratios, not their mean: admission should hold for
 * most requests, not for the typical one.
 */
export class EstimateCalibrator {
  private logRatios: number[] = [];
  private applied = 1;

  constructor(
    /** Which quantile of actual ÷ estimated the scale follows. */
    private readonly quantile = 0.75,
    /** Samples to see before the first change, and after each. */
    private readonly minSamples = 6,
    /** Ratios remembered. */
    private readonly window = 32,
    private readonly bounds: readonly [number, number] = [0.25, 8],
  ) {}

  /** The scale applied to the profile now. */
  get scale(): number {
    return this.applied;
  }

  /** Records one request's estimated and actual TTFT; answers the new scale when it changes by more than a fifth. */
  observe(estimatedMs: number, actualMs: number): number | undefined {
    if (!(estimatedMs > 0 && actualMs > 0)) return undefined;
    this.logRatios.push(Math.log(actualMs / estimatedMs));
    if (this.logRatios.length > this.window) this.logRatios.shift();
    if (this.logRatios.length < this.minSamples) return undefined;
    const sorted = [...this.logRatios].sort((a, b) => a - b);
    const drift = sorted[Math.min(sorted.length - 1, Math.floor(this.quantile * sorted.length))]!;
    if (Math.abs(drift) < Math.log(1.2)) return undefined;
    const next = Math.min(this.bounds[1], Math.max(this.bounds[0], this.applied * Math.exp(drift)));
    // Estimates from here on carry the new scale: ratios measured against the old one no longer apply.
    this.logRatios = [];
    if (next === this.applied) return undefined;
    this.applied = next;
    return next;
  }
}
