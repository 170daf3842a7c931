import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { DevicePrefixIndex } from './index/device-prefix.index';
import { instanceId, type InstanceSnapshot } from './instance.model';
import { type PolicyName } from './profile/profile.flags';
import { SchedulingContext } from './profile/scheduling.context';
import { type ClusterSnapshot, type ScheduleRequest } from './schedule.model';
import { Scheduler } from './scheduler';
import { testProfile, testSchedulerOptions } from './testing/scheduler.fixtures';

const keys: BlockKey[] = [1n, 2n, 3n, 4n].map(blockKeyFromU64);
const request: ScheduleRequest = { blockKeys: keys, promptTokens: 64, maxTokens: 16 };

function instance(id: string, role: 'prefill' | 'decode', inFlightRequests = 0, routable = true, inFlightTokens = 0): InstanceSnapshot {
  return { id: instanceId(id), role, routable, inFlightRequests, inFlightTokens };
}

function snapshot(prefill: InstanceSnapshot[], decode: InstanceSnapshot[], index = new DevicePrefixIndex(100)): ClusterSnapshot {
  return { prefill, decode, cachedPrefixBlocks: (id, k) => index.cachedPrefixBlocks(id, k) };
}

const scheduler = (policy: PolicyName = 'prefix-aware', maxInFlightPerInstance = 4) =>
  new Scheduler({ prefill: testProfile('prefill', policy), decode: testProfile('decode', 'least-loaded'), maxInFlightPerInstance, retryAfterMs: 1000 });

describe('Scheduler', () => {
  it('sends a request to the prefill instance holding the longest cached prefix', () => {
    const index = new DevicePrefixIndex(100);
    index.report(instanceId('p1'), keys.slice(0, 1));
    index.report(instanceId('p2'), keys.slice(0, 3));
    const decision = scheduler().decide(request, snapshot([instance('p1', 'prefill'), instance('p2', 'prefill', 2)], [instance('d1', 'decode')], index));
    expect(decision).toMatchObject({ kind: 'route', prefill: 'p2', decode: 'd1', cachedBlocks: 3 });
  });

  it('without cached blocks anywhere, picks the least loaded instances', () => {
    const decision = scheduler().decide(
      request,
      snapshot([instance('p1', 'prefill', 3), instance('p2', 'prefill', 1)], [instance('d1', 'decode', 2), instance('d2', 'decode', 0)]),
    );
    expect(decision).toMatchObject({ kind: 'route', prefill: 'p2', decode: 'd2', cachedBlocks: 0 });
  });

  it.each([
    ['every prefill instance is down', [instance('p1', 'prefill', 0, false)], [instance('d1', 'decode')], 'no-prefill-instance'],
    ['every decode instance is down', [instance('p1', 'prefill')], [instance('d1', 'decode', 0, false)], 'no-decode-instance'],
    ['every instance is at its limit', [instance('p1', 'prefill', 4)], [instance('d1', 'decode')], 'overloaded'],
  ])('rejects when %s', (_name, prefill, decode, reason) => {
    expect(scheduler().decide(request, snapshot(prefill, decode))).toMatchObject({ kind: 'reject', reason, retryAfterMs: 1000 });
  });

  it('never routes to an unroutable instance even if it holds the prefix', () => {
    const index = new DevicePrefixIndex(100);
    index.report(instanceId('p1'), keys);
    const decision = scheduler().decide(request, snapshot([instance('p1', 'prefill', 0, false), instance('p2', 'prefill')], [instance('d1', 'decode')], index));
    expect(decision).toMatchObject({ kind: 'route', prefill: 'p2' });
  });

  it('estimates a prompt\'s compute past its reused prefix with its estimators, and nothing without them', () => {
    const s = new Scheduler(testSchedulerOptions('kvcache-centric'));
    const whole = s.prefillMs(1024, 0)!;
    const suffix = s.prefillMs(1024, 960)!;
    expect(suffix).toBeGreaterThan(0);
    expect(suffix).toBeLessThan(whole);
    expect(scheduler().prefillMs(1024, 0)).toBeUndefined();
  });

  it.each([
    ['with no prefill instance at all', [], [instance('d1', 'decode', 2), instance('d2', 'decode', 0)], { kind: 'local', decode: 'd2' }],
    ['with every prefill instance down', [instance('p1', 'prefill', 0, false)], [instance('d1', 'decode')], { kind: 'local', decode: 'd1' }],
    ['with every decode instance down', [instance('p1', 'prefill')], [instance('d1', 'decode', 0, false)], { kind: 'reject', reason: 'no-decode-instance' }],
    ['with every decode instance at its limit', [], [instance('d1', 'decode', 4)], { kind: 'reject', reason: 'overloaded' }],
  ])('decides a request run whole on a decode instance %s', (_name, prefill, decode, expected) => {
    expect(scheduler().decideLocal(request, snapshot(prefill, decode))).toMatchObject(expected);
  });

  it('round-robin takes candidates in turn', () => {
    const s = scheduler('round-robin');
    const snap = snapshot([instance('p2', 'prefill'), instance('p1', 'prefill')], [instance('d1', 'decode')]);
    const picks = [0, 1, 2].map(() => s.decide(request, snap)).map((d) => (d.kind === 'route' ? d.prefill : d.kind));
    expect(picks).toEqual(['p1', 'p2', 'p1']);
  });

  it('least-loaded breaks ties by tokens in flight, then by id', () => {
    const profile = testProfile('prefill', 'least-loaded');
    const pick = (candidates: InstanceSnapshot[]) => profile.run(new SchedulingContext({ request, snapshot: snapshot(candidates, []), ttftLimitMs: Infinity, tbtLimitMs: Infinity }), candidates)?.instance.id;
    expect(pick([instance('b', 'prefill', 1, true, 10), instance('a', 'prefill', 1, true, 50)])).toBe('b');
    expect(pick([instance('b', 'prefill', 1), instance('a', 'prefill', 1)])).toBe('a');
  });
});

describe('DevicePrefixIndex', () => {
  it('counts leading blocks only and forgets the least recently reported beyond capacity', () => {
    const index = new DevicePrefixIndex(3);
    const p = instanceId('p');
    index.report(p, [keys[0]!, keys[2]!]);
    expect(index.cachedPrefixBlocks(p, keys)).toBe(1);
    index.report(p, [keys[1]!, keys[3]!]);
    expect(index.cachedPrefixBlocks(p, keys)).toBe(0);
    expect(index.cachedPrefixBlocks(p, [keys[2]!, keys[1]!, keys[3]!])).toBe(3);
    index.forget(p);
    expect(index.cachedPrefixBlocks(p, keys)).toBe(0);
  });
});
