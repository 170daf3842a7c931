import { type GapCalibration, median, NO_GAP_CALIBRATION } from '@tsukimi/scheduler';

export interface GapCalibratorOptions {
  /** The TBT target admission holds streams to; the overhead is kept to `overheadShareOfTarget` of it. Absent: no bound. */
  readonly tbtTargetMs?: number;
  /** Which quantile of the gaps the fit covers: admission should hold for most streams, not for the typical one. */
  readonly quantile?: number;
  /** Streams seen before the first fit. */
  readonly minSamples?: number;
  /** Streams remembered. */
  readonly window?: number;
}

/** How far the step model may be scaled: a small model's step can be a hundredth of the real per-stream cost of a gap. */
const STEP_SCALE_BOUNDS: readonly [number, number] = [0.25, 1024];

/**
 * The overhead never takes more than this share of the TBT target. An overhead at the target
 * refuses every stream on a busy instance, and refused streams teach nothing: one learnt in a bad
 * moment (1.3 s in one warm-up at load 20, 42a6178) refused every request for good. Below it some
 * batch is always admitted, and its gaps keep the fit current.
 */
const OVERHEAD_SHARE_OF_TARGET = 0.5;

/** Two streams' modelled steps must differ by this factor for the pair to say how gaps grow with the step. */
const SPREAD_THAT_TEACHES = 1.25;

/** Pairs of streams that must say so before the scale moves; fewer keep the scale last fitted. */
const MIN_SLOPE_PAIRS = 8;

/**
 * Learns a gap between tokens at the client as `overheadMs + stepScale × modelled step`, from each
 * stream's modelled step when it was admitted (the step model's own figure, before calibration)
 * and the longest gap it then saw. The scale is the Theil–Sen slope (median over pairs of streams
 * whose modelled steps differ), so gaps that stay put as the batch grows leave it low and gaps that
 * grow with the batch raise it; the overhead is the upper quantile of what the slope leaves. Both
 * are bounded. With too little spread in the modelled steps the scale stays where it was.
 */
export class GapCalibrator {
  private readonly modelledMs: number[] = [];
  private readonly gapsMs: number[] = [];
  private applied: GapCalibration = NO_GAP_CALIBRATION;
  private readonly quantile: number;
  private readonly minSamples: number;
  private readonly window: number;
  private readonly maxOverheadMs: number;

  constructor(o: GapCalibratorOptions = {}) {
    this.quantile = o.quantile ?? 0.9;
    this.minSamples = o.minSamples ?? 12;
    this.window = o.window ?? 64;
    this.maxOverheadMs = o.tbtTargetMs === undefined ? Infinity : o.tbtTargetMs * OVERHEAD_SHARE_OF_TARGET;
  }

  /** The calibration applied now. */
  get calibration(): GapCalibration {
    return this.applied;
  }

  /** Records one stream; answers the new calibration when it moved enough to rebuild the estimators. */
  observe(modelledStepMs: number, longestGapMs: number): GapCalibration | undefined {
    if (!(modelledStepMs > 0 && longestGapMs > 0)) return undefined;
    this.modelledMs.push(modelledStepMs);
    this.gapsMs.push(longestGapMs);
    if (this.modelledMs.length > this.window) {
      this.modelledMs.shift();
      this.gapsMs.shift();
    }
    if (this.modelledMs.length < this.minSamples) return undefined;
    const stepScale = Math.min(STEP_SCALE_BOUNDS[1], Math.max(STEP_SCALE_BOUNDS[0], this.slope() ?? this.applied.stepScale));
    const residualsMs = this.gapsMs.map((gapMs, i) => gapMs - stepScale * this.modelledMs[i]!).sort((a, b) => a - b);
    const upperMs = residualsMs[Math.min(residualsMs.length - 1, Math.floor(this.quantile * residualsMs.length))]!;
    const next = { overheadMs: Math.min(this.maxOverheadMs, Math.max(0, upperMs)), stepScale };
    if (!movedEnough(this.applied, next)) return undefined;
    this.applied = next;
    return next;
  }

  /** Theil–Sen slope over the pairs whose modelled steps differ enough; undefined with too few. */
  private slope(): number | undefined {
    const slopes: number[] = [];
    for (let i = 0; i < this.modelledMs.length; i++) {
      for (let j = 0; j < this.modelledMs.length; j++) {
        const low = this.modelledMs[i]!;
        const high = this.modelledMs[j]!;
        if (high >= low * SPREAD_THAT_TEACHES) slopes.push((this.gapsMs[j]! - this.gapsMs[i]!) / (high - low));
      }
    }
    return slopes.length < MIN_SLOPE_PAIRS ? undefined : median(Float64Array.from(slopes));
  }
}

/** A fifth on the scale, or on the overhead past a millisecond: smaller moves are the window's noise, not worth a rebuild. */
function movedEnough(from: GapCalibration, to: GapCalibration): boolean {
  if (Math.abs(Math.log(to.stepScale / from.stepScale)) > Math.log(1.2)) return true;
  return Math.abs(to.overheadMs - from.overheadMs) > Math.max(1, 0.2 * from.overheadMs);
}
