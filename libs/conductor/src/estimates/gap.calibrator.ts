import { type GapCalibration, NO_GAP_CALIBRATION } from '@tsukimi/scheduler';

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
  /** Every pair's slope and every stream's residual go here, sized once for a full window: a stream's end allocates nothing. */
  private readonly slopesScratch: Float64Array;
  private readonly residualsScratch: Float64Array;

  constructor(o: GapCalibratorOptions = {}) {
    this.quantile = o.quantile ?? 0.9;
    this.minSamples = o.minSamples ?? 12;
    this.window = o.window ?? 64;
    this.maxOverheadMs = o.tbtTargetMs === undefined ? Infinity : o.tbtTargetMs * OVERHEAD_SHARE_OF_TARGET;
    this.slopesScratch = new Float64Array(this.window * this.window);
    this.residualsScratch = new Float64Array(this.window);
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
    const n = this.gapsMs.length;
    const residualsMs = this.residualsScratch.subarray(0, n);
    for (let i = 0; i < n; i++) residualsMs[i] = this.gapsMs[i]! - stepScale * this.modelledMs[i]!;
    const upperMs = selectKth(residualsMs, Math.min(n - 1, Math.floor(this.quantile * n)));
    const next = { overheadMs: Math.min(this.maxOverheadMs, Math.max(0, upperMs)), stepScale };
    if (!movedEnough(this.applied, next)) return undefined;
    this.applied = next;
    return next;
  }

  /** Theil–Sen slope over the pairs whose modelled steps differ enough; undefined with too few. */
  private slope(): number | undefined {
    const modelled = this.modelledMs;
    const gaps = this.gapsMs;
    const slopes = this.slopesScratch;
    let count = 0;
    for (let i = 0; i < modelled.length; i++) {
      const low = modelled[i]!;
      const lowGap = gaps[i]!;
      const teaching = low * SPREAD_THAT_TEACHES;
      for (let j = 0; j < modelled.length; j++) {
        const high = modelled[j]!;
        if (high >= teaching) slopes[count++] = (gaps[j]! - lowGap) / (high - low);
      }
    }
    if (count < MIN_SLOPE_PAIRS) return undefined;
    const pairs = slopes.subarray(0, count);
    const mid = count >> 1;
    const upper = selectKth(pairs, mid);
    // Selection leaves every value below the kth before it: the lower middle is their largest.
    return count % 2 === 1 ? upper : (maxOf(pairs, mid) + upper) / 2;
  }
}

/**
 * The kth smallest of `values` (Hoare's selection, reordering them in place): the value a sort
 * would put at `k`, in linear time where a stream's end used to sort every pair's slope.
 */
export function selectKth(values: Float64Array, k: number): number {
  let left = 0;
  let right = values.length - 1;
  while (left < right) {
    const pivot = values[(left + right) >> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return values[k]!;
}

/** The largest of the first `n` values. */
function maxOf(values: Float64Array, n: number): number {
  let max = -Infinity;
  for (let i = 0; i < n; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** A fifth on the scale, or on the overhead past a millisecond: smaller moves are the window's noise, not worth a rebuild. */
function movedEnough(from: GapCalibration, to: GapCalibration): boolean {
  if (Math.abs(Math.log(to.stepScale / from.stepScale)) > Math.log(1.2)) return true;
  return Math.abs(to.overheadMs - from.overheadMs) > Math.max(1, 0.2 * from.overheadMs);
}
