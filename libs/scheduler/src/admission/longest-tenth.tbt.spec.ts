import { longestTenthTbtMs } from './longest-tenth.tbt';

describe('TBT as the mean of the longest tenth of the intervals, the handoff one of them', () => {
  it.each([
    // handoff, step, tokens, expected: 15 intervals → the 2 longest; 100 tokens → the 10 longest.
    [30, 10, 16, 20],
    [300, 10, 100, 39],
    [300, 10, 2, 300],
    [5, 10, 16, 10],
  ])('a %i ms handoff with %i ms steps over %i tokens is %f ms', (handoffMs, stepMs, tokens, expected) => {
    expect(longestTenthTbtMs(handoffMs, stepMs, tokens)).toBeCloseTo(expected);
  });
});
