import { tbtMs, withinSlo } from './slo.model';

describe('TBT as the Mooncake paper defines it', () => {
  it.each([
    { intervals: [], tbt: 0 },
    { intervals: [40], tbt: 40 },
    // Ten intervals: the longest one.
    { intervals: [10, 10, 10, 10, 10, 10, 10, 10, 10, 90], tbt: 90 },
    // Eleven: ceil(1.1) = 2 longest, (90 + 50) / 2, in whatever order they came.
    { intervals: [50, 10, 10, 10, 90, 10, 10, 10, 10, 10, 10], tbt: 70 },
    // Twenty: the two longest.
    { intervals: [...Array<number>(18).fill(20), 100, 60], tbt: 80 },
  ])('is the mean of the longest 10% of $intervals.length intervals', ({ intervals, tbt }) => {
    expect(tbtMs(intervals)).toBe(tbt);
  });

  it.each([
    { ttft: 30_000, tbt: 100, within: true },
    { ttft: 30_001, tbt: 100, within: false },
    { ttft: 10, tbt: 100.5, within: false },
  ])('TTFT $ttft ms and TBT $tbt ms against 30 s and 100 ms: $within', ({ ttft, tbt, within }) => {
    expect(withinSlo(ttft, tbt, { ttftMs: 30_000, tbtMs: 100 })).toBe(within);
  });
});
