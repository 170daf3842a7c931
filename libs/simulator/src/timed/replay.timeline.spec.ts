import { expectOk } from '@tsukimi/result';
import { chunked, traceText } from '../testing/generated.trace';
import { ROUND_MODEL, ROUND_NODE } from '../testing/round-numbers.sheets';
import { readTrace } from '../trace/trace.reader';
import { cdfOf, MAX_CHART_POINTS, TimelineRecorder } from './replay.timeline';
import { compileTimedReplayOptions } from './timed-replay.options';
import { replayTimed } from './timed.replay';

describe('cdfOf', () => {
  it.each([
    { values: [], points: [] },
    { values: [5], points: [{ valueMs: 5, share: 1 }] },
    { values: [1, 2, 4], points: [{ valueMs: 1, share: 1 / 3 }, { valueMs: 2, share: 2 / 3 }, { valueMs: 4, share: 1 }] },
  ])('one point per value while they are few ($values)', ({ values, points }) => {
    expect(cdfOf(values)).toEqual(points);
  });

  it('at most MAX_CHART_POINTS evenly spaced ranks, ending at the maximum with share 1', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i);
    const points = cdfOf(values);
    expect(points).toHaveLength(MAX_CHART_POINTS);
    expect(points[0]).toEqual({ valueMs: 4, share: 5 / 1000 });
    expect(points[points.length - 1]).toEqual({ valueMs: 999, share: 1 });
  });
});

describe('TimelineRecorder', () => {
  it('merges its buckets into at most MAX_CHART_POINTS intervals, summing before dividing', () => {
    const recorder = new TimelineRecorder(1000);
    // 400 one-second buckets merge two by two: blocks 1 of 2 in the first second, 3 of 4 in the second.
    recorder.blocks(0, 1, 2);
    recorder.blocks(1500, 3, 4);
    recorder.load(1500, 2, 6);
    recorder.load(399_000, 0, 0);
    const { intervalMs, points } = recorder.points(false);
    expect(intervalMs).toBe(2000);
    expect(points).toHaveLength(MAX_CHART_POINTS);
    expect(points[0]).toEqual({ startMs: 0, hitRatio: 4 / 6, prefillLoad: 2, decodeLoad: 6 });
    expect(points[1]).toEqual({ startMs: 2000, hitRatio: null, prefillLoad: null, decodeLoad: null });
    expect(recorder.points(true).points[0]!.decodeLoad).toBeNull();
  });
});

describe('the timeline of a timed replay, worked out by hand', () => {
  it('one coupled instance: CDFs of every request, hit ratio and load per second of simulated time', async () => {
    // As in the closed-form replay test without chunked prefill: A (0 ms) and B (5 ms) are fresh, C (1000 ms) repeats A's two blocks.
    // TTFTs 26.004, 47.008 and 0.03 ms; at B's arrival A is in flight, at A's and C's nothing is.
    const requests = [
      { timestampMs: 0, inputLengthTokens: 1000, outputLengthTokens: 3, hashIds: [1, 2] },
      { timestampMs: 5, inputLengthTokens: 1000, outputLengthTokens: 2, hashIds: [3, 4] },
      { timestampMs: 1000, inputLengthTokens: 1000, outputLengthTokens: 1, hashIds: [1, 2] },
    ];
    const options = expectOk(compileTimedReplayOptions({ architecture: 'coupled', model: ROUND_MODEL, hardware: ROUND_NODE, nodes: 1, ttftSloMs: 40, tbtSloMs: 20, chunkedPrefillTokens: 0 }), 'options');
    const { timeline } = expectOk(await replayTimed(readTrace(chunked(traceText(requests), 7)), options), 'replay');
    expect(timeline.ttftCdf.map((p) => p.share)).toEqual([1 / 3, 2 / 3, 1]);
    expect(timeline.ttftCdf[0]!.valueMs).toBeCloseTo(0.03, 9);
    expect(timeline.ttftCdf[2]!.valueMs).toBeCloseTo(2 * 26.004 - 5, 9);
    expect(timeline.tbtCdf).toHaveLength(3);
    expect(timeline.intervalMs).toBe(1000);
    expect(timeline.points).toEqual([
      { startMs: 0, hitRatio: 0, prefillLoad: 0.5, decodeLoad: null },
      { startMs: 1000, hitRatio: 1, prefillLoad: 0, decodeLoad: null },
    ]);
  });
});
