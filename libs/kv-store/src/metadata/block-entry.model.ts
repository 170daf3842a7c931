import { type BlockKey } from '@tsukimi/kv-block';
import { type NodeId } from '../common/node-id';
import { type Tier } from '../common/tier.model';

/** One copy of a block: which node holds it, in which tier. */
export interface Replica {
  readonly nodeId: NodeId;
  readonly tier: Tier;
}

/** `pending` between put start and put end: allocated, being written, invisible to readers. */
export type BlockStatus = 'pending' | 'complete';

/** What the master knows of one block. Times are wall-clock ms, so a standby master reading the same store agrees on them. */
export interface BlockEntry {
  readonly key: BlockKey;
  /** Assigned by the metadata store on every write; a write names the revision it read, so lost updates cannot happen. */
  readonly revision: number;
  readonly status: BlockStatus;
  readonly sizeBytes: number;
  /** Where the block is (complete) or is being written (pending). Never empty. */
  readonly replicas: readonly Replica[];
  /** Position of the block in the request that produced it; later blocks are reused less. */
  readonly blockIndex: number;
  readonly createdAtMs: number;
  /** Readers hold the block until then; 0 when never leased. */
  readonly leaseExpiresAtMs: number;
  /** Protected from eviction until then; 0 when never soft-pinned. */
  readonly softPinExpiresAtMs: number;
  /** Protected from eviction and removal until unpinned. */
  readonly hardPinned: boolean;
  readonly lastAccessMs: number;
  /** Reads granted, for LFU. */
  readonly accessCount: number;
}

/** An entry as the master writes it; the store stamps the revision. */
export type BlockEntryDraft = Omit<BlockEntry, 'revision'>;

export function draftOf(entry: BlockEntry): BlockEntryDraft {
  const { revision: _revision, ...draft } = entry;
  return draft;
}

export function isLeased(entry: BlockEntry, nowMs: number): boolean {
  return entry.leaseExpiresAtMs > nowMs;
}

export function isSoftPinned(entry: BlockEntry, nowMs: number): boolean {
  return entry.softPinExpiresAtMs > nowMs;
}

/** Why eviction must leave the block alone, if it must. */
export function evictionGuard(entry: BlockEntry, nowMs: number): 'pending' | 'leased' | 'hard-pinned' | 'soft-pinned' | undefined {
  if (entry.status === 'pending') return 'pending';
  if (isLeased(entry, nowMs)) return 'leased';
  if (entry.hardPinned) return 'hard-pinned';
  return isSoftPinned(entry, nowMs) ? 'soft-pinned' : undefined;
}

export function sameReplica(a: Replica, b: Replica): boolean {
  return a.nodeId === b.nodeId && a.tier === b.tier;
}
