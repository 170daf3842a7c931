import { type GapCalibration, median } from '@tsukimi/scheduler';
import { GapCalibrator, selectKth } from './gap.calibrator';

/** A seeded stream of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * The calibrator as it was before its slope and quantile reused scratch arrays and selected
 * instead of sorting (ba7b9d2): every pair's slope pushed to an array and sorted for the median,
 * every residual mapped and sorted. The fast one must answer exactly what this one answers.
 */
class SortingGapCalibrator {
  private readonly modelledMs: number[] = [];
  private readonly gapsMs: number[] = [];
  private applied: GapCalibration = { overheadMs: 0, stepScale: 1 };

  constructor(private readonly maxOverheadMs: number) {}

  observe(modelledStepMs: number, longestGapMs: number): GapCalibration | undefined {
    if (!(modelledStepMs > 0 && longestGapMs > 0)) return undefined;
    this.modelledMs.push(modelledStepMs);
    this.gapsMs.push(longestGapMs);
    if (this.modelledMs.length > 64) {
      this.modelledMs.shift();
      this.gapsMs.shift();
    }
    if (this.modelledMs.length < 12) return undefined;
    const stepScale = Math.min(1024, Math.max(0.25, this.slope() ?? this.applied.stepScale));
    const residualsMs = this.gapsMs.map((gapMs, i) => gapMs - stepScale * this.modelledMs[i]!).sort((a, b) => a - b);
    const upperMs = residualsMs[Math.min(residualsMs.length - 1, Math.floor(0.9 * residualsMs.length))]!;
    const next = { overheadMs: Math.min(this.maxOverheadMs, Math.max(0, upperMs)), stepScale };
    const moved = Math.abs(Math.log(next.stepScale / this.applied.stepScale)) > Math.log(1.2) || Math.abs(next.overheadMs - this.applied.overheadMs) > Math.max(1, 0.2 * this.applied.overheadMs);
    if (!moved) return undefined;
    this.applied = next;
    return next;
  }

  private slope(): number | undefined {
    const slopes: number[] = [];
    for (let i = 0; i < this.modelledMs.length; i++) {
      for (let j = 0; j < this.modelledMs.length; j++) {
        const low = this.modelledMs[i]!;
        const high = this.modelledMs[j]!;
        if (high >= low * 1.25) slopes.push((this.gapsMs[j]! - this.gapsMs[i]!) / (high - low));
      }
    }
    return slopes.length < 8 ? undefined : median(Float64Array.from(slopes));
  }
}

/** Streams whose modelled steps and gaps come from `shape`, with repeats (batches alike, gaps rounded) so that ties occur. */
const SHAPES: readonly (readonly [string, (random: () => number, i: number) => readonly [number, number]])[] = [
  ['gaps flat whatever the batch', (random, i) => [0.016 + 0.0496 * (1 + (i % 14)), 20 + 30 * random()]],
  ['gaps growing with the batch', (random, i) => [0.016 + 0.0496 * (1 + (i % 14)), 5 + 9 * (1 + (i % 14)) + 4 * random()]],
  ['whole-millisecond gaps, many ties', (random) => [1 + Math.floor(random() * 6), Math.round(10 + 40 * random())]],
  ['gaps shrinking as the batch grows', (random, i) => [1 + (i % 9), 80 - 6 * (i % 9) + random()]],
  ['every stream modelled alike', (random) => [2, 30 + 10 * random()]],
  ['a burst of huge gaps', (random, i) => [0.5 + random(), i % 50 < 10 ? 1300 : 15 + 5 * random()]],
];

describe('GapCalibrator against the sorting calibrator it replaced', () => {
  it.each(SHAPES)('answers every observation alike: %s', (_name, shape) => {
    for (const seed of [1, 2]) {
      const random = seeded(seed);
      const fast = new GapCalibrator({ tbtTargetMs: 75 });
      const reference = new SortingGapCalibrator(37.5);
      for (let i = 0; i < 160; i++) {
        const [modelledMs, gapMs] = shape(random, i);
        expect(fast.observe(modelledMs, gapMs)).toEqual(reference.observe(modelledMs, gapMs));
      }
    }
  });
});

describe('selectKth', () => {
  it.each([1, 2, 7, 64, 2016, 4032])('gives what a sort puts at every k, ties included, over %i values', (n) => {
    const random = seeded(n);
    const values = Float64Array.from({ length: n }, () => Math.round(random() * n) / 4 - n / 8);
    const sorted = Float64Array.from(values).sort();
    for (const k of new Set([0, n >> 1, Math.max(0, (n >> 1) - 1), Math.floor(0.9 * n), n - 1])) {
      expect(selectKth(Float64Array.from(values), k)).toBe(sorted[k]);
    }
  });
});
