import { GapOverheadLearner } from './gap-overhead.learner';

describe('GapOverheadLearner', () => {
  it.each([
    ['gaps as predicted', [[5, 5]], 0],
    ['gaps a steady 12 ms over a small prediction', [[0.2, 12.2]], 12],
    ['gaps half a millisecond over: not worth a refit', [[4, 4.5]], 0],
    ['the upper tail followed, not the typical gap', [[1, 3], [1, 3], [1, 3], [1, 3], [1, 3], [1, 3], [1, 3], [1, 3], [1, 3], [1, 21]], 20],
  ])('%s: %f ms', (_name, pairs, overheadMs) => {
    const learner = new GapOverheadLearner();
    for (let i = 0; i < 30; i++) {
      const [predictedMs, gapMs] = pairs[i % pairs.length]!;
      learner.observe(predictedMs! + learner.overheadMs, gapMs!);
    }
    expect(learner.overheadMs).toBeCloseTo(overheadMs, 6);
  });

  it('gives back what it learnt when gaps shrink, never going below nothing', () => {
    const learner = new GapOverheadLearner(0.9, 2, 4);
    for (let i = 0; i < 4; i++) learner.observe(1 + learner.overheadMs, 31);
    expect(learner.overheadMs).toBeCloseTo(30, 6);
    for (let i = 0; i < 8; i++) learner.observe(1 + learner.overheadMs, 1);
    expect(learner.overheadMs).toBe(0);
  });

  it('waits for enough samples and ignores ones that cannot be', () => {
    const learner = new GapOverheadLearner(0.9, 3, 8);
    expect(learner.observe(1, 20)).toBeUndefined();
    expect(learner.observe(-1, 20)).toBeUndefined();
    expect(learner.observe(1, Number.NaN)).toBeUndefined();
    expect(learner.observe(1, 20)).toBeUndefined();
    expect(learner.observe(1, 20)).toBe(19);
  });
});
