/**
 * Learns what a gap between two tokens holds beyond the engine's step and the prompt chunk after
 * it: the token's way through the decode instance's and the conductor's event loops and sockets,
 * and what the shared CPUs add under load. That cost is per gap, not per unit of compute, so it
 * is added to the step-time model rather than scaling it (a scale learnt on steps of a small
 * model, a fraction of a millisecond, would blow a prompt chunk up a hundredfold). It follows an
 * upper quantile of each stream's longest gap less the TBT predicted when it was admitted, so that
 * admission holds for most streams, not the typical one.
 */
export class GapOverheadLearner {
  private excessesMs: number[] = [];
  private applied = 0;

  constructor(
    /** Which quantile of the excesses the overhead follows. */
    private readonly quantile = 0.9,
    /** Samples to see before the first change, and after each. */
    private readonly minSamples = 6,
    /** Excesses remembered. */
    private readonly window = 32,
    /** A change smaller than this is not worth a refit. */
    private readonly minChangeMs = 1,
  ) {}

  /** The overhead applied to every predicted gap now. */
  get overheadMs(): number {
    return this.applied;
  }

  /** Records one stream's predicted TBT and longest gap; answers the new overhead when it moves by more than a fifth and `minChangeMs`. */
  observe(predictedMs: number, longestGapMs: number): number | undefined {
    if (!(predictedMs >= 0 && longestGapMs >= 0)) return undefined;
    // Predictions already carry the overhead applied: the excess is what is still missing, or to spare.
    this.excessesMs.push(longestGapMs - predictedMs);
    if (this.excessesMs.length > this.window) this.excessesMs.shift();
    if (this.excessesMs.length < this.minSamples) return undefined;
    const sorted = [...this.excessesMs].sort((a, b) => a - b);
    const next = Math.max(0, this.applied + sorted[Math.min(sorted.length - 1, Math.floor(this.quantile * sorted.length))]!);
    const change = Math.abs(next - this.applied);
    if (change < this.minChangeMs || change < this.applied / 5) return undefined;
    this.excessesMs = [];
    this.applied = next;
    return next;
  }
}
