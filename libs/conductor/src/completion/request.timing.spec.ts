import { RequestTiming } from './request.timing';

describe('RequestTiming', () => {
  it('reports the TTFT with the request first token only', () => {
    const timing = new RequestTiming(1_000);
    expect(timing.ttftMs).toBeUndefined();
    expect(timing.token(0, 1_120)).toEqual({ ttftMs: 120, gapMs: undefined });
    expect(timing.token(1, 1_130)).toEqual({ ttftMs: undefined, gapMs: undefined });
    expect(timing.token(0, 1_150)).toEqual({ ttftMs: undefined, gapMs: 30 });
    expect(timing.ttftMs).toBe(120);
  });

  it('reports the queue wait with the request\'s first prefill call only', () => {
    const timing = new RequestTiming(1_000);
    expect(timing.dispatched(1_004)).toBe(4);
    expect(timing.dispatched(1_090)).toBeUndefined();
  });

  it('gives each token after a choice\'s first its gap within that choice', () => {
    const timing = new RequestTiming(0);
    const gaps = ([[0, 100], [1, 105], [0, 130], [1, 160], [0, 131]] as const).map(([index, at]) => timing.token(index, at).gapMs);
    expect(gaps).toEqual([undefined, undefined, 30, 55, 1]);
  });

  it('takes the longest gap within each choice, never across choices', () => {
    const timing = new RequestTiming(0);
    // Choice 1 starts 500 ms after choice 0: that is not an inter-token gap of either.
    for (const [index, at] of [[0, 100], [0, 130], [1, 600], [0, 210], [1, 640], [1, 650]] as const) timing.token(index, at);
    expect(timing.latency()).toEqual({ ttftMs: 100, maxGapMs: 80 });
  });

  it('gives each choice of two tokens or more its mean time per output token', () => {
    const timing = new RequestTiming(0);
    for (const [index, at] of [[0, 100], [0, 130], [0, 190], [1, 300], [2, 400], [2, 410]] as const) timing.token(index, at);
    expect(timing.timePerOutputTokenMs()).toEqual([45, 10]);
  });

  it('has no gap and no TTFT before any token', () => {
    expect(new RequestTiming(0).latency()).toEqual({ ttftMs: undefined, maxGapMs: 0 });
  });
});
