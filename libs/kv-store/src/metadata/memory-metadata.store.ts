import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { mathRandom, type Random } from '../common/random';
import { type Tier, type TierBytes } from '../common/tier.model';
import { type EventBatch, type EventGap } from '../events/index-event.model';
import { MemoryEventLog } from '../events/memory-event.log';
import { type BlockEntry, type BlockEntryDraft } from './block-entry.model';
import { EntryColumns } from './entry.columns';
import { type EntryChange, type EntryCommitted, type EntryConflict, type MetadataStore } from './metadata-store.port';
import { type NodeRecord } from './node-record.model';

export interface MemoryMetadataStoreOptions {
  /** The event log's name; random when absent, so a restarted master's subscribers re-snapshot. */
  readonly epoch?: string;
  /** Events kept for `eventsSince`; 100 000 when absent. */
  readonly eventRetention?: number;
  readonly random?: Random;
}

/**
 * The embedded metadata backend: entries in columns (`EntryColumns`) addressed through one Map of
 * block key to slot, per-node key sets, a ledger and an in-memory event log, lost when the process
 * ends. An entry costs the master a couple of hundred bytes, not a graph of objects.
 */
export class MemoryMetadataStore implements MetadataStore {
  private readonly slots = new Map<BlockKey, number>();
  private readonly columns = new EntryColumns();
  private readonly byNode = new Map<NodeId, Set<BlockKey>>();
  private readonly ledger = new Map<NodeId, Map<Tier, number>>();
  private readonly pending = new Set<BlockKey>();
  private readonly nodes = new Map<NodeId, NodeRecord>();
  private readonly log: MemoryEventLog;

  constructor(options: MemoryMetadataStoreOptions = {}) {
    const epoch = options.epoch ?? Math.floor((options.random ?? mathRandom).next() * 2 ** 48).toString(16);
    this.log = new MemoryEventLog({ epoch, retention: options.eventRetention });
  }

  async getEntries(keys: readonly BlockKey[]): Promise<readonly (BlockEntry | undefined)[]> {
    return keys.map((key) => this.entry(key));
  }

  async swapEntry(change: EntryChange): Promise<Result<EntryCommitted, EntryConflict>> {
    return this.swap(change);
  }

  async swapEntries(changes: readonly EntryChange[]): Promise<Result<EntryCommitted, EntryConflict>[]> {
    return changes.map((change) => this.swap(change));
  }

  async entriesOnNode(nodeId: NodeId): Promise<readonly BlockEntry[]> {
    return this.lookup(this.byNode.get(nodeId) ?? []);
  }

  async pendingEntries(): Promise<readonly BlockEntry[]> {
    return this.lookup(this.pending);
  }

  async *scanEntries(pageSize = 1000): AsyncIterable<readonly BlockEntry[]> {
    let page: BlockEntry[] = [];
    for (const slot of this.slots.values()) {
      page.push(this.columns.read(slot));
      if (page.length >= pageSize) {
        yield page;
        page = [];
      }
    }
    if (page.length > 0) yield page;
  }

  async usedBytes(nodeId: NodeId): Promise<TierBytes> {
    return Object.fromEntries(this.ledger.get(nodeId) ?? []);
  }

  async usedBytesByNode(): Promise<ReadonlyMap<NodeId, TierBytes>> {
    return new Map([...this.ledger].map(([nodeId, tiers]) => [nodeId, Object.fromEntries(tiers)]));
  }

  async putNode(record: NodeRecord): Promise<void> {
    this.nodes.set(record.nodeId, record);
  }

  async getNode(nodeId: NodeId): Promise<NodeRecord | undefined> {
    return this.nodes.get(nodeId);
  }

  async listNodes(): Promise<readonly NodeRecord[]> {
    return [...this.nodes.values()];
  }

  async deleteNode(nodeId: NodeId): Promise<boolean> {
    return this.nodes.delete(nodeId);
  }

  async eventLogHead(): Promise<{ readonly epoch: string; readonly lastEventId: number }> {
    return { epoch: this.log.epoch, lastEventId: this.log.lastEventId };
  }

  async eventsSince(epoch: string, afterId: number, limit?: number): Promise<Result<EventBatch, EventGap>> {
    return this.log.since(epoch, afterId, limit);
  }

  private swap(change: EntryChange): Result<EntryCommitted, EntryConflict> {
    const slot = this.slots.get(change.key);
    const revision = slot === undefined ? 0 : this.columns.revision(slot);
    if (revision !== (change.expected?.revision ?? 0)) return err({ kind: 'conflict', current: this.entry(change.key) });
    if (slot !== undefined) this.unindex(this.columns.read(slot));
    const next = change.next === undefined ? undefined : keyed(change.next, change.key);
    if (next === undefined) {
      if (slot !== undefined) {
        this.columns.remove(slot);
        this.slots.delete(change.key);
      }
      return ok({ entry: undefined, events: this.log.append(change.events) });
    }
    if (slot === undefined) this.slots.set(change.key, this.columns.add(next, revision + 1));
    else this.columns.write(slot, next, revision + 1);
    const entry = this.entry(change.key)!;
    this.index(entry);
    return ok({ entry, events: this.log.append(change.events) });
  }

  private entry(key: BlockKey): BlockEntry | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.columns.read(slot);
  }

  private lookup(keys: Iterable<BlockKey>): BlockEntry[] {
    const found: BlockEntry[] = [];
    for (const key of keys) {
      const entry = this.entry(key);
      if (entry !== undefined) found.push(entry);
    }
    return found;
  }

  private index(entry: BlockEntry): void {
    this.account(entry, +1);
  }

  private unindex(entry: BlockEntry): void {
    this.account(entry, -1);
  }

  private account(entry: BlockEntry, sign: 1 | -1): void {
    if (entry.status === 'pending') {
      if (sign > 0) this.pending.add(entry.key);
      else this.pending.delete(entry.key);
    }
    for (const { nodeId, tier } of entry.replicas) {
      const keys = this.byNode.get(nodeId) ?? new Set<BlockKey>();
      if (sign > 0) keys.add(entry.key);
      else keys.delete(entry.key);
      if (keys.size === 0) this.byNode.delete(nodeId);
      else this.byNode.set(nodeId, keys);
      const tiers = this.ledger.get(nodeId) ?? new Map<Tier, number>();
      tiers.set(tier, (tiers.get(tier) ?? 0) + sign * entry.sizeBytes);
      this.ledger.set(nodeId, tiers);
    }
  }
}

/** The draft under the key it is written as (the change's key is the one that counts). */
function keyed(draft: BlockEntryDraft, key: BlockKey): BlockEntryDraft {
  return draft.key === key ? draft : { ...draft, key };
}
