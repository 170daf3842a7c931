import { type EngineProfile, instanceId, type Scheduler } from '@tsukimi/scheduler';
import { InstanceRegistry } from '../instance.registry';
import { SchedulerHolder } from '../scheduler.holder';
import { EstimatorRefit, type TransferSettings } from './estimator.refit';

const PROFILE: EngineProfile = {
  engine: 'test',
  blockSizeTokens: 16,
  blockBytes: 4096,
  prefill: { baseMs: 2, msPerComputedToken: 0.1, msPerAttendedPair: 0 },
  decode: { baseMs: 1, msPerRequest: 0.1, msPerContextToken: 0 },
};

/** A refit loop whose scheduler builds are recorded instead of run. */
function refitLoop(profileFile?: EngineProfile) {
  const builds: { profile: EngineProfile | undefined; transfers: TransferSettings }[] = [];
  const stand = {} as Scheduler;
  const registry = new InstanceRegistry();
  registry.add(instanceId('p'), 'prefill');
  registry.observe(instanceId('p'), { reportedId: 'p', modelId: 'm', modelHash: 'h', blockSizeTokens: 16, tokenizerId: 't', contextTokens: 2048, hashScheme: 's', arenaCapacityBlocks: 8, blockBytes: 4096, draining: false });
  const refit = new EstimatorRefit({
    registry,
    holder: new SchedulerHolder(stand),
    build: (profile, transfers) => (builds.push({ profile, transfers }), stand),
    ...(profileFile ? { profileFile } : {}),
  });
  return { refit, builds };
}

describe('EstimatorRefit', () => {
  it('installs nothing before any profile is known', () => {
    const { refit, builds } = refitLoop();
    refit.refit();
    refit.poolFetch({ dramBlocks: 4, ssdBlocks: 0, ms: 8 });
    refit.ttft(10, 30);
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
});
