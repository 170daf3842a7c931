import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { type ClusterSnapshot, type EngineProfile, type EstimateCalibration, instanceId, type InstanceSnapshot, type Scheduler, SchedulerBuilder, type ScheduleRequest, type TransferSettings } from '@tsukimi/scheduler';
import { InstanceRegistry } from '../instance.registry';
import { SchedulerHolder } from '../scheduler.holder';
import { EstimatorRefit } from './estimator.refit';

const PROFILE: EngineProfile = {
  engine: 'test',
  blockSizeTokens: 16,
  blockBytes: 4096,
  prefill: { baseMs: 2, msPerComputedToken: 0.1, msPerAttendedPair: 0 },
  decode: { baseMs: 1, msPerRequest: 0.1, msPerContextToken: 0 },
};

/** A registry with one prefill instance that has described its model. */
function describedRegistry(id: string): InstanceRegistry {
  const registry = new InstanceRegistry();
  registry.add(instanceId(id), 'prefill');
  registry.observe(instanceId(id), { reportedId: id, modelId: 'm', modelHash: 'h', blockSizeTokens: 16, tokenizerId: 't', contextTokens: 2048, hashScheme: 's', arenaCapacityBlocks: 8, blockBytes: 4096, draining: false });
  return registry;
}

/** A refit loop whose scheduler builds are recorded instead of run. */
function refitLoop(profileFile?: EngineProfile, tbtTargetMs?: number) {
  const builds: { profile: EngineProfile | undefined; transfers: TransferSettings; calibration: EstimateCalibration }[] = [];
  const stand = {} as Scheduler;
  const registry = describedRegistry('p');
  const refit = new EstimatorRefit({
    registry,
    holder: new SchedulerHolder(stand),
    build: (profile, transfers, calibration) => (builds.push({ profile, transfers, calibration }), stand),
    ...(profileFile ? { profileFile } : {}),
    ...(tbtTargetMs === undefined ? {} : { tbtTargetMs }),
  });
  return { refit, builds };
}

const prefill = (id: string, inFlightTokens = 0): InstanceSnapshot => ({ id: instanceId(id), role: 'prefill', routable: true, inFlightRequests: inFlightTokens > 0 ? 1 : 0, inFlightTokens });
const decode: InstanceSnapshot = { id: instanceId('d1'), role: 'decode', routable: true, inFlightRequests: 0, inFlightTokens: 0 };
const snapshot = (...instances: InstanceSnapshot[]): ClusterSnapshot => ({ prefill: instances, decode: [decode], cachedPrefixBlocks: () => 0 });
const turn: ScheduleRequest = { blockKeys: [1n, 2n].map(blockKeyFromU64), promptTokens: 160, maxTokens: 8, sessionId: 'chat' };

describe('EstimatorRefit', () => {
  it('installs nothing before any profile is known', () => {
    const { refit, builds } = refitLoop();
    refit.refit();
    refit.poolFetch({ dramBlocks: 4, ssdBlocks: 0, ms: 8 });
    refit.ttft(10, 30);
    refit.tbt(10, 30);
    expect(builds).toEqual([]);
  });

  it('refits with the measured bandwidth once a tier\'s fetches can be fitted, and reaches remote memory through DRAM', () => {
    const { refit, builds } = refitLoop(PROFILE);
    for (const [blocks, ms] of [[1, 3], [2, 5], [4, 9]]) refit.poolFetch({ dramBlocks: blocks!, ssdBlocks: 0, ms: ms! });
    expect(builds).toEqual([]);
    refit.poolFetch({ dramBlocks: 8, ssdBlocks: 0, ms: 17 });
    expect(builds).toHaveLength(1);
    const { bandwidthBytesPerS, transferSetupMs } = builds[0]!.transfers;
    expect(bandwidthBytesPerS?.dram).toBeCloseTo((4096 / 2) * 1000, 6);
    expect(bandwidthBytesPerS?.['device-remote']).toBe(bandwidthBytesPerS?.dram);
    expect(transferSetupMs?.dram).toBeCloseTo(1, 6);
  });

  it('leaves out fetches that mixed DRAM and SSD, which say nothing of either alone', () => {
    const { refit, builds } = refitLoop(PROFILE);
    for (let i = 1; i <= 8; i++) refit.poolFetch({ dramBlocks: i, ssdBlocks: 1, ms: 5 * i });
    expect(builds).toEqual([]);
  });

  it.each([
    ['TTFTs three times the estimate scale prefill work alone', 'ttft', { prefillScale: 3, stepScale: 1 }],
    ['gaps three times the predicted TBT scale the step-time model alone', 'tbt', { prefillScale: 1, stepScale: 3 }],
  ] as const)('%s', (_name, outcome, expected) => {
    const { refit, builds } = refitLoop(PROFILE);
    for (let i = 0; i < 6; i++) refit[outcome](10, 30);
    expect(builds).toHaveLength(1);
    expect(builds[0]!.profile).toEqual(PROFILE);
    expect(builds[0]!.calibration.prefillScale).toBeCloseTo(expected.prefillScale, 9);
    expect(builds[0]!.calibration.stepScale).toBeCloseTo(expected.stepScale, 9);
  });

  it('scales decode steps past the prefill\'s bound, since a small model\'s step is a small part of a gap', () => {
    const { refit, builds } = refitLoop(PROFILE);
    for (let i = 0; i < 6; i++) refit.tbt(1, 50);
    expect(builds.at(-1)!.calibration.stepScale).toBeCloseTo(50, 6);
  });

  describe('on a small model whose gaps are mostly the way through the processes (the overload bench\'s steady soak)', () => {
    // The tiny reference model's profile as the conductor fitted it: steps of a few hundredths of a millisecond.
    const TINY: EngineProfile = { ...PROFILE, prefill: { baseMs: 0, msPerComputedToken: 0.18, msPerAttendedPair: 0 }, decode: { baseMs: 0.016, msPerRequest: 0.016, msPerContextToken: 0.00016 } };
    const TBT_TARGET_MS = 100;
    /** Streams admitted alone (predicted 0.03 ms) whose longest gap was 2-9 ms, as the soak's were. */
    const quietStreams = (refit: EstimatorRefit) => {
      for (let i = 0; i < 32; i++) refit.tbt(0.03, 2 + (i % 8));
    };
    const decodeBusy: InstanceSnapshot = {
      id: instanceId('d1'), role: 'decode', routable: true, inFlightRequests: 8, inFlightTokens: 8 * 210,
      decodeBatch: Array.from({ length: 8 }, () => ({ contextTokens: 210, remainingTokens: 10 })),
    };
    const arrival: ScheduleRequest = { blockKeys: Array.from({ length: 13 }, (_, i) => blockKeyFromU64(BigInt(1000 + i))), promptTokens: 200, maxTokens: 16 };

    it('learns no step scale from streams far under the TBT target', () => {
      const { refit, builds } = refitLoop(TINY, TBT_TARGET_MS);
      quietStreams(refit);
      expect(builds).toEqual([]);
    });

    it('still admits a request joining a batch of 8 that the decode instance serves in milliseconds', () => {
      const builder = new SchedulerBuilder({ policy: 'kvcache-centric', decodePolicy: 'kvcache-centric', admission: 'predictive', slo: { ttftMs: 300, tbtMs: TBT_TARGET_MS }, maxInFlightPerInstance: 64, retryAfterMs: 100 }, { monotonicMs: () => 0 });
      const holder = new SchedulerHolder(expectOk(builder.build(TINY, {}), 'scheduler'));
      const refit = new EstimatorRefit({ registry: describedRegistry('p1'), holder, build: (profile, transfers, calibration) => expectOk(builder.build(profile, transfers, calibration), 'scheduler'), profileFile: TINY, tbtTargetMs: TBT_TARGET_MS });
      quietStreams(refit);
      const cluster: ClusterSnapshot = { prefill: [prefill('p1')], decode: [decodeBusy], cachedPrefixBlocks: () => 0 };
      expect(holder.decide(arrival, cluster)).toMatchObject({ kind: 'route', decode: 'd1' });
    });

    it.each([
      ['a stream whose longest gap reached the target scales the steps up', 0.03, 60, 2000],
      ['a stream predicted near the target that saw short gaps scales them down', 80, 8, 0.25],
    ] as const)('%s', (_name, predictedMs, gapMs, expectedScale) => {
      const { refit, builds } = refitLoop(TINY, TBT_TARGET_MS);
      for (let i = 0; i < 6; i++) refit.tbt(predictedMs, gapMs);
      expect(builds.at(-1)!.calibration.stepScale).toBeCloseTo(Math.min(1024, expectedScale), 6);
    });
  });

  it('keeps a session on its instance across a refit, as the conductor builds its schedulers', () => {
    const clock = { monotonicMs: () => 0 };
    const builder = new SchedulerBuilder({ policy: 'kvcache-centric', decodePolicy: 'kvcache-centric', maxInFlightPerInstance: 8, retryAfterMs: 100 }, clock);
    const holder = new SchedulerHolder(expectOk(builder.build(undefined, {}), 'scheduler'));
    const refit = new EstimatorRefit({ registry: describedRegistry('p1'), holder, build: (profile, transfers) => expectOk(builder.build(profile, transfers), 'scheduler'), profileFile: PROFILE });

    expect(holder.decide(turn, snapshot(prefill('p1'), prefill('p2')))).toMatchObject({ kind: 'route', prefill: 'p1', chosenBy: 'policy' });
    refit.refit();
    // p1 now has 50 tokens queued: a few milliseconds behind p2, well within the tolerance that keeps a session.
    expect(holder.decide(turn, snapshot(prefill('p1', 50), prefill('p2')))).toMatchObject({ kind: 'route', prefill: 'p1', chosenBy: 'session-affinity' });
  });
});
