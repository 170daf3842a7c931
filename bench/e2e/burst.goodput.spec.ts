import { aloneBaseline, meetsSlo, sloAt, summarizeBurst } from './burst.goodput';
import { type StreamTiming } from './streamed-completion';

const timing = (ttftMs: number, gapsMs: number[], promptTokens = 100, cachedTokens = 0): StreamTiming => ({ ttftMs, gapsMs, completionTokens: gapsMs.length + 1, promptTokens, cachedTokens, firstText: 'a' });

describe('shared-prefix burst goodput', () => {
  it('sets the SLOs at a multiple of the median TTFT and the median longest gap of requests alone', () => {
    expect(sloAt(aloneBaseline([timing(10, [1, 3]), timing(30, [2, 2]), timing(20, [5, 1])]), 4)).toEqual({ ttftMs: 80, tbtMs: 12 });
  });

  it.each([
    [timing(50, [5, 5]), true],
    [timing(51, [5, 5]), false],
    [timing(50, [5, 11]), false],
    [timing(50, []), true],
  ])('judges a request by its TTFT and its every gap (%#)', (t, within) => {
    expect(meetsSlo(t, { ttftMs: 50, tbtMs: 10 })).toBe(within);
  });

  it('counts failed requests as sent and missed at each multiple, and the cached share over the answered prompts', () => {
    const timings = [timing(10, [1], 100, 50), timing(90, [1], 100, 100), undefined, timing(10, [20], 200, 0)];
    const summary = summarizeBurst(timings, { ttftMs: 25, tbtMs: 5 }, [2, 4], 2);
    expect(summary).toMatchObject({ requests: 4, failed: 1, cached_share: 0.375, ttft_ms_p50: 10, ttft_ms_p90: 90 });
    expect(summary).toMatchObject({ within_slo_2x: 1, goodput_rps_2x: 0.5, within_slo_4x: 3, goodput_rps_4x: 1.5 });
  });
});
