import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { expectOk } from '@tsukimi/result';
import { type ClusterSnapshot, type EngineProfile, type EstimateCalibration, instanceId, type InstanceSnapshot, predictDecodeStepMs, type Scheduler, SchedulerBuilder, type ScheduleRequest, type TransferSettings } from '@tsukimi/scheduler';
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
function refitLoop(profileFile?: EngineProfile) {
  const builds: { profile: EngineProfile | undefined; transfers: TransferSettings; calibration: EstimateCalibration }[] = [];
  const stand = {} as Scheduler;
  const registry = describedRegistry('p');
  const refit = new EstimatorRefit({
    registry,
    holder: new SchedulerHolder(stand),
    build: (profile, transfers, calibration) => (builds.push({ profile, transfers, calibration }), stand),
    ...(profileFile ? { profileFile } : {}),
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

  it('scales prefill work alone by TTFTs three times the estimate', () => {
    const { refit, builds } = refitLoop(PROFILE);
    for (let i = 0; i < 6; i++) refit.ttft(10, 30);
    expect(builds).toHaveLength(1);
    expect(builds[0]!.profile).toEqual(PROFILE);
    expect(builds[0]!.calibration.prefillScale).toBeCloseTo(3, 9);
    expect(builds[0]!.calibration.gap).toEqual({ overheadMs: 0, stepScale: 1 });
  });

  it('calibrates the gaps alone by gaps three times the modelled step, at batches of every size', () => {
    const { refit, builds } = refitLoop(PROFILE);
    for (let i = 0; i < 24; i++) refit.tbt(1 + 0.1 * (i % 12), 3 * (1 + 0.1 * (i % 12)));
    expect(builds.at(-1)!.calibration.prefillScale).toBe(1);
    expect(builds.at(-1)!.calibration.gap.stepScale).toBeCloseTo(3, 9);
    expect(builds.at(-1)!.calibration.gap.overheadMs).toBeCloseTo(0, 9);
  });

  describe('on the overload bench\'s tiny model, whose steps take a few hundredths of a millisecond', () => {
    // The tiny reference model's profile as the conductor fitted it.
    const TINY: EngineProfile = { ...PROFILE, prefill: { baseMs: 0, msPerComputedToken: 0.18, msPerAttendedPair: 0 }, decode: { baseMs: 0.016, msPerRequest: 0.016, msPerContextToken: 0.00016 } };
    /** The conductor's: a TBT SLO of 100 ms at its default headroom of 0.75. */
    const TBT_TARGET_MS = 75;
    const CONTEXT_TOKENS = 210;
    /** Streams admitted into batches of 1-14, each told its modelled step and the longest gap `gapMs` gives it. */
    const streams = (refit: EstimatorRefit, gapMs: (batch: number, i: number) => number) => {
      for (let i = 0; i < 64; i++) {
        const batch = 1 + (i % 14);
        refit.tbt(predictDecodeStepMs(TINY.decode, batch, batch * CONTEXT_TOKENS), gapMs(batch, i));
      }
    };
    /** A loaded host's gaps: 20-52 ms whatever the batch, the token's way through the processes (run F of the soak). */
    const loadedHost = (_batch: number, i: number) => 20 + ((i * 7) % 33);
    /** Gaps that grow with the batch: 9 ms a stream. */
    const growing = (batch: number) => 5 + 9 * batch;
    const decodeWith = (streamsThere: number): InstanceSnapshot => ({
      id: instanceId('d1'), role: 'decode', routable: true, inFlightRequests: streamsThere, inFlightTokens: streamsThere * CONTEXT_TOKENS,
      decodeBatch: Array.from({ length: streamsThere }, () => ({ contextTokens: CONTEXT_TOKENS, remainingTokens: 1000 })),
    });
    const arrival: ScheduleRequest = { blockKeys: Array.from({ length: 13 }, (_, i) => blockKeyFromU64(BigInt(1000 + i))), promptTokens: 200, maxTokens: 16 };

    /** The conductor's scheduler after the refit loop has seen `gapMs`'s streams, and a cluster whose decode instance runs `streamsThere`. */
    function calibratedOn(gapMs: (batch: number, i: number) => number, streamsThere: number) {
      const builder = new SchedulerBuilder({ policy: 'kvcache-centric', decodePolicy: 'kvcache-centric', admission: 'predictive', slo: { ttftMs: 300, tbtMs: TBT_TARGET_MS }, maxInFlightPerInstance: 64, retryAfterMs: 100 }, { monotonicMs: () => 0 });
      const holder = new SchedulerHolder(expectOk(builder.build(TINY, {}), 'scheduler'));
      const refit = new EstimatorRefit({ registry: describedRegistry('p1'), holder, build: (profile, transfers, calibration) => expectOk(builder.build(profile, transfers, calibration), 'scheduler'), profileFile: TINY, tbtTargetMs: TBT_TARGET_MS });
      streams(refit, gapMs);
      const cluster: ClusterSnapshot = { prefill: [prefill('p1')], decode: [decodeWith(streamsThere)], cachedPrefixBlocks: () => 0 };
      return { holder, cluster };
    }

    /** The calibrated scheduler deciding a request joining `streamsThere`. */
    function decisionAfter(gapMs: (batch: number, i: number) => number, streamsThere: number) {
      const { holder, cluster } = calibratedOn(gapMs, streamsThere);
      return holder.decide(arrival, cluster);
    }

    it.each([4, 8, 13])('a loaded host\'s gaps whatever the batch still admit a request joining %i streams, predicted within the target', (streamsThere) => {
      const decision = decisionAfter(loadedHost, streamsThere);
      expect(decision).toMatchObject({ kind: 'route', decode: 'd1' });
      expect(decision.kind === 'route' && decision.decodeTbtMs).toBeLessThanOrEqual(TBT_TARGET_MS);
    });

    it.each([
      [4, 'route'],
      [12, 'reject'],
    ] as const)('gaps growing 9 ms a stream admit a request joining %i streams while its gap would meet the target, and refuse past it', (streamsThere, kind) => {
      // Joining 4 makes 5 streams, about 50 ms; joining 12 makes 13, about 122 ms.
      expect(decisionAfter(growing, streamsThere)).toMatchObject({ kind });
    });

    it('gives calibration the step model\'s own figure beside the calibrated prediction, so that one calibration is not fitted over another', () => {
      const decision = decisionAfter(loadedHost, 8);
      if (decision.kind !== 'route') throw new Error(`expected a route, got ${decision.kind}`);
      // The overhead alone is over 20 ms; the tiny model's step for 9 streams, a few tenths of a millisecond.
      expect(decision.decodeTbtMs).toBeGreaterThan(20);
      expect(decision.decodeStepModelMs).toBeGreaterThan(0);
      expect(decision.decodeStepModelMs).toBeLessThan(1);
    });

    it('gives calibration, for a request run whole, the gap its own stream will see: its own prompt\'s chunk lengthens only the others\'', () => {
      const { holder, cluster } = calibratedOn(loadedHost, 2);
      const decision = holder.decideLocal(arrival, cluster);
      if (decision.kind !== 'local') throw new Error(`expected a local run, got ${decision.kind}`);
      // The prompt's 200 tokens at 0.18 ms each are judged in the others' gaps; its own holds the step alone.
      expect(decision.decodeStepModelMs).toBeGreaterThan(0);
      expect(decision.decodeStepModelMs).toBeLessThan(1);
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

  it('rebuilds once for the calibration moves of one turn, where defer puts it, over the profile last fitted', () => {
    const builds: boolean[] = [];
    const deferred: (() => void)[] = [];
    const registry = describedRegistry('p');
    const refit = new EstimatorRefit({
      registry,
      holder: new SchedulerHolder({} as Scheduler),
      build: () => ({}) as Scheduler,
      profileFile: PROFILE,
      onRefit: (_profile, _scale, _gap, profileFitted) => builds.push(profileFitted),
      defer: (rebuild) => deferred.push(rebuild),
    });
    refit.refit();
    expect(builds).toEqual([true]);
    // Three moves of the prefill scale (each after six samples), then the gaps' first fit: all in one turn.
    for (let i = 0; i < 18; i++) refit.ttft(10, 30 * 2 ** Math.floor(i / 6));
    for (let i = 0; i < 24; i++) refit.tbt(1 + 0.1 * (i % 12), 3 * (1 + 0.1 * (i % 12)));
    expect(builds).toEqual([true]);
    expect(deferred).toHaveLength(1);
    deferred.shift()!();
    expect(builds).toEqual([true, false]);
    refit.ttft(10, 10);
    expect(deferred).toEqual([]);
  });
});
