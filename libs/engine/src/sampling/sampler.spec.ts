import { argmax, sampleToken } from './sampler';
import { GREEDY, type SamplingParams } from './sampling-params';
import { stepUniform } from './step-random';

const params = (p: Partial<SamplingParams>): SamplingParams => ({ ...GREEDY, ...p });

describe('sampler', () => {
  it.each([
    [[0.1, 0.7, 0.2], 1],
    [[5, 5, 1], 0],
    [[-3, -1, -2], 1],
  ])('argmax of %j is %i (lowest id on ties)', (logits, expected) => {
    expect(argmax(logits)).toBe(expected);
  });

  it('is greedy at temperature 0 whatever the seed', () => {
    expect(sampleToken([1, 3, 2], params({ temperature: 0, seed: 99 }), 4)).toBe(1);
  });

  it('draws the same token for the same seed and step, and varies across steps', () => {
    const logits = Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const p = params({ temperature: 1, seed: 1234 });
    const draws = Array.from({ length: 40 }, (_, step) => sampleToken(logits, p, step));
    expect(Array.from({ length: 40 }, (_, step) => sampleToken(logits, p, step))).toEqual(draws);
    expect(new Set(draws).size).toBeGreaterThan(5);
  });

  it('top-k 1 is greedy', () => {
    const logits = [0.5, 2, 1.9, -1];
    for (let step = 0; step < 20; step++) expect(sampleToken(logits, params({ temperature: 1.5, topK: 1, seed: step }), step)).toBe(1);
  });

  it('top-p keeps only the nucleus', () => {
    // softmax([3, 2.9, -5, -5]) puts >99.9% on the first two tokens.
    const logits = [3, 2.9, -5, -5];
    const seen = new Set<number>();
    for (let step = 0; step < 200; step++) seen.add(sampleToken(logits, params({ temperature: 1, topP: 0.9, seed: 7 }), step));
    expect([...seen].sort()).toEqual([0, 1]);
  });

  it('samples in proportion to the probabilities', () => {
    const logits = [Math.log(0.7), Math.log(0.2), Math.log(0.1)];
    const counts = [0, 0, 0];
    const n = 20000;
    for (let step = 0; step < n; step++) counts[sampleToken(logits, params({ temperature: 1, seed: 42 }), step)]!++;
    expect(counts[0]! / n).toBeCloseTo(0.7, 1);
    expect(counts[1]! / n).toBeCloseTo(0.2, 1);
    expect(counts[2]! / n).toBeCloseTo(0.1, 1);
  });

  it('stepUniform stays in [0, 1) and differs by seed', () => {
    for (let step = 0; step < 1000; step++) {
      const u = stepUniform(2 ** 40 + 3, step);
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(1);
    }
    expect(stepUniform(1, 0)).not.toBe(stepUniform(2, 0));
    expect(stepUniform(2 ** 33, 0)).not.toBe(stepUniform(2 ** 34, 0));
  });
});
