import { builtinPlugins, createScheduler, parameterless, type ScorerFactory, type SchedulerProfileConfig, type SchedulerSettings } from '../index';
import { cluster, decode, keysOf, prefill, request8 } from '../testing/scheduler.fixtures';

/** A plugin as a third party writes it, against the library's public API only: prefers instances whose id ends in an even number. */
const evenIdScorer: ScorerFactory = {
  kind: 'scorer',
  type: 'even-id',
  create: parameterless(() => ({
    type: 'even-id',
    score: (_ctx, candidates) => candidates.map((c) => (Number(/\d+$/.exec(c.id)?.[0]) % 2 === 0 ? 1 : 0)),
  })),
};

const settings: SchedulerSettings = { policy: 'kvcache-centric', decodePolicy: 'kvcache-centric', maxInFlightPerInstance: 8, retryAfterMs: 100 };

/** The default profiles with the third-party scorer added beside Algorithm 1 on both roles. */
function withEvenIds(weight: number): SchedulerProfileConfig {
  return {
    prefill: { scorers: [{ type: 'kvcache-centric' }, { type: 'even-id', weight }], picker: { type: 'max-score' } },
    decode: { filters: [{ type: 'tbt-slo' }], scorers: [{ type: 'least-loaded' }, { type: 'even-id', weight }], picker: { type: 'max-score' } },
  };
}

describe('a third-party plugin', () => {
  const snapshot = cluster([prefill('p1'), prefill('p2', 40), prefill('p3')], [decode('d1'), decode('d2', 1), decode('d3')]);
  const decide = (profile?: SchedulerProfileConfig) => {
    const created = createScheduler({ ...settings, ...(profile ? { profile, plugins: builtinPlugins().register(evenIdScorer) } : {}) });
    if (!created.ok) throw new Error(created.error.message);
    return created.value.decide(request8({}, keysOf(8)), snapshot);
  };

  it('changes decisions through the profile alone, weighed against the built-in scorers', () => {
    // Without it: the idle instances with the lowest ids.
    expect(decide()).toMatchObject({ kind: 'route', prefill: 'p1', decode: 'd1' });
    // Weighted above the load and TTFT differences: the even ids, though busier.
    expect(decide(withEvenIds(2))).toMatchObject({ kind: 'route', prefill: 'p2', decode: 'd2' });
    // Weighted below them: the idle, odd-numbered instances still win.
    expect(decide(withEvenIds(0.1))).toMatchObject({ kind: 'route', prefill: 'p1', decode: 'd1' });
  });

  it('is unknown to a scheduler whose registry it was not added to, which the error names', () => {
    expect(createScheduler({ ...settings, profile: withEvenIds(1) })).toMatchObject({
      ok: false,
      error: { key: 'profile.prefill.scorers[1].type', message: expect.stringContaining('unknown plugin type "even-id"') },
    });
  });
});
