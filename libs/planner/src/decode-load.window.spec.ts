import { type EngineProfile } from '@tsukimi/scheduler';
import { DecodeLoadWindow } from './decode-load.window';
import { fastSignalsFrom, type InstanceLoad } from './instance.signals';
import { planPools } from './pool.sizer';

const decode = (batchSize: number, routable = true): InstanceLoad => ({ role: 'decode', routable, queuedUncachedTokens: 0, queuedRequests: 0, batchSize, contextTokens: batchSize * 100, kvCapacityBlocks: 100, kvFreeBlocks: 100, blockSizeTokens: 16 });
/** A fitted decode step of 10 ms plus 1 ms per request: what the fast loop fell back on. */
const PROFILE: EngineProfile = { engine: 'spec', blockSizeTokens: 16, blockBytes: 1024, prefill: { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 }, decode: { baseMs: 10, msPerRequest: 1, msPerContextToken: 0 } };

describe('DecodeLoadWindow: inter-token latency per fast tick', () => {
  it.each([
    ['no token went out', [], undefined],
    ['one gap', [42], 42],
    ['the 90th percentile of ten gaps', [5, 1, 9, 3, 7, 2, 8, 4, 6, 100], 9],
    ['of twenty: the 18th smallest', Array.from({ length: 20 }, (_, i) => i + 1), 18],
  ])('%s', (_name, gaps, expected) => {
    const window = new DecodeLoadWindow();
    for (const gap of gaps) window.tokenGap(gap);
    expect(window.takeInterTokenLatencyMs()).toBe(expected);
    expect(window.takeInterTokenLatencyMs()).toBeUndefined();
  });
});

describe('DecodeLoadWindow: output lengths and throughput per slow window', () => {
  it.each([
    ['nothing measured', { outputs: [], gaps: 0, busy: [] }, { outputTokensPerRequest: undefined, decodeTokensPerSPerInstance: undefined }],
    // Two requests of 10 and 30 tokens: 2 first tokens and 38 gaps over two instances busy for 1 s each.
    ['tokens per busy instance-second', { outputs: [10, 30], gaps: 38, busy: [[decode(4), decode(2), decode(0), decode(9, false)], 1000] as const }, { outputTokensPerRequest: 20, decodeTokensPerSPerInstance: 20 }],
    ['an idle pool delivers nothing measurable', { outputs: [8], gaps: 7, busy: [[decode(0)], 1000] as const }, { outputTokensPerRequest: 8, decodeTokensPerSPerInstance: undefined }],
  ])('%s', (_name, { outputs, gaps, busy }, expected) => {
    const window = new DecodeLoadWindow();
    for (let i = 0; i < gaps; i++) window.tokenGap(1);
    for (const tokens of outputs) window.requestFinished(tokens);
    if (busy.length > 0) window.sampleBusy(busy[0]!, busy[1]!);
    expect(window.take()).toEqual(expected);
  });

  it('output lengths are a moving window of the last requests, kept across slow windows; throughput starts over', () => {
    const window = new DecodeLoadWindow(3);
    for (const tokens of [100, 100, 10, 20, 30]) window.requestFinished(tokens);
    window.sampleBusy([decode(1)], 500);
    expect(window.take()).toEqual({ outputTokensPerRequest: 20, decodeTokensPerSPerInstance: 10 });
    expect(window.take()).toEqual({ outputTokensPerRequest: 20, decodeTokensPerSPerInstance: undefined });
  });

  it.each([
    // 4 requests/s of 50 tokens = 200 tokens/s; one busy instance measured 100 tokens/s: 2 at full use, 3 at 80 %.
    ['sized by measured output length and throughput', 4, 50, 100, 3],
    ['longer answers need more instances', 4, 100, 100, 5],
    ['a faster instance needs fewer', 4, 50, 250, 1],
  ])('decode plan: %s', (_name, requestsPerS, outputTokensPerRequest, decodeTokensPerSPerInstance, expected) => {
    const plan = planPools({ requestsPerS, uncachedTokensPerRequest: 0, prefillTokensPerSPerInstance: 1000, outputTokensPerRequest, decodeTokensPerSPerInstance }, 0.8);
    expect(plan.decode).toBe(expected);
  });
});

describe('fastSignalsFrom: decode latency measured, not modelled', () => {
  it.each([
    ['the measured inter-token latency, whatever the model says', [decode(20)], 7, 7],
    ['nothing measured and no batch: no latency', [decode(0)], undefined, 0],
    ['nothing measured while a batch runs: the fitted step time of the busiest', [decode(4), decode(20)], undefined, 30],
  ])('%s', (_name, instances, measuredMs, expected) => {
    expect(fastSignalsFrom(instances, PROFILE, measuredMs).decode?.interTokenLatencyMs).toBe(expected);
  });
});
