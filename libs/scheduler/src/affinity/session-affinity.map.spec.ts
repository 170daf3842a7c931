import { EarlyAdmission } from '../admission/early.admission';
import { instanceId } from '../instance.model';
import { Scheduler } from '../scheduler';
import { cluster, decode, prefill, request8, testProfile, testSchedulerOptions } from '../testing/scheduler.fixtures';
import { SessionAffinity, type SessionAffinityOptions } from './session-affinity.map';

function fixture(options: Partial<SessionAffinityOptions> = {}) {
  const clock = { nowMs: 0, monotonicMs: () => clock.nowMs };
  const affinity = new SessionAffinity(clock, { capacity: 2, ttlMs: 1000, ttftToleranceRatio: 0.2, ttftToleranceMs: 5, ...options });
  return { clock, affinity };
}

describe('SessionAffinity', () => {
  it('remembers the instance of each session until its TTL passes', () => {
    const { clock, affinity } = fixture();
    affinity.record('s1', instanceId('p1'));
    clock.nowMs = 999;
    expect(affinity.instanceFor('s1')).toBe('p1');
    clock.nowMs = 1000;
    expect(affinity.instanceFor('s1')).toBeUndefined();
    expect(affinity.size).toBe(0);
  });

  it('forgets the least recently used session beyond capacity, and expired ones as it goes', () => {
    const { clock, affinity } = fixture();
    affinity.record('s1', instanceId('p1'));
    affinity.record('s2', instanceId('p2'));
    expect(affinity.instanceFor('s1')).toBe('p1');
    affinity.record('s3', instanceId('p3'));
    expect([affinity.instanceFor('s1'), affinity.instanceFor('s2'), affinity.instanceFor('s3')]).toEqual(['p1', undefined, 'p3']);
    clock.nowMs = 5000;
    affinity.record('s4', instanceId('p4'));
    expect(affinity.size).toBe(1);
  });

  it.each([
    [110, 100, true],
    [120, 100, true],
    [121, 100, false],
    [14, 10, true],
    [16, 10, false],
  ])('keeps a session at %i ms against a best of %i ms: %s', (candidate, best, expected) => {
    expect(fixture().affinity.withinTolerance(candidate, best)).toBe(expected);
  });
});

describe('session affinity in the scheduler', () => {
  function scheduler(affinity: SessionAffinity) {
    return new Scheduler(testSchedulerOptions('kvcache-centric', { sessions: affinity }));
  }

  it('keeps a session on its previous instance while that is within tolerance of the best, and moves it when not', () => {
    const { affinity } = fixture();
    const s = scheduler(affinity);
    const turn = request8({ sessionId: 'chat' });
    expect(s.decide(turn, cluster([prefill('p1'), prefill('p2', 10)], [decode('d1')]))).toMatchObject({ prefill: 'p1', chosenBy: 'policy' });
    // p1 now has 20 ms queued (156 ms) against p2's 10 ms (146 ms): within 20%.
    expect(s.decide(turn, cluster([prefill('p1', 20), prefill('p2', 10)], [decode('d1')]))).toMatchObject({ prefill: 'p1', chosenBy: 'session-affinity', estimate: { ttftMs: 156 } });
    // 100 ms queued is not: the session moves, and stays where it went.
    expect(s.decide(turn, cluster([prefill('p1', 100), prefill('p2', 10)], [decode('d1')]))).toMatchObject({ prefill: 'p2', chosenBy: 'policy' });
    expect(affinity.instanceFor('chat')).toBe('p2');
  });

  it('never keeps a session where it would miss the TTFT target the best instance meets', () => {
    const { affinity } = fixture();
    affinity.record('chat', instanceId('p1'));
    const s = new Scheduler(testSchedulerOptions('kvcache-centric', { sessions: affinity, slo: { ttftMs: 150, tbtMs: 1000 }, admission: new EarlyAdmission() }));
    // p1 at 156 ms is within 20% of p2's 146 ms but over the 150 ms target.
    expect(s.decide(request8({ sessionId: 'chat' }), cluster([prefill('p1', 20), prefill('p2', 10)], [decode('d1')]))).toMatchObject({ kind: 'route', prefill: 'p2', chosenBy: 'policy' });
  });

  it('ignores a previous instance that cannot take work, and sessions of other requests', () => {
    const { affinity } = fixture();
    affinity.record('chat', instanceId('p1'));
    const s = scheduler(affinity);
    expect(s.decide(request8({ sessionId: 'chat' }), cluster([prefill('p1', 0, 0, false), prefill('p2')], [decode('d1')]))).toMatchObject({ prefill: 'p2' });
    expect(s.decide(request8({ sessionId: 'other' }), cluster([prefill('p3'), prefill('p4')], [decode('d1')]))).toMatchObject({ prefill: 'p3', chosenBy: 'policy' });
  });

  it.each(['round-robin', 'least-loaded'] as const)('under %s, keeps a session on its previous instance when that is also the best', (policy) => {
    const { affinity } = fixture();
    affinity.record('chat', instanceId('p1'));
    const s = new Scheduler(testSchedulerOptions(policy, { sessions: affinity }));
    for (let turn = 0; turn < 3; turn++) expect(s.decide(request8({ sessionId: 'chat' }), cluster([prefill('p1'), prefill('p2')], [decode('d1')]))).toMatchObject({ prefill: 'p1' });
  });

  it('keeps a session run whole on the decode instance of its previous turn while that can take work', () => {
    const { affinity } = fixture();
    const s = scheduler(affinity);
    const turn = request8({ sessionId: 'chat' });
    expect(s.decideLocal(turn, cluster([], [decode('d1'), decode('d2', 1)]))).toMatchObject({ kind: 'local', decode: 'd1' });
    // d1 is now the busier one, but holds the session's KV.
    expect(s.decideLocal(turn, cluster([], [decode('d1', 2), decode('d2', 1)]))).toMatchObject({ kind: 'local', decode: 'd1' });
    expect(s.decideLocal(request8({ sessionId: 'other' }), cluster([], [decode('d1', 2), decode('d2', 1)]))).toMatchObject({ kind: 'local', decode: 'd2' });
    // At its in-flight limit it takes no more: the session moves, and stays where it went.
    const full = testSchedulerOptions('kvcache-centric', { sessions: affinity }).maxInFlightPerInstance;
    expect(s.decideLocal(turn, cluster([], [decode('d1', full), decode('d2', 1)]))).toMatchObject({ kind: 'local', decode: 'd2' });
    expect(affinity.instanceFor('chat')).toBe('d2');
  });

  it('without estimates, keeps the session wherever its instance can take work', () => {
    const { affinity } = fixture();
    affinity.record('chat', instanceId('p2'));
    const s = new Scheduler({ prefill: testProfile('prefill', 'round-robin', affinity), decode: testProfile('decode', 'round-robin'), maxInFlightPerInstance: 8, retryAfterMs: 100, sessions: affinity });
    const snapshot = cluster([prefill('p1'), prefill('p2'), prefill('p3')], [decode('d1')]);
    expect([1, 2, 3].map(() => s.decide(request8({ sessionId: 'chat' }), snapshot)).map((d) => d.kind === 'route' && d.prefill)).toEqual(['p2', 'p2', 'p2']);
  });
});
