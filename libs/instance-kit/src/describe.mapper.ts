import { type Engine } from '@tsukimi/engine';
import { type DeviceTierUpdate, type InstanceDescription } from '@tsukimi/proto';
import { type DeviceTierChanges } from '@tsukimi/serving';

/** Version of the block-key scheme (chained XXH3-64, seed from model id, tenant salt and block size). */
export const HASH_SCHEME = 'xxh3-chain-v1';

export interface InstanceLoadFacts {
  readonly queuedRequests: number;
  readonly activeRequests: number;
  readonly queuedTokens: number;
  readonly draining: boolean;
}

/** The `Describe` answer: what this instance serves and how busy it is. */
export function describeInstance(instanceId: string, role: 'prefill' | 'decode', engine: Engine, load: InstanceLoadFacts, device?: DeviceTierChanges): InstanceDescription {
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
    load: {
      queuedRequests: load.queuedRequests,
      activeRequests: load.activeRequests,
      queuedTokens: load.queuedTokens,
      arenaCapacityBlocks: arena.capacityBlocks,
      arenaUsedBlocks: arena.inUseBlocks,
      draining: load.draining,
    },
    ...(device ? { device: deviceToWire(device) } : {}),
  };
}

function deviceToWire(changes: DeviceTierChanges): DeviceTierUpdate {
  return changes.kind === 'snapshot'
    ? { epoch: changes.epoch, lastId: changes.lastId, snapshot: true, stored: [...changes.held], removed: [] }
    : { epoch: changes.epoch, lastId: changes.lastId, snapshot: false, stored: [...changes.stored], removed: [...changes.removed] };
}
