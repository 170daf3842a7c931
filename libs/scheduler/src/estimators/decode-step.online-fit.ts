import { type DecodeStepCoefficients, predictDecodeStepMs } from './decode-step.model';
import { median } from './median';

export interface DecodeStepOnlineFitOptions {
  /** The batch the answer never exceeds. */
  readonly maxBatchSize: number;
  /** Measured steps the fit looks at; older ones fall out. */
  readonly windowSteps?: number;
}

/**
 * The decode step model fitted from recent steps: `stepMs ≈ baseMs + msPerRequest × batchSize`.
 * A running batch's steps say little about context length apart from batch size, so
 * `msPerContextToken` is 0 here; the engine profile's fit measures it.
 */
export interface DecodeStepOnlineEstimate extends DecodeStepCoefficients {
  /** False while no slope has been fitted and all time is assumed to be per request. */
  readonly slopeFitted: boolean;
}

const DEFAULT_WINDOW_STEPS = 32;
/**
 * Steps off the window's most common batch size needed before the slope is refitted, so that
 * one odd step (a GC pause at a batch size seen once) cannot set the slope by itself.
 */
const MIN_STEPS_OFF_MODE = 3;
/** How far past the largest recently measured batch the answer may reach. */
const GROWTH_FACTOR = 2;

/**
 * The decode step model (`DecodeStepCoefficients`) fitted online from the steps a decode
 * instance runs, and the largest batch whose predicted step time fits a time-between-tokens SLO.
 * The scheduler predicts TBT with the same model, fitted from the engine profile instead.
 *
 * The fit is Theil–Sen over a sliding window: the slope is the median of the slopes between
 * pairs of steps of different batch sizes, the base the median of `stepMs − slope × batch`.
 * Medians rather than least squares because step times are skewed by GC pauses, JIT
 * compilation in the first steps and scheduler hiccups: a median ignores a minority of those
 * outright, where least squares is dragged by each in proportion to its size. The window,
 * rather than all history, follows the cost as the sequences grow longer.
 *
 * In steady state every step runs the same batch and there is no slope to fit; the model then
 * keeps the last slope it fitted and refits only the base, which keeps the prediction right at
 * the batch being run.
 *
 * Cold start: before any slope is fitted the model assumes all time is per sequence (base 0).
 * That overestimates a larger batch, so it errs towards smaller batches; but with a large base
 * it would pin the batch where it is and no slope would ever be measured. So, while no slope is
 * fitted and the steps at the largest recent batch fit the SLO, the answer reaches one past it:
 * at worst one step per window runs one sequence over. Growth is also capped at twice the
 * largest recent batch, always: a cold instance grows at most by doubling, like a slow start, and
 * every batch size it runs lies near ones it has measured. Starting at `maxBatchSize` instead
 * would break the SLO on exactly the steps the model knows least about.
 */
export class DecodeStepOnlineFit {
  private readonly maxBatchSize: number;
  private readonly windowSteps: number;
  private readonly batchSizes: Float64Array;
  private readonly stepsMs: Float64Array;
  private readonly scratch: Float64Array;
  private samples = 0;
  private nextSlot = 0;
  private lastSlopeMs: number | undefined;
  private cachedFit: DecodeStepOnlineEstimate | undefined;

  constructor(options: DecodeStepOnlineFitOptions) {
    const windowSteps = options.windowSteps ?? DEFAULT_WINDOW_STEPS;
    if (!Number.isInteger(options.maxBatchSize) || options.maxBatchSize < 1) throw new RangeError(`maxBatchSize must be a positive integer, got ${options.maxBatchSize}`);
    if (!Number.isInteger(windowSteps) || windowSteps < 2) throw new RangeError(`windowSteps must be an integer of at least 2, got ${windowSteps}`);
    this.maxBatchSize = options.maxBatchSize;
    this.windowSteps = windowSteps;
    this.batchSizes = new Float64Array(windowSteps);
    this.stepsMs = new Float64Array(windowSteps);
    this.scratch = new Float64Array((windowSteps * (windowSteps - 1)) / 2);
  }

  /** Adds one measured step; the oldest step in the window falls out. */
  record(batchSize: number, stepMs: number): void {
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isFinite(stepMs) || stepMs < 0) throw new RangeError(`stepMs must be finite and non-negative, got ${stepMs}`);
    this.batchSizes[this.nextSlot] = batchSize;
    this.stepsMs[this.nextSlot] = stepMs;
    this.nextSlot = (this.nextSlot + 1) % this.windowSteps;
    this.samples = Math.min(this.samples + 1, this.windowSteps);
    this.cachedFit = undefined;
  }

  /** The current fit; undefined before the first step. */
  fit(): DecodeStepOnlineEstimate | undefined {
    if (this.samples === 0) return undefined;
    this.cachedFit ??= this.refit();
    return this.cachedFit;
  }

  predictMs(batchSize: number): number | undefined {
    const fit = this.fit();
    return fit && predictDecodeStepMs(fit, batchSize, 0);
  }

  /** The largest batch, from 1 to `maxBatchSize`, whose predicted step time is at most `tbtSloMs`. */
  largestBatchWithin(tbtSloMs: number): number {
    const fit = this.fit();
    if (!fit) return 1;
    const largest = this.largestRecentBatch();
    let batch = largestPredictedWithin(fit, tbtSloMs);
    if (!fit.slopeFitted && this.measuredMsAt(largest) <= tbtSloMs) batch = Math.max(batch, largest + 1);
    return Math.max(1, Math.min(this.maxBatchSize, GROWTH_FACTOR * largest, batch));
  }

  private refit(): DecodeStepOnlineEstimate {
    const slope = this.fittedSlope();
    if (slope !== undefined) this.lastSlopeMs = slope;
    const msPerRequest = this.lastSlopeMs;
    if (msPerRequest !== undefined) {
      const baseMs = this.medianOf((i) => this.stepsMs[i]! - msPerRequest * this.batchSizes[i]!);
      if (baseMs >= 0) return { baseMs, msPerRequest, msPerContextToken: 0, slopeFitted: true };
    }
    return { baseMs: 0, msPerRequest: this.medianOf((i) => this.stepsMs[i]! / this.batchSizes[i]!), msPerContextToken: 0, slopeFitted: false };
  }

  /** Theil–Sen slope, clamped at 0; undefined while the window barely varies in batch size. */
  private fittedSlope(): number | undefined {
    const n = this.samples;
    const counts = new Map<number, number>();
    for (let i = 0; i < n; i++) counts.set(this.batchSizes[i]!, (counts.get(this.batchSizes[i]!) ?? 0) + 1);
    if (n - Math.max(...counts.values()) < MIN_STEPS_OFF_MODE) return undefined;
    let pairs = 0;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = this.batchSizes[j]! - this.batchSizes[i]!;
        if (dx !== 0) this.scratch[pairs++] = (this.stepsMs[j]! - this.stepsMs[i]!) / dx;
      }
    }
    return Math.max(0, median(this.scratch.subarray(0, pairs)));
  }

  private medianOf(value: (slot: number) => number, include: (slot: number) => boolean = () => true): number {
    let count = 0;
    for (let i = 0; i < this.samples; i++) if (include(i)) this.scratch[count++] = value(i);
    return median(this.scratch.subarray(0, count));
  }

  private measuredMsAt(batchSize: number): number {
    return this.medianOf((i) => this.stepsMs[i]!, (i) => this.batchSizes[i] === batchSize);
  }

  private largestRecentBatch(): number {
    let largest = 0;
    for (let i = 0; i < this.samples; i++) largest = Math.max(largest, this.batchSizes[i]!);
    return largest;
  }
}

/** The largest batch the fit predicts at most `tbtSloMs` for; 0 when not even one fits. */
function largestPredictedWithin(fit: DecodeStepOnlineEstimate, tbtSloMs: number): number {
  if (fit.msPerRequest === 0) return fit.baseMs <= tbtSloMs ? Number.POSITIVE_INFINITY : 0;
  const batch = Math.max(0, Math.floor((tbtSloMs - fit.baseMs) / fit.msPerRequest));
  // The division can land a hair below a whole number that does fit.
  return predictDecodeStepMs(fit, batch + 1, 0) <= tbtSloMs ? batch + 1 : batch;
}
