import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type TierBytes } from '../common/tier.model';
import { type EventBatch, type EventGap, type IndexEvent, type IndexEventDraft } from '../events/index-event.model';
import { type BlockEntry, type BlockEntryDraft } from './block-entry.model';
import { type NodeRecord } from './node-record.model';

/** One atomic write: the entry as read, what replaces it (undefined deletes it), and the index events it means. */
export interface EntryChange {
  readonly key: BlockKey;
  /** The entry as the writer read it; undefined when it read none. */
  readonly expected: BlockEntry | undefined;
  readonly next: BlockEntryDraft | undefined;
  readonly events: readonly IndexEventDraft[];
}

export interface EntryCommitted {
  /** The entry as stored, with its new revision; undefined after a delete. */
  readonly entry: BlockEntry | undefined;
  readonly events: readonly IndexEvent[];
}

/** Someone wrote the entry since it was read; re-read and decide again. */
export interface EntryConflict {
  readonly kind: 'conflict';
  readonly current: BlockEntry | undefined;
}

/**
 * The master's state. Every write is one compare-and-swap of one entry that also keeps the
 * per-node indexes (entries per node, bytes per node and tier, pending entries) and appends the
 * entry's index events, all atomically: a Redis adapter does each `swapEntry` in one Lua script.
 * The index updates must come from the entry as stored, not from `expected`: revisions restart
 * at 1 after a delete, so a writer's `expected` can match the revision of a re-created entry
 * that has other replicas.
 */
export interface MetadataStore {
  /** The entries for `keys`, in order; undefined where absent. */
  getEntries(keys: readonly BlockKey[]): Promise<readonly (BlockEntry | undefined)[]>;
  /**
   * Writes `next` (or deletes) if the stored revision still equals `expected`'s (absent when
   * `expected` is undefined); stamps revision `expected.revision + 1` (1 on create) and appends
   * the events with the next ids. Otherwise changes nothing and answers the current entry.
   */
  swapEntry(change: EntryChange): Promise<Result<EntryCommitted, EntryConflict>>;
  /**
   * `swapEntry` for each change, in order, each on its own: one conflict refuses that change
   * alone, and a later change to the same key sees the earlier one's write. The answers are in
   * the changes' order, their events numbered in that order too. For a master writing many
   * blocks at once: a Redis adapter applies a batch in one script call (or a few, sent together).
   */
  swapEntries(changes: readonly EntryChange[]): Promise<Result<EntryCommitted, EntryConflict>[]>;
  /** Every entry with a replica on the node, pending ones included. */
  entriesOnNode(nodeId: NodeId): Promise<readonly BlockEntry[]>;
  /** Every pending entry, for expiring abandoned puts. */
  pendingEntries(): Promise<readonly BlockEntry[]>;
  /** Every entry, a page at a time, for snapshots; a page may reflect writes made during the scan. */
  scanEntries(pageSize?: number): AsyncIterable<readonly BlockEntry[]>;
  /** Bytes the node's replicas (pending included) take per tier, by the master's ledger; tiers with none are absent or 0. */
  usedBytes(nodeId: NodeId): Promise<TierBytes>;
  /** `usedBytes` of every node with bytes in the ledger, in one read (a master placing a batch needs them all). */
  usedBytesByNode(): Promise<ReadonlyMap<NodeId, TierBytes>>;
  /** Creates or replaces the node's record. */
  putNode(record: NodeRecord): Promise<void>;
  getNode(nodeId: NodeId): Promise<NodeRecord | undefined>;
  listNodes(): Promise<readonly NodeRecord[]>;
  /** Drops the record; false when there was none. Replicas are the master's to drop first. */
  deleteNode(nodeId: NodeId): Promise<boolean>;
  /** The event log's epoch and last id. */
  eventLogHead(): Promise<{ readonly epoch: string; readonly lastEventId: number }>;
  /** Up to `limit` events after `afterId` in `epoch`'s log, or the gap that calls for a snapshot. */
  eventsSince(epoch: string, afterId: number, limit?: number): Promise<Result<EventBatch, EventGap>>;
}
