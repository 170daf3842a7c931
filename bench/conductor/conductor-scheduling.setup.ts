import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';
import { seededRandom } from '@tsukimi/kv-store';
import { type ClusterSnapshot, createScheduler, GlobalPrefixIndex, type Scheduler, type SchedulerSettings, type SessionAffinityOptions } from '@tsukimi/scheduler';
import { SharedPrefixWorkload, type WorkloadShape } from './conductor.workload';

export const BLOCK_SIZE_TOKENS = 16;

/** The full KVCache-centric path: Algorithm 1, TBT-aware decode, predictive admission, fair shares, session affinity. */
export const KVCACHE_CENTRIC_SETTINGS: Omit<SchedulerSettings, 'sessionAffinity'> = {
  policy: 'kvcache-centric',
  decodePolicy: 'kvcache-centric',
  admission: 'predictive',
  maxInFlightPerInstance: 64,
  retryAfterMs: 500,
  slo: { ttftMs: 5_000, tbtMs: 50 },
  fairness: {},
};

/** A warm cluster and a scheduler over it, everything drawn from one seed. */
export interface SchedulingSetup {
  readonly hasher: BlockKeyHasher;
  readonly workload: SharedPrefixWorkload;
  readonly index: GlobalPrefixIndex;
  readonly scheduler: Scheduler;
  readonly snapshot: ClusterSnapshot;
  /** The session map's clock; advance it between decisions. */
  readonly clock: { nowMs: number; monotonicMs(): number };
}

export function schedulingSetup(shape: WorkloadShape, seed: number, settings: Partial<SchedulerSettings> = {}, affinity: Partial<SessionAffinityOptions> = {}): SchedulingSetup {
  const hasher = new BlockKeyHasher(blockHashOptions({ modelId: 'bench', tenantSalt: '', blockSizeTokens: BLOCK_SIZE_TOKENS }));
  const workload = new SharedPrefixWorkload(seededRandom(seed), hasher, shape);
  const index = new GlobalPrefixIndex({ deviceCapacityBlocks: 8 * (shape.promptTokens / BLOCK_SIZE_TOKENS) });
  workload.populate(index, 8);
  const clock = { nowMs: 0, monotonicMs: () => clock.nowMs };
  const created = createScheduler({ ...KVCACHE_CENTRIC_SETTINGS, sessionAffinity: { ...affinity, clock }, ...settings });
  if (!created.ok) throw new Error(`scheduler settings: ${created.error.key}: ${created.error.message}`);
  const snapshot: ClusterSnapshot = {
    prefill: workload.prefillSnapshots(),
    decode: workload.decodeSnapshots(),
    cachedPrefixBlocks: (id, keys) => index.cachedPrefixBlocks(id, keys),
    prefixes: index,
    tenantInFlightRequests: workload.tenantLoad(),
  };
  return { hasher, workload, index, scheduler: created.value, snapshot, clock };
}
