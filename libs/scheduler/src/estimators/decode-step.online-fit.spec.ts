import { SeededRandom } from '@tsukimi/llama-model';
import { DecodeStepOnlineFit } from './decode-step.online-fit';

const SIZES = [1, 2, 4, 8, 16, 32, 64, 3, 12, 48];

/** A model fed `steps` steps cycling through `SIZES`, timed by `stepMs`. */
function fedWith(stepMs: (batch: number, step: number) => number, steps = 40, maxBatchSize = 64): DecodeStepOnlineFit {
  const model = new DecodeStepOnlineFit({ maxBatchSize });
  for (let step = 0; step < steps; step++) {
    const batch = SIZES[step % SIZES.length]!;
    model.record(batch, stepMs(batch, step));
  }
  return model;
}

/** Runs the model's own answer for `steps` steps on an engine costing `baseMs + perSequenceMs × batch`. */
function closedLoop(model: DecodeStepOnlineFit, baseMs: number, perSequenceMs: number, tbtSloMs: number, steps: number) {
  const batches: number[] = [];
  for (let step = 0; step < steps; step++) {
    const batch = model.largestBatchWithin(tbtSloMs);
    batches.push(batch);
    model.record(batch, baseMs + perSequenceMs * batch);
  }
  return batches;
}

describe('DecodeStepOnlineFit', () => {
  it.each([
    [2, 0.5],
    [8, 0.25],
    [0, 3],
    [15, 0],
  ])('recovers base %p ms and %p ms per sequence from exact steps', (baseMs, perSequenceMs) => {
    const fit = fedWith((batch) => baseMs + perSequenceMs * batch).fit();
    expect(fit?.baseMs).toBeCloseTo(baseMs, 9);
    expect(fit?.msPerRequest).toBeCloseTo(perSequenceMs, 9);
    expect(fit?.slopeFitted).toBe(true);
  });

  it('recovers them through ±5% noise and one step in five stalled by a 40 ms pause', () => {
    const random = new SeededRandom(7);
    const model = fedWith((batch) => {
      const stalled = random.nextFloat() < 0.2 ? 40 : 0;
      return (4 + 0.5 * batch) * (0.95 + 0.1 * random.nextFloat()) + stalled;
    });
    const fit = model.fit()!;
    expect(fit.baseMs).toBeGreaterThan(3.5);
    expect(fit.baseMs).toBeLessThan(4.5);
    expect(fit.msPerRequest).toBeGreaterThan(0.45);
    expect(fit.msPerRequest).toBeLessThan(0.55);
  });

  it.each([
    ['the batch whose step lands on the SLO', 10, 16],
    ['the batch just under the SLO', 10.2, 16],
    ['one less when the SLO falls short of it', 9.9, 15],
    ['1 when not even one sequence fits', 2.4, 1],
    ['maxBatchSize when everything fits', 1_000, 64],
  ])('largestBatchWithin gives %s', (_name, tbtSloMs, expected) => {
    const model = fedWith((batch) => 2 + 0.5 * batch);
    expect(model.largestBatchWithin(tbtSloMs)).toBe(expected);
    if (expected > 1 && expected < 64) {
      expect(model.predictMs(expected)!).toBeLessThanOrEqual(tbtSloMs);
      expect(model.predictMs(expected + 1)!).toBeGreaterThan(tbtSloMs);
    }
  });

  it('answers 1 before any step, then grows no faster than doubling the largest recent batch', () => {
    const model = new DecodeStepOnlineFit({ maxBatchSize: 64 });
    expect(model.fit()).toBeUndefined();
    expect(model.largestBatchWithin(100)).toBe(1);
    model.record(3, 1);
    expect(model.largestBatchWithin(100)).toBe(6);
  });

  it.each([
    ['a per-sequence cost', 2, 0.5, 10.2, 16],
    ['a large fixed cost', 8, 0.25, 10.2, 8],
    ['a cheap step', 1, 0.0625, 50, 64],
  ])('from cold with %s, reaches the bound within a few steps and never passes the SLO', (_name, baseMs, perSequenceMs, tbtSloMs, bound) => {
    const batches = closedLoop(new DecodeStepOnlineFit({ maxBatchSize: 64 }), baseMs, perSequenceMs, tbtSloMs, 20);
    expect(batches.indexOf(bound)).toBeGreaterThanOrEqual(0);
    expect(batches.indexOf(bound)).toBeLessThan(8);
    expect(batches.slice(8).every((b) => b === bound)).toBe(true);
    batches.forEach((b) => expect(baseMs + perSequenceMs * b).toBeLessThanOrEqual(tbtSloMs));
  });

  it('where one sequence nearly fills the SLO, stays at 1 but for one probe of 2 per window', () => {
    const batches = closedLoop(new DecodeStepOnlineFit({ maxBatchSize: 64, windowSteps: 32 }), 0, 8, 10, 96);
    const probes = batches.filter((b) => b > 1);
    expect(probes).toEqual([2, 2, 2]);
  });

  it('is not held back by a slow first step (JIT warm-up)', () => {
    const model = new DecodeStepOnlineFit({ maxBatchSize: 64 });
    model.record(1, 80);
    const batches = closedLoop(model, 2, 0.5, 10.2, 12);
    expect(batches.slice(-4)).toEqual([16, 16, 16, 16]);
  });

  it('in steady state keeps the slope it learnt, and a GC pause does not move the bound', () => {
    const model = new DecodeStepOnlineFit({ maxBatchSize: 64 });
    closedLoop(model, 2, 0.5, 10.2, 100);
    expect(model.fit()).toEqual({ baseMs: 2, msPerRequest: 0.5, msPerContextToken: 0, slopeFitted: true });
    model.record(16, 250);
    expect(model.largestBatchWithin(10.2)).toBe(16);
  });

  it('in steady state follows a step cost that rises as sequences grow longer', () => {
    const model = new DecodeStepOnlineFit({ maxBatchSize: 64 });
    closedLoop(model, 2, 0.5, 10.2, 100);
    const batches = closedLoop(model, 4, 0.5, 10.2, 40);
    expect(batches.slice(-10).every((b) => b === 12)).toBe(true);
  });

  it.each([
    ['a batch of 0', () => new DecodeStepOnlineFit({ maxBatchSize: 4 }).record(0, 1)],
    ['a negative step time', () => new DecodeStepOnlineFit({ maxBatchSize: 4 }).record(1, -1)],
    ['a maxBatchSize of 0', () => new DecodeStepOnlineFit({ maxBatchSize: 0 })],
    ['a window of one step', () => new DecodeStepOnlineFit({ maxBatchSize: 4, windowSteps: 1 })],
  ])('refuses %s as a bug', (_name, act) => {
    expect(act).toThrow(RangeError);
  });
});
