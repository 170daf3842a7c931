import { EVICTION_POLICIES, type EvictionPolicyType } from '../eviction/eviction-policy.port';
import { PLACEMENT_STRATEGIES, type PlacementStrategyType } from '../placement/placement.port';

export interface StoreMasterOptions {
  /** How long a get protects the block from eviction and removal; 10 000 ms. */
  readonly leaseTtlMs?: number;
  /** Heartbeat silence after which a node is removed with its replicas; 10 000 ms. */
  readonly nodeTimeoutMs?: number;
  /** A put started and neither ended nor revoked within this is revoked; 60 000 ms. */
  readonly pendingPutTimeoutMs?: number;
  /** Fraction of a tier's capacity at which eviction starts; 0.9. */
  readonly highWatermark?: number;
  /** Fraction of capacity one eviction pass frees below the watermark; 0.05. */
  readonly evictionBatchRatio?: number;
  readonly evictionPolicy?: EvictionPolicyType;
  /** Placement when a put does not name one; `random`. */
  readonly placement?: PlacementStrategyType;
  /** Replicas when a put does not say; 1. */
  readonly defaultReplicas?: number;
  /** The most replicas one put may ask for; 8. */
  readonly maxReplicas?: number;
}

export type CompiledStoreMasterOptions = Required<StoreMasterOptions>;

/** A bad option, named by its key; thrown at boot, never at request time. */
export class StoreOptionsError extends Error {
  override readonly name = 'StoreOptionsError';
  readonly code = 'KV_STORE_BAD_OPTION';

  constructor(
    readonly key: keyof StoreMasterOptions,
    reason: string,
  ) {
    super(`kv-store option ${key} ${reason}`);
  }
}

const DEFAULTS: CompiledStoreMasterOptions = {
  leaseTtlMs: 10_000,
  nodeTimeoutMs: 10_000,
  pendingPutTimeoutMs: 60_000,
  highWatermark: 0.9,
  evictionBatchRatio: 0.05,
  evictionPolicy: 'lru',
  placement: 'random',
  defaultReplicas: 1,
  maxReplicas: 8,
};

/** Validates and defaults in one step. */
export function compileStoreMasterOptions(options: StoreMasterOptions = {}): CompiledStoreMasterOptions {
  const compiled: CompiledStoreMasterOptions = { ...DEFAULTS, ...stripUndefined(options) };
  for (const key of ['leaseTtlMs', 'nodeTimeoutMs', 'pendingPutTimeoutMs', 'defaultReplicas', 'maxReplicas'] as const) {
    if (!Number.isSafeInteger(compiled[key]) || compiled[key] < 1) throw new StoreOptionsError(key, `must be a positive integer, got ${compiled[key]}`);
  }
  if (compiled.defaultReplicas > compiled.maxReplicas) throw new StoreOptionsError('defaultReplicas', `must not exceed maxReplicas (${compiled.maxReplicas})`);
  if (!(compiled.highWatermark > 0 && compiled.highWatermark <= 1)) throw new StoreOptionsError('highWatermark', `must be in (0, 1], got ${compiled.highWatermark}`);
  if (!(compiled.evictionBatchRatio > 0 && compiled.evictionBatchRatio <= compiled.highWatermark)) {
    throw new StoreOptionsError('evictionBatchRatio', `must be in (0, highWatermark], got ${compiled.evictionBatchRatio}`);
  }
  if (!EVICTION_POLICIES.includes(compiled.evictionPolicy)) throw new StoreOptionsError('evictionPolicy', `must be one of ${EVICTION_POLICIES.join(', ')}`);
  if (!PLACEMENT_STRATEGIES.includes(compiled.placement)) throw new StoreOptionsError('placement', `must be one of ${PLACEMENT_STRATEGIES.join(', ')}`);
  return compiled;
}

function stripUndefined(options: StoreMasterOptions): StoreMasterOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
