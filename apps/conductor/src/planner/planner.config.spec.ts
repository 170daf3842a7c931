import { plannerOptions, type PlannerSettings } from './planner.config';

const settings: PlannerSettings = {
  plannerPrefillMinReplicas: 1,
  plannerPrefillMaxReplicas: 4,
  plannerDecodeMinReplicas: 2,
  plannerDecodeMaxReplicas: 6,
  plannerKvpoolMinReplicas: 1,
  plannerKvpoolMaxReplicas: 8,
  plannerKvpoolMinHitRatioGain: 0.02,
  plannerKvpoolSsdMinBytes: 0,
  plannerKvpoolSsdMaxBytes: 1024 ** 4,
  plannerKvpoolSsdHitRatioSlack: 0.01,
  plannerScaleUpWindowMs: 0,
  plannerScaleDownWindowMs: 300_000,
  plannerScaleUpCooldownMs: 30_000,
  plannerScaleDownCooldownMs: 120_000,
  plannerTargetUtilisation: 0.7,
};

describe('plannerOptions', () => {
  it('takes bounds per role, shared windows, and the SLOs the conductor judges by', () => {
    const options = plannerOptions({ ...settings, ttftSloMs: 1500 });
    expect(options.roles.decode).toEqual({ minReplicas: 2, maxReplicas: 6, scaleUpWindowMs: 0, scaleDownWindowMs: 300_000, scaleUpCooldownMs: 30_000, scaleDownCooldownMs: 120_000 });
    expect(options.ttftSloMs).toBe(1500);
    expect(options.tbtSloMs).toBe(200);
  });

  it('a maximum under the minimum fails naming the flag', () => {
    expect(() => plannerOptions({ ...settings, plannerDecodeMaxReplicas: 1 })).toThrow(/^planner setting --planner-decode-max-replicas: /);
  });

  it('kvpool: its own bounds and the target marginal gain per node', () => {
    const options = plannerOptions({ ...settings, plannerKvpoolMinReplicas: 2, plannerKvpoolMaxReplicas: 5, plannerKvpoolMinHitRatioGain: 0.05 });
    expect([options.roles.kvpool.minReplicas, options.roles.kvpool.maxReplicas, options.minHitRatioGainPerNode]).toEqual([2, 5, 0.05]);
    expect(() => plannerOptions({ ...settings, plannerKvpoolMinReplicas: 3, plannerKvpoolMaxReplicas: 2 })).toThrow(/^planner setting --planner-kvpool-max-replicas: /);
  });

  it('kvpool SSD: its bounds per node and slack; a maximum under the minimum fails naming the flag', () => {
    const options = plannerOptions({ ...settings, plannerKvpoolSsdMinBytes: 1024, plannerKvpoolSsdMaxBytes: 4096, plannerKvpoolSsdHitRatioSlack: 0.02 });
    expect(options.kvpoolSsd).toEqual({ minBytesPerNode: 1024, maxBytesPerNode: 4096, hitRatioSlack: 0.02 });
    expect(() => plannerOptions({ ...settings, plannerKvpoolSsdMinBytes: 4096, plannerKvpoolSsdMaxBytes: 1024 })).toThrow(/^planner setting --planner-kvpool-ssd-max-bytes: /);
  });
});
