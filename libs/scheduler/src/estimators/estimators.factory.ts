import { type EngineProfile } from './engine-profile.model';
import { DEFAULT_BANDWIDTH_BYTES_PER_S, DEFAULT_ENGINE_PROFILE, DEFAULT_KVCACHE_BALANCE_THRESHOLD } from './estimator.defaults';
import { QueueTimeEstimator } from './queue-time.estimator';
import { TbtEstimator } from './tbt.estimator';
import { type TransferPath, TransferTimeEstimator } from './transfer-time.estimator';
import { TtftEstimator } from './ttft.estimator';

export interface EstimatorSettings {
  /** The engine's fitted profile; a stand-in when absent. */
  readonly profile?: EngineProfile;
  /** Measured bandwidth per path, bytes per second; stand-ins fill the paths not given. */
  readonly bandwidthBytesPerS?: Partial<Readonly<Record<TransferPath, number>>>;
  readonly transferSetupMs?: Partial<Readonly<Record<TransferPath, number>>>;
  readonly kvcacheBalanceThreshold?: number;
  readonly msPerQueuedToken?: number;
}

/** Every estimator the scheduler uses, built from one profile so that they agree. */
export interface Estimators {
  readonly ttft: TtftEstimator;
  readonly tbt: TbtEstimator;
}

export function createEstimators(settings: EstimatorSettings = {}): Estimators {
  const profile = settings.profile ?? DEFAULT_ENGINE_PROFILE;
  const transfer = new TransferTimeEstimator({
    blockBytes: profile.blockBytes,
    bandwidthBytesPerS: { ...DEFAULT_BANDWIDTH_BYTES_PER_S, ...settings.bandwidthBytesPerS },
    setupMs: settings.transferSetupMs,
  });
  const queue = new QueueTimeEstimator({ prefill: profile.prefill, msPerQueuedToken: settings.msPerQueuedToken });
  const ttft = new TtftEstimator({
    blockSizeTokens: profile.blockSizeTokens,
    prefill: profile.prefill,
    queue,
    transfer,
    kvcacheBalanceThreshold: settings.kvcacheBalanceThreshold ?? DEFAULT_KVCACHE_BALANCE_THRESHOLD,
  });
  return { ttft, tbt: new TbtEstimator(profile.decode) };
}
