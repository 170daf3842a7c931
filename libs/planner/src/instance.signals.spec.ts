import { type EngineProfile } from '@tsukimi/scheduler';
import { fastSignalsFrom, type InstanceLoad, prefillTokensPerS } from './instance.signals';
import { LoadMeter } from './load.meter';

/** 1 ms per computed token and nothing else: 1000 tokens/s. A decode step of 10 ms plus 1 ms per request. */
const PROFILE: EngineProfile = {
  engine: 'spec',
  blockSizeTokens: 16,
  blockBytes: 1024,
  prefill: { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 },
  decode: { baseMs: 10, msPerRequest: 1, msPerContextToken: 0 },
};

const load = (over: Partial<InstanceLoad>): InstanceLoad => ({ role: 'prefill', routable: true, queuedUncachedTokens: 0, queuedRequests: 0, batchSize: 0, contextTokens: 0, kvCapacityBlocks: 100, blockSizeTokens: 16, ...over });

describe('fastSignalsFrom', () => {
  it('counts routable instances, sums the prefill queue, takes the busiest decode step and pools KV use', () => {
    const signals = fastSignalsFrom(
      [
        load({ queuedUncachedTokens: 300 }),
        load({ queuedUncachedTokens: 200 }),
        load({ routable: false, queuedUncachedTokens: 10_000 }),
        load({ role: 'decode', batchSize: 4, contextTokens: 800, kvFreeBlocks: 50 }),
        load({ role: 'decode', batchSize: 20, contextTokens: 1600 }),
      ],
      PROFILE,
    );
    expect(signals).toEqual({
      prefill: { replicas: 2, queuedUncachedTokens: 500, tokensPerSPerInstance: 1000 },
      decode: { replicas: 2, kvUsedRatio: (50 + 100) / 200, interTokenLatencyMs: 30 },
    });
  });

  it('no routable instance of a role, or no profile for prefill: no signal', () => {
    expect(fastSignalsFrom([load({ routable: false })], PROFILE)).toEqual({});
    expect(fastSignalsFrom([load({}), load({ role: 'decode', kvFreeBlocks: 100 })], undefined)).toEqual({ decode: { replicas: 1, kvUsedRatio: 0, interTokenLatencyMs: 0 } });
  });

  it('prefill throughput from the coefficients, attention pairs included', () => {
    expect(prefillTokensPerS({ ...PROFILE, prefill: { baseMs: 24, msPerComputedToken: 0, msPerAttendedPair: 0 } }, 48)).toBe(2000);
    expect(prefillTokensPerS({ ...PROFILE, prefill: { baseMs: 0, msPerComputedToken: 0, msPerAttendedPair: 1 } }, 3)).toBe(500);
  });
});

describe('LoadMeter', () => {
  it('gives the window\'s request rate and mean uncached tokens, then starts a new window', () => {
    const meter = new LoadMeter(0);
    for (let i = 0; i < 120; i++) meter.requestScheduled();
    meter.sampleUncachedTokens(100);
    meter.sampleUncachedTokens(500, 2);
    expect(meter.take(60_000)).toEqual({ requestsPerS: 2, uncachedTokensPerRequest: 200 });
    expect(meter.take(120_000)).toEqual({ requestsPerS: 0, uncachedTokensPerRequest: undefined });
    expect(meter.take(120_000)).toBeUndefined();
  });
});
