import { GapCalibrator } from './gap.calibrator';

/** A seeded stream of numbers in [0, 1). */
function seeded(seed: number): () => number {
  let state = seed;
  return () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** Feeds `streams` streams over batches of 1-14, each modelled at `modelledMs(batch)` and seeing `gapMs(batch, random)`; the last calibration. */
function fed(calibrator: GapCalibrator, modelledMs: (batch: number) => number, gapMs: (batch: number, random: () => number) => number, streams = 64) {
  const random = seeded(7);
  for (let i = 0; i < streams; i++) {
    const batch = 1 + (i % 14);
    calibrator.observe(modelledMs(batch), gapMs(batch, random));
  }
  return calibrator.calibration;
}

/** The overload bench's tiny model: a few hundredths of a millisecond a step and a request. */
const tinyStepMs = (batch: number) => 0.016 + 0.0496 * batch;

describe('GapCalibrator', () => {
  it('learns nothing before it has seen enough streams', () => {
    const calibrator = new GapCalibrator();
    for (let i = 0; i < 11; i++) expect(calibrator.observe(tinyStepMs(1 + i), 40)).toBeUndefined();
    expect(calibrator.calibration).toEqual({ overheadMs: 0, stepScale: 1 });
  });

  it('takes gaps of 20-50 ms whatever the batch for an overhead, and leaves the step model near its measure', () => {
    const { overheadMs, stepScale } = fed(new GapCalibrator({ tbtTargetMs: 75 }), tinyStepMs, (_batch, random) => 20 + 30 * random());
    expect(overheadMs).toBeGreaterThan(35);
    expect(overheadMs).toBeLessThanOrEqual(37.5);
    // Whatever the scale, the step model adds less than a few milliseconds at the largest batch seen.
    expect(stepScale * tinyStepMs(14)).toBeLessThan(10);
  });

  it('scales the step model when gaps grow with the batch, with the overhead what the batch does not explain', () => {
    const { overheadMs, stepScale } = fed(new GapCalibrator({ tbtTargetMs: 75 }), tinyStepMs, (batch, random) => 5 + 9 * batch + 4 * random());
    expect(stepScale * 0.0496).toBeCloseTo(9, 0);
    expect(overheadMs).toBeGreaterThan(4);
    expect(overheadMs).toBeLessThan(12);
  });

  it('keeps the overhead to half the target, so that a bad moment cannot refuse every busy instance for good', () => {
    const { overheadMs } = fed(new GapCalibrator({ tbtTargetMs: 75 }), tinyStepMs, () => 1300);
    expect(overheadMs).toBe(37.5);
  });

  it('keeps the scale where it was while every stream is modelled alike', () => {
    const calibrator = new GapCalibrator();
    for (let i = 0; i < 32; i++) calibrator.observe(1, 50);
    expect(calibrator.calibration).toEqual({ overheadMs: 49, stepScale: 1 });
  });

  it('bounds the scale from above', () => {
    const { stepScale } = fed(new GapCalibrator(), (batch) => 0.0001 * batch, (batch) => 10 * batch);
    expect(stepScale).toBe(1024);
  });
});
