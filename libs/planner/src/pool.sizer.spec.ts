import { planPools } from './pool.sizer';

const load = { requestsPerS: 10, uncachedTokensPerRequest: 1000, outputTokensPerRequest: 100, prefillTokensPerSPerInstance: 5000, decodeTokensPerSPerInstance: 400 };

describe('planPools (at 70% of measured throughput)', () => {
  it.each([
    // 10k uncached tok/s over 3.5k per instance; 1k output tok/s over 280 per instance
    ['the offered load', load, { prefill: 3, decode: 4 }],
    ['half the load', { ...load, requestsPerS: 5 }, { prefill: 2, decode: 2 }],
    ['a better cache needs fewer prefill instances, the same decode', { ...load, uncachedTokensPerRequest: 250 }, { prefill: 1, decode: 4 }],
    ['no load', { ...load, requestsPerS: 0 }, { prefill: 0, decode: 0 }],
    ['no throughput measured yet: no plan', { ...load, prefillTokensPerSPerInstance: 0 }, { prefill: undefined, decode: 4 }],
    ['an exact multiple does not round up', { ...load, requestsPerS: 7, prefillTokensPerSPerInstance: 1000 }, { prefill: 10, decode: 3 }],
  ])('%s', (_name, signals, want) => {
    expect(planPools(signals, 0.7)).toEqual(want);
  });
});
