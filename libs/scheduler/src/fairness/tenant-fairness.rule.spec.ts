import { Scheduler } from '../scheduler';
import { cluster, decode, prefill, request8, testProfile } from '../testing/scheduler.fixtures';
import { TenantFairness } from './tenant-fairness.rule';

const fairness = new TenantFairness({ engageAtUtilisation: 0.7, overShareFactor: 1.2 });
const inFlight = new Map([
  ['heavy', 9],
  ['light', 1],
]);

describe('TenantFairness', () => {
  it.each([
    ['the heavy tenant under load', 'heavy', inFlight, 0.8, { share: 0.9, fairShare: 0.5 }],
    ['the light tenant under load', 'light', inFlight, 0.8, undefined],
    ['a tenant with nothing in flight', 'new', inFlight, 0.8, undefined],
    ['the heavy tenant while the cluster has room', 'heavy', inFlight, 0.5, undefined],
    ['the only tenant', 'heavy', new Map([['heavy', 9]]), 1, undefined],
    ['tenants within the slack', 'a', new Map([['a', 11], ['b', 9]]), 1, undefined],
  ])('%s', (_name, tenant, counts, utilisation, expected) => {
    expect(fairness.overShare(tenant, counts, utilisation)).toEqual(expected);
  });

  it('weighs tenants: a tenant of weight 3 may hold three quarters against one of weight 1', () => {
    const weighted = new TenantFairness({ engageAtUtilisation: 0, overShareFactor: 1, weights: new Map([['big', 3]]) });
    expect(weighted.overShare('big', new Map([['big', 3], ['small', 1]]), 1)).toBeUndefined();
    expect(weighted.overShare('big', new Map([['big', 4], ['small', 1]]), 1)).toEqual({ share: 0.8, fairShare: 0.75 });
  });

  it.each([
    [1, undefined],
    [2, { share: 0.9, fairShare: 0.5 }],
  ])('counts a conductor\'s own load once per live conductor (%i), since each sees its part of the work', (conductors, expected) => {
    const divided = new TenantFairness({ engageAtUtilisation: 0.8, overShareFactor: 1.2, conductors: () => conductors });
    expect(divided.overShare('heavy', new Map([['heavy', 9], ['light', 1]]), 0.5)).toEqual(expected);
  });

  it('in the scheduler, turns away the tenant over its share before others once the cluster is busy', () => {
    const s = new Scheduler({ prefill: testProfile('prefill', 'least-loaded'), decode: testProfile('decode', 'least-loaded'), maxInFlightPerInstance: 4, retryAfterMs: 100, fairness });
    const busy = cluster([prefill('p1', 30, 3), prefill('p2', 30, 3)], [decode('d1')], undefined, { tenantInFlightRequests: inFlight });
    const decision = s.decide(request8({ tenant: 'heavy' }), busy);
    expect(decision).toMatchObject({ kind: 'reject', reason: 'tenant-over-share', retryAfterMs: 100 });
    expect(decision.kind === 'reject' && decision.message).toMatch(/holds 90% .* fair share of 50%/);
    expect(s.decide(request8({ tenant: 'light' }), busy)).toMatchObject({ kind: 'route' });
    expect(s.decide(request8(), busy)).toMatchObject({ kind: 'route' });
    const quiet = cluster([prefill('p1'), prefill('p2')], [decode('d1')], undefined, { tenantInFlightRequests: inFlight });
    expect(s.decide(request8({ tenant: 'heavy' }), quiet)).toMatchObject({ kind: 'route' });
  });
});
