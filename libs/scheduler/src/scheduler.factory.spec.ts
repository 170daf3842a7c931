import { instanceId } from './instance.model';
import { builtinPlugins } from './plugins/builtin.plugins';
import { POLICY_NAMES } from './profile/profile.flags';
import { createScheduler, type SchedulerSettings } from './scheduler.factory';
import { cluster, decode, emptyIndex, keysOf, prefill } from './testing/scheduler.fixtures';

const base: SchedulerSettings = { policy: 'kvcache-centric', decodePolicy: 'kvcache-centric', maxInFlightPerInstance: 8, retryAfterMs: 250 };

describe('policy registry', () => {
  it('offers every policy by name, each buildable without options', () => {
    expect(POLICY_NAMES).toEqual(['round-robin', 'least-loaded', 'prefix-aware', 'kvcache-centric']);
    for (const name of POLICY_NAMES) {
      const created = createScheduler({ ...base, policy: name, decodePolicy: name });
      expect(created.ok && created.value.decide({ blockKeys: keysOf(1), promptTokens: 16, maxTokens: 1 }, cluster([prefill('p1')], [decode('d1')]))).toMatchObject({ policy: name });
    }
    expect(builtinPlugins().types).toEqual(expect.arrayContaining([...POLICY_NAMES, 'tbt-slo', 'session-affinity', 'max-score']));
  });
});

describe('createScheduler', () => {
  it('builds a working scheduler from names, with stand-in estimators when no profile is given', () => {
    const created = createScheduler({ ...base, admission: 'predictive', slo: { ttftMs: 2000, tbtMs: 100 } });
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const keys = keysOf(512);
    const index = emptyIndex();
    index.reportDevice(instanceId('p2'), keys.slice(0, 400));
    const decision = created.value.decide({ blockKeys: keys, promptTokens: 8192, maxTokens: 64 }, cluster([prefill('p1'), prefill('p2')], [decode('d1')], index));
    expect(decision).toMatchObject({ kind: 'route', prefill: 'p2', policy: 'kvcache-centric', cachedBlocks: 400 });
  });

  it('passes the profile, bandwidths and threshold on to the estimators', () => {
    const created = createScheduler({
      ...base,
      policy: 'round-robin',
      estimators: {
        profile: { engine: 't', blockSizeTokens: 16, blockBytes: 1000, prefill: { baseMs: 0, msPerComputedToken: 1, msPerAttendedPair: 0 }, decode: { baseMs: 1, msPerRequest: 0, msPerContextToken: 0 } },
        bandwidthBytesPerS: { dram: 1e6 },
        msPerQueuedToken: 2,
      },
    });
    const snapshot = cluster([prefill('p1', 5)], [decode('d1')]);
    const decision = created.ok && created.value.decide({ blockKeys: keysOf(2), promptTokens: 40, maxTokens: 1 }, snapshot);
    expect(decision).toMatchObject({ kind: 'route', estimate: { ttftMs: 50, queueMs: 10, prefillMs: 40 } });
  });

  it.each([
    ['an admission policy that needs targets without them', { admission: 'early' }, 'slo'],
    ['an unknown admission policy', { admission: 'strict' }, 'admission'],
    ['an unknown policy', { policy: 'random' }, 'policy'],
    ['a zero in-flight limit', { maxInFlightPerInstance: 0 }, 'maxInFlightPerInstance'],
    ['a negative TBT target', { slo: { ttftMs: 1, tbtMs: -1 } }, 'slo.tbtMs'],
    ['a balance threshold under 1', { estimators: { kvcacheBalanceThreshold: 0.5 } }, 'estimators.kvcacheBalanceThreshold'],
    ['a zero SSD bandwidth', { estimators: { bandwidthBytesPerS: { ssd: 0 } } }, 'estimators.bandwidthBytesPerS.ssd'],
    ['a zero priority scale', { prioritySloScale: { low: 0 } }, 'prioritySloScale.low'],
    ['a fair-share factor under 1', { fairness: { overShareFactor: 0.5 } }, 'fairness.overShareFactor'],
    ['a fractional session capacity', { sessionAffinity: { clock: { monotonicMs: () => 0 }, capacity: 1.5 } }, 'sessionAffinity.capacity'],
  ])('refuses %s, naming the setting', (_name, change, key) => {
    expect(createScheduler({ ...base, ...(change as Partial<SchedulerSettings>) })).toMatchObject({ ok: false, error: { kind: 'invalid-scheduler-settings', key } });
  });
});
