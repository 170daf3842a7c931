import { type EngineProfile } from './engine-profile.model';
import { type GapCalibration, NO_GAP_CALIBRATION } from './gap-calibration.model';
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
 * What outcomes showed of the profile's costs: `prefillScale` on prefill work as TTFTs show it;
 * `gap`, as gaps between tokens show them, scales the decode step and adds the overhead every gap
 * holds. A prompt's chunk computed between a decode instance's steps takes the larger scale.
 */
export interface EstimateCalibration {
  readonly prefillScale: number;
  readonly gap: GapCalibration;
}


/** Every estimator the scheduler uses, built from one profile so that they agree. */
export interface Estimators {
  readonly ttft: TtftEstimator;
  readonly tbt: TbtEstimator;
}

export function createEstimators(settings: EstimatorSettings = {}): Estimators {
  const measured = settings.profile ?? DEFAULT_ENGINE_PROFILE;
  const { prefillScale, gap } = settings.calibration ?? { prefillScale: 1, gap: NO_GAP_CALIBRATION };
  const { stepScale } = gap;
  const profile = { ...measured, prefill: scaledPrefill(measured.prefill, prefillScale) };
  const transfer = new TransferTimeEstimator({
    blockBytes: profile.blockBytes,
    bandwidthBytesPerS: { ...DEFAULT_BANDWIDTH_BYTES_PER_S, ...settings.bandwidthBytesPerS },
    setupMs: settings.transferSetupMs,
  });
  const queue = new QueueTimeEstimator({ prefill: profile.prefill, msPerQueuedToken: settings.msPerQueuedToken });
  const step = { baseMs: measured.decode.baseMs * stepScale, msPerRequest: measured.decode.msPerRequest * stepScale, msPerContextToken: measured.decode.msPerContextToken * stepScale };
  // A chunk is prefill work, and TTFTs (a local run's is its chunks) say how it runs; but it sits
  // in a gap beside the step, and where gaps show a host slower than that, it is costed so too.
  const chunkScale = Math.max(prefillScale, stepScale);
  const tbt = new TbtEstimator(step, { prefill: chunkScale === prefillScale ? profile.prefill : scaledPrefill(measured.prefill, chunkScale), chunkTokens: settings.localPrefillChunkTokens ?? DEFAULT_LOCAL_PREFILL_CHUNK_TOKENS }, gap);
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
