import { type EngineProfile } from './engine-profile.model';
import { type TransferPath } from './transfer-time.estimator';

/**
 * A stand-in profile, used only until a measured one is supplied: roughly LLaMA3-70B on
 * 8×A800 at 50% MFU (about 9k prefill tokens/s, 320 KiB of KV per token), the deployment the
 * Mooncake paper describes. The scheduler's choices depend on ratios between these costs,
 * which this keeps plausible; its absolute TTFT estimates are only as good as the profile.
 */
export const DEFAULT_ENGINE_PROFILE: EngineProfile = {
  engine: 'default: LLaMA3-70B-like on 8xA800 (not measured)',
  blockSizeTokens: 16,
  blockBytes: 16 * 320 * 1024,
  prefill: { baseMs: 20, msPerComputedToken: 0.095, msPerAttendedPair: 4.2e-6 },
  decode: { baseMs: 30, msPerRequest: 0.1, msPerContextToken: 3.4e-5 },
};

/** Stand-in bandwidths, bytes per second: RDMA-class links between instances and to pool DRAM, NVMe for SSD. */
export const DEFAULT_BANDWIDTH_BYTES_PER_S: Readonly<Record<TransferPath, number>> = {
  'device-remote': 25e9,
  dram: 25e9,
  ssd: 3e9,
};

/** Fetch a prefix from elsewhere only when it is over half again as long as the instance's own. */
export const DEFAULT_KVCACHE_BALANCE_THRESHOLD = 1.5;

/** A decode instance's longest prompt chunk between two steps when no TBT target bounds it (the serving default). */
export const DEFAULT_LOCAL_PREFILL_CHUNK_TOKENS = 512;
