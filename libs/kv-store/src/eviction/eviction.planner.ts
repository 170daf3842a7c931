import { type BlockKey } from '@tsukimi/kv-block';
import { type BlockEntry, evictionGuard } from '../metadata/block-entry.model';
import { type EvictionPolicy } from './eviction-policy.port';

export interface EvictionPlanInput {
  readonly capacityBytes: number;
  readonly usedBytes: number;
  /** The entries with a replica in this node's tier. */
  readonly entries: readonly BlockEntry[];
  readonly nowMs: number;
  readonly policy: EvictionPolicy;
  readonly highWatermark: number;
  readonly batchRatio: number;
  /** Free SSD bytes on the node when planning for its DRAM: victims that fit are demoted, the rest deleted. */
  readonly demoteRoomBytes?: number;
}

export interface EvictionVictim {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  readonly action: 'demote' | 'delete';
}

/**
 * Bytes to free: none below the watermark; at or above it, enough to land a batch below it
 * (`(highWatermark − batchRatio) × capacity`). At the watermark that is one batch; a tier that
 * overshot (a burst of puts between two ticks) sheds the overshoot too, in one pass.
 */
export function evictionTargetBytes(usedBytes: number, capacityBytes: number, highWatermark: number, batchRatio: number): number {
  if (capacityBytes <= 0 || usedBytes < highWatermark * capacityBytes) return 0;
  return Math.ceil(usedBytes - (highWatermark - batchRatio) * capacityBytes);
}

/** Which replicas of one node's tier to evict, in policy order, skipping every protected block. Pure. */
export function planEviction(input: EvictionPlanInput): EvictionVictim[] {
  const target = evictionTargetBytes(input.usedBytes, input.capacityBytes, input.highWatermark, input.batchRatio);
  if (target === 0) return [];
  const candidates = input.entries.filter((entry) => evictionGuard(entry, input.nowMs) === undefined).sort(input.policy.compare);
  const victims: EvictionVictim[] = [];
  let freed = 0;
  let demoteRoom = input.demoteRoomBytes ?? 0;
  for (const entry of candidates) {
    if (freed >= target) break;
    const demote = input.demoteRoomBytes !== undefined && entry.sizeBytes <= demoteRoom;
    if (demote) demoteRoom -= entry.sizeBytes;
    victims.push({ key: entry.key, sizeBytes: entry.sizeBytes, action: demote ? 'demote' : 'delete' });
    freed += entry.sizeBytes;
  }
  return victims;
}
