import { type EngineProfile } from './engine-profile.model';
import { DEFAULT_BANDWIDTH_BYTES_PER_S, DEFAULT_ENGINE_PROFILE, DEFAULT_KVCACHE_BALANCE_THRESHOLD, DEFAULT_LOCAL_PREFILL_CHUNK_TOKENS } from './estimator.defaults';
import { type PrefillCoefficients } from './prefill-time.model';
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
  /** The most prompt tokens a decode instance computes between two steps for a request it runs whole. */
  readonly localPrefillChunkTokens?: number;
  /** What outcomes showed of the profile's costs; none applied when absent. */
  readonly calibration?: EstimateCalibration;
}

/**
 * Factors on the profile's costs, learnt from outcomes: `prefillScale` on prefill work as TTFTs
 * show it, `stepScale` on the step-time model (a decode step and the prompt chunk after it) as
 * gaps between tokens show it. A chunk is prefill work but lengthens a gap, so the gaps scale it.
 */
export interface EstimateCalibration {
  readonly prefillScale: number;
  readonly stepScale: number;
}


/** Every estimator the scheduler uses, built from one profile so that they agree. */
export interface Estimators {
  readonly ttft: TtftEstimator;
  readonly tbt: TbtEstimator;
}

export function createEstimators(settings: EstimatorSettings = {}): Estimators {
  const measured = settings.profile ?? DEFAULT_ENGINE_PROFILE;
  const { prefillScale, stepScale } = settings.calibration ?? { prefillScale: 1, stepScale: 1 };
  const profile = { ...measured, prefill: scaledPrefill(measured.prefill, prefillScale) };
  const transfer = new TransferTimeEstimator({
    blockBytes: profile.blockBytes,
    bandwidthBytesPerS: { ...DEFAULT_BANDWIDTH_BYTES_PER_S, ...settings.bandwidthBytesPerS },
    setupMs: settings.transferSetupMs,
  });
  const queue = new QueueTimeEstimator({ prefill: profile.prefill, msPerQueuedToken: settings.msPerQueuedToken });
  const step = { baseMs: measured.decode.baseMs * stepScale, msPerRequest: measured.decode.msPerRequest * stepScale, msPerContextToken: measured.decode.msPerContextToken * stepScale };
  const tbt = new TbtEstimator(step, { prefill: scaledPrefill(measured.prefill, stepScale), chunkTokens: settings.localPrefillChunkTokens ?? DEFAULT_LOCAL_PREFILL_CHUNK_TOKENS });
  const ttft = new TtftEstimator({
    blockSizeTokens: profile.blockSizeTokens,
    prefill: profile.prefill,
    queue,
    transfer,
    kvcacheBalanceThreshold: settings.kvcacheBalanceThreshold ?? DEFAULT_KVCACHE_BALANCE_THRESHOLD,
    steps: tbt,
  });
  return { ttft, tbt };
}

function scaledPrefill(prefill: PrefillCoefficients, scale: number): PrefillCoefficients {
  return { baseMs: prefill.baseMs * scale, msPerComputedToken: prefill.msPerComputedToken * scale, msPerAttendedPair: prefill.msPerAttendedPair * scale };
}
