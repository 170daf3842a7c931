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
  /** The most replicas hot-spot replication gives a hot block; 1 (the default) turns it off. */
  readonly hotReplicas?: number;
  /** Reads of one block within the window that make it hot (one more replica per multiple); 32. */
  readonly hotReadsPerWindow?: number;
  /** The sliding window over which reads are counted; 10 000 ms. */
  readonly hotWindowMs?: number;
  /** Slices the window moves by: the window is `hotWindowMs` long to within one slice; 4. */
  readonly hotWindowSlices?: number;
  /** Counters per row of the read-count sketch: more means fewer overestimates; 2048. */
  readonly hotSketchWidth?: number;
  /** Hot blocks remembered by key at once (the sketch itself cannot list keys); 1024. */
  readonly hotTrackedBlocks?: number;
  /** Copies one replication pass makes at most, so a pass stays short; 16. */
  readonly hotCopiesPerPass?: number;
  /** Deadline of each transfer of a node-to-node copy (the read, then the write); 5 000 ms. */
  readonly hotCopyTimeoutMs?: number;
  /** Share of block keys whose reads are traced for the reuse-distance histogram (SHARDS sampling); 0.01. 0 records none. */
  readonly reuseSampleRate?: number;
  /** Sampled keys the histogram remembers at once (bounds its memory); 65 536. */
  readonly reuseTrackedBlocks?: number;
  /** Each block's read count halves over this; 600 000 ms. */
  readonly hitHalfLifeMs?: number;
  /** Blocks whose decayed read counts are kept at once, least recently read forgotten first; 65 536. 0 records none. */
  readonly hitTrackedBlocks?: number;
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
  hotReplicas: 1,
  hotReadsPerWindow: 32,
  hotWindowMs: 10_000,
  hotWindowSlices: 4,
  hotSketchWidth: 2048,
  hotTrackedBlocks: 1024,
  hotCopiesPerPass: 16,
  hotCopyTimeoutMs: 5_000,
  reuseSampleRate: 0.01,
  reuseTrackedBlocks: 65_536,
  hitHalfLifeMs: 600_000,
  hitTrackedBlocks: 65_536,
};

const POSITIVE_INTEGERS = [
  'leaseTtlMs',
  'nodeTimeoutMs',
  'pendingPutTimeoutMs',
  'defaultReplicas',
  'maxReplicas',
  'hotReplicas',
  'hotReadsPerWindow',
  'hotWindowMs',
  'hotWindowSlices',
  'hotSketchWidth',
  'hotTrackedBlocks',
  'hotCopiesPerPass',
  'hotCopyTimeoutMs',
  'reuseTrackedBlocks',
  'hitHalfLifeMs',
] as const;

/** Validates and defaults in one step. */
export function compileStoreMasterOptions(options: StoreMasterOptions = {}): CompiledStoreMasterOptions {
  const compiled: CompiledStoreMasterOptions = { ...DEFAULTS, ...stripUndefined(options) };
  for (const key of POSITIVE_INTEGERS) {
    if (!Number.isSafeInteger(compiled[key]) || compiled[key] < 1) throw new StoreOptionsError(key, `must be a positive integer, got ${compiled[key]}`);
  }
  if (compiled.defaultReplicas > compiled.maxReplicas) throw new StoreOptionsError('defaultReplicas', `must not exceed maxReplicas (${compiled.maxReplicas})`);
  if (compiled.hotReplicas > compiled.maxReplicas) throw new StoreOptionsError('hotReplicas', `must not exceed maxReplicas (${compiled.maxReplicas}), got ${compiled.hotReplicas}`);
  if (compiled.hotWindowSlices > compiled.hotWindowMs) throw new StoreOptionsError('hotWindowSlices', `must not exceed hotWindowMs (${compiled.hotWindowMs}), got ${compiled.hotWindowSlices}`);
  if (!(compiled.highWatermark > 0 && compiled.highWatermark <= 1)) throw new StoreOptionsError('highWatermark', `must be in (0, 1], got ${compiled.highWatermark}`);
  if (!(compiled.evictionBatchRatio > 0 && compiled.evictionBatchRatio <= compiled.highWatermark)) {
    throw new StoreOptionsError('evictionBatchRatio', `must be in (0, highWatermark], got ${compiled.evictionBatchRatio}`);
  }
  if (!(compiled.reuseSampleRate >= 0 && compiled.reuseSampleRate <= 1)) throw new StoreOptionsError('reuseSampleRate', `must be in [0, 1], got ${compiled.reuseSampleRate}`);
  if (!Number.isSafeInteger(compiled.hitTrackedBlocks) || compiled.hitTrackedBlocks < 0) throw new StoreOptionsError('hitTrackedBlocks', `must be a whole number >= 0, got ${compiled.hitTrackedBlocks}`);
  if (!EVICTION_POLICIES.includes(compiled.evictionPolicy)) throw new StoreOptionsError('evictionPolicy', `must be one of ${EVICTION_POLICIES.join(', ')}`);
  if (!PLACEMENT_STRATEGIES.includes(compiled.placement)) throw new StoreOptionsError('placement', `must be one of ${PLACEMENT_STRATEGIES.join(', ')}`);
  return compiled;
}

function stripUndefined(options: StoreMasterOptions): StoreMasterOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
