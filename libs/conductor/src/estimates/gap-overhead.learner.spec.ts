import { GapOverheadLearner } from './gap-overhead.learner';

/** Feeds `rounds` streams, each predicted at `engineMs` plus the overhead applied then, that saw `gapMs(streams)`. */
function learn(learner: GapOverheadLearner, rounds: number, engineMs: number, streamsOf: (i: number) => number, gapMs: (streams: number, i: number) => number): void {
  for (let i = 0; i < rounds; i++) {
    const streams = streamsOf(i);
    const { gapMs: fixed, gapMsPerStream } = learner.overhead;
    learner.observe(engineMs + fixed + gapMsPerStream * streams, gapMs(streams, i), streams);
  }
}

describe('GapOverheadLearner', () => {
  it.each([
    ['gaps as predicted', (n: number) => 1 + 0 * n, { gapMs: 0, gapMsPerStream: 0 }],
    ['a steady 12 ms over, whatever the streams', (_n: number) => 13, { gapMs: 12, gapMsPerStream: 0 }],
    ['4 ms a gap and 3 ms a stream over', (n: number) => 1 + 4 + 3 * n, { gapMs: 4, gapMsPerStream: 3 }],
  ])('%s', (_name, gapMs, expected) => {
    const learner = new GapOverheadLearner();
    learn(learner, 64, 1, (i) => 1 + (i % 6), gapMs);
    expect(learner.overhead.gapMs).toBeCloseTo(expected.gapMs, 6);
    expect(learner.overhead.gapMsPerStream).toBeCloseTo(expected.gapMsPerStream, 6);
  });

  it('covers the upper tail of what the fit leaves over, not the typical gap', () => {
    const learner = new GapOverheadLearner();
    learn(learner, 64, 1, () => 2, (_n, i) => (i % 8 === 0 ? 21 : 3));
    expect(learner.overhead.gapMs + 2 * learner.overhead.gapMsPerStream).toBeCloseTo(20, 6);
  });

  it('gives back what it learnt when gaps shrink, never going below nothing', () => {
    const learner = new GapOverheadLearner();
    learn(learner, 16, 1, (i) => 1 + (i % 3), () => 31);
    expect(learner.overhead.gapMs).toBeCloseTo(30, 6);
    learn(learner, 32, 1, (i) => 1 + (i % 3), () => 1);
    // Down to what a refit is not worth: under a millisecond at the streams seen.
    expect(learner.overhead.gapMs).toBe(0);
    expect(learner.overhead.gapMsPerStream * 3).toBeLessThan(1);
  });

  it('waits for enough samples and ignores ones that cannot be', () => {
    const learner = new GapOverheadLearner(0.9, 3, 8);
    expect(learner.observe(1, 21, 1)).toBeUndefined();
    expect(learner.observe(-1, 21, 1)).toBeUndefined();
    expect(learner.observe(1, Number.NaN, 1)).toBeUndefined();
    expect(learner.observe(1, 21, 0)).toBeUndefined();
    expect(learner.observe(1, 21, 1)).toBeUndefined();
    expect(learner.observe(1, 21, 1)).toEqual({ gapMs: 20, gapMsPerStream: 0 });
  });
});
