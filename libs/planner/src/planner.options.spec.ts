import { compilePlannerOptions, type PlannerOptions } from './planner.options';
import { specOptions } from './testing/planner.fixtures';

describe('compilePlannerOptions', () => {
  const good = specOptions();
  it('accepts the spec options', () => {
    expect(compilePlannerOptions(good).ok).toBe(true);
  });

  it.each<[string, (o: PlannerOptions) => PlannerOptions]>([
    ['roles.decode.maxReplicas', (o) => ({ ...o, roles: { ...o.roles, decode: { ...o.roles.decode, minReplicas: 3, maxReplicas: 2 } } })],
    ['roles.prefill.minReplicas', (o) => ({ ...o, roles: { ...o.roles, prefill: { ...o.roles.prefill, minReplicas: -1 } } })],
    ['roles.kvpool.scaleDownWindowMs', (o) => ({ ...o, roles: { ...o.roles, kvpool: { ...o.roles.kvpool, scaleDownWindowMs: NaN } } })],
    ['ttftSloMs', (o) => ({ ...o, ttftSloMs: 0 })],
    ['targetUtilisation', (o) => ({ ...o, targetUtilisation: 1.5 })],
    ['queueLowShare', (o) => ({ ...o, queueLowShare: 0.6 })],
    ['kvLowRatio', (o) => ({ ...o, kvLowRatio: 0.9 })],
    ['kvpoolSsd.minBytesPerNode', (o) => ({ ...o, kvpoolSsd: { ...o.kvpoolSsd, minBytesPerNode: -1 } })],
    ['kvpoolSsd.maxBytesPerNode', (o) => ({ ...o, kvpoolSsd: { ...o.kvpoolSsd, minBytesPerNode: 2048, maxBytesPerNode: 1024 } })],
    ['kvpoolSsd.hitRatioSlack', (o) => ({ ...o, kvpoolSsd: { ...o.kvpoolSsd, hitRatioSlack: 1 } })],
  ])('names %s when it is wrong', (key, spoil) => {
    expect(compilePlannerOptions(spoil(good))).toEqual({ ok: false, error: { key, problem: expect.any(String) } });
  });
});
