import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { mathRandom, type Random } from '../common/random';
import { type Tier, type TierBytes } from '../common/tier.model';
import { type EventBatch, type EventGap } from '../events/index-event.model';
import { MemoryEventLog } from '../events/memory-event.log';
import { type BlockEntry } from './block-entry.model';
import { type EntryChange, type EntryCommitted, type EntryConflict, type MetadataStore } from './metadata-store.port';
import { type NodeRecord } from './node-record.model';

export interface MemoryMetadataStoreOptions {
  /** The event log's name; random when absent, so a restarted master's subscribers re-snapshot. */
  readonly epoch?: string;
  /** Events kept for `eventsSince`; 100 000 when absent. */
  readonly eventRetention?: number;
  readonly random?: Random;
}

/** The embedded metadata backend: Maps and an in-memory event log, lost when the process ends. */
export class MemoryMetadataStore implements MetadataStore {
  private readonly entries = new Map<BlockKey, BlockEntry>();
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
    return keys.map((key) => this.entries.get(key));
  }

  async swapEntry(change: EntryChange): Promise<Result<EntryCommitted, EntryConflict>> {
    const current = this.entries.get(change.key);
    if (current?.revision !== change.expected?.revision) return err({ kind: 'conflict', current });
    const entry = change.next === undefined ? undefined : { ...change.next, key: change.key, revision: (current?.revision ?? 0) + 1 };
    if (current !== undefined) this.unindex(current);
    if (entry === undefined) this.entries.delete(change.key);
    else {
      this.entries.set(change.key, entry);
      this.index(entry);
    }
    return ok({ entry, events: this.log.append(change.events) });
  }

  async entriesOnNode(nodeId: NodeId): Promise<readonly BlockEntry[]> {
    return this.lookup(this.byNode.get(nodeId) ?? []);
  }

  async pendingEntries(): Promise<readonly BlockEntry[]> {
    return this.lookup(this.pending);
  }

  async *scanEntries(pageSize = 1000): AsyncIterable<readonly BlockEntry[]> {
    let page: BlockEntry[] = [];
    for (const entry of this.entries.values()) {
      page.push(entry);
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

  private lookup(keys: Iterable<BlockKey>): BlockEntry[] {
    return [...keys].flatMap((key) => this.entries.get(key) ?? []);
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
