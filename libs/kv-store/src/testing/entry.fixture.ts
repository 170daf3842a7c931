import { type NodeId } from '../common/node-id';
import { type BlockEntry } from '../metadata/block-entry.model';
import { keyOf } from './block.fixture';

/** A complete 10-byte entry on node-a's DRAM, numbered `n`, with `overrides`. */
export function entryOf(n: number, overrides: Partial<BlockEntry> = {}): BlockEntry {
  return {
    key: keyOf(n),
    revision: 1,
    status: 'complete',
    sizeBytes: 10,
    replicas: [{ nodeId: 'node-a' as NodeId, tier: 'dram' }],
    blockIndex: 0,
    createdAtMs: 0,
    leaseExpiresAtMs: 0,
    softPinExpiresAtMs: 0,
    hardPinned: false,
    lastAccessMs: n,
    accessCount: 0,
    ...overrides,
  };
}
