import { type Engine } from '@tsukimi/engine';
import { headerBytes, payloadBytes } from '@tsukimi/kv-block';
import { type DeviceTierUpdate, type InstanceDescription } from '@tsukimi/proto';
import { type DeviceTierChanges, type EngineTimings } from '@tsukimi/serving';
import { type InstanceRole } from '@tsukimi/scheduler';

/** Version of the block-key scheme (chained XXH3-64, seed from model id, tenant salt and block size). */
export const HASH_SCHEME = 'xxh3-chain-v1';

export interface InstanceLoadFacts {
  readonly queuedRequests: number;
  readonly activeRequests: number;
  readonly queuedTokens: number;
  readonly draining: boolean;
}

/** The `Describe` answer: what this instance serves and how busy it is. */
export function describeInstance(
  instanceId: string,
  role: InstanceRole,
  engine: Engine,
  load: InstanceLoadFacts,
  device?: DeviceTierChanges,
  timings?: EngineTimings,
): InstanceDescription {
  const arena = engine.arenaStats();
  return {
    instanceId,
    role,
    modelId: engine.info.modelId,
    modelHash: engine.info.modelHash,
    blockSizeTokens: engine.info.blockLayout.blockSizeTokens,
    tokenizerId: engine.tokenizer.id,
    contextTokens: engine.info.contextTokens,
    hashScheme: HASH_SCHEME,
    blockBytes: headerBytes + payloadBytes(engine.info.blockLayout),
    adapters: (engine.info.adapters ?? []).map((a) => ({ name: a.name, id: a.id })),
    load: {
      queuedRequests: load.queuedRequests,
      activeRequests: load.activeRequests,
      queuedTokens: load.queuedTokens,
      arenaCapacityBlocks: arena.capacityBlocks,
      arenaUsedBlocks: arena.inUseBlocks,
      arenaFreeBlocks: arena.freeBlocks,
      draining: load.draining,
    },
    ...(device ? { device: deviceToWire(device) } : {}),
    ...(timings
      ? {
          prefillTimings: timings.prefill.map((t) => ({ promptTokens: t.promptTokens, reusedTokens: t.reusedTokens, ms: t.ms })),
          decodeTimings: timings.decode.map((t) => ({ batchSize: t.batchSize, contextTokens: t.contextTokens, stepMs: t.stepMs })),
        }
      : {}),
  };
}

function deviceToWire(changes: DeviceTierChanges): DeviceTierUpdate {
  return changes.kind === 'snapshot'
    ? { epoch: changes.epoch, lastId: changes.lastId, snapshot: true, stored: [...changes.held], removed: [] }
    : { epoch: changes.epoch, lastId: changes.lastId, snapshot: false, stored: [...changes.stored], removed: [...changes.removed] };
}
