import { type InstanceId } from '@tsukimi/scheduler';
import { type CircuitOptions } from './circuit.options';
import { InstanceCircuits } from './instance-circuits';

const options: CircuitOptions = { windowMs: 1000, errorRate: 0.5, minCalls: 4, consecutiveTimeouts: 2, coolDownMs: 500 };
const d1 = 'd1' as InstanceId;
const d2 = 'd2' as InstanceId;

describe('InstanceCircuits', () => {
  function circuits() {
    let nowMs = 0;
    const told: string[] = [];
    const all = new InstanceCircuits(options, () => nowMs, {
      transitioned: (id, role, t) => told.push(`${id} ${role} ${t.from}->${t.to} ${t.reason}`),
    });
    all.track(d1, 'decode');
    all.track(d2, 'decode');
    return { all, told, wait: (ms: number) => (nowMs += ms) };
  }

  it('opens one instance\'s circuit alone; it is not routable, the other is', () => {
    const { all, told } = circuits();
    all.record(d1, 'timeout');
    all.record(d1, 'timeout');
    expect([all.routable(d1), all.routable(d2)]).toEqual([false, true]);
    expect(told).toEqual(['d1 decode closed->open timeouts']);
  });

  it('a probe past the cool-down is the trial: routing waits for it, and its success closes the circuit', () => {
    const { all, told, wait } = circuits();
    all.record(d1, 'timeout');
    all.record(d1, 'timeout');
    expect(all.probeTrial(d1)).toBe(false);
    wait(500);
    expect(all.probeTrial(d1)).toBe(true);
    expect([all.state(d1), all.routable(d1)]).toEqual(['half-open', false]);
    expect(all.probeTrial(d1)).toBe(false);
    all.record(d1, 'success');
    expect([all.state(d1), all.routable(d1)]).toEqual(['closed', true]);
    expect(told.slice(1)).toEqual(['d1 decode open->half-open cool-down', 'd1 decode half-open->closed trial-succeeded']);
  });

  it('a probe of a closed circuit is no trial, and an instance never tracked is closed', () => {
    const { all } = circuits();
    expect(all.probeTrial(d1)).toBe(false);
    all.record('gone' as InstanceId, 'timeout');
    expect([all.state('gone' as InstanceId), all.routable('gone' as InstanceId)]).toEqual(['closed', true]);
  });
});
