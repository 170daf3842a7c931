/**
 * Keeps the scheduler's TTFT estimates honest. The engine timings behind them were taken on an
 * idle instance at start; under load the real times run longer (or shorter), and admission
 * judged on a wrong estimate either lets late requests in or turns good ones away. Each
 * answered request compares estimate and outcome; once the typical ratio has drifted by more
 * than a quarter, the scale to apply to the engine profile changes by that ratio.
 */
export class EstimateCalibrator {
  private logRatio = 0;
  private samples = 0;
  private applied = 1;

  constructor(
    /** Weight of the newest sample in the running average. */
    private readonly weight = 0.3,
    /** Samples to see before the first change, and after each. */
    private readonly minSamples = 4,
    private readonly bounds: readonly [number, number] = [0.25, 8],
  ) {}

  /** The scale applied to the profile now. */
  get scale(): number {
    return this.applied;
  }

  /** Records one request's estimated and actual TTFT; answers the new scale when it changes. */
  observe(estimatedMs: number, actualMs: number): number | undefined {
    if (!(estimatedMs > 0 && actualMs > 0)) return undefined;
    const ratio = Math.log(actualMs / estimatedMs);
    this.logRatio = this.samples === 0 ? ratio : this.logRatio * (1 - this.weight) + ratio * this.weight;
    this.samples++;
    if (this.samples < this.minSamples || Math.abs(this.logRatio) < Math.log(1.25)) return undefined;
    const next = Math.min(this.bounds[1], Math.max(this.bounds[0], this.applied * Math.exp(this.logRatio)));
    this.logRatio = 0;
    this.samples = 0;
    if (next === this.applied) return undefined;
    this.applied = next;
    return next;
  }
}
