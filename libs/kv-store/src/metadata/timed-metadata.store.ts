import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { type NodeId } from '../common/node-id';
import { timed, type OperationTimer } from '../common/operation-timer.port';
import { type TierBytes } from '../common/tier.model';
import { type EventBatch, type EventGap } from '../events/index-event.model';
import { type BlockEntry } from './block-entry.model';
import { type EntryChange, type EntryCommitted, type EntryConflict, type MetadataStore } from './metadata-store.port';
import { type NodeRecord } from './node-record.model';

/**
 * A metadata store that times every call to the store it wraps (a scan, each page) and otherwise
 * behaves exactly like it: for the latency of a remote backend, measured where the master calls it.
 */
export class TimedMetadataStore implements MetadataStore {
  constructor(
    private readonly inner: MetadataStore,
    private readonly timer: OperationTimer,
    private readonly clock: Clock,
  ) {}

  getEntries(keys: readonly BlockKey[]): Promise<readonly (BlockEntry | undefined)[]> {
    return this.time('getEntries', () => this.inner.getEntries(keys));
  }

  swapEntry(change: EntryChange): Promise<Result<EntryCommitted, EntryConflict>> {
    return this.time('swapEntry', () => this.inner.swapEntry(change));
  }

  swapEntries(changes: readonly EntryChange[]): Promise<Result<EntryCommitted, EntryConflict>[]> {
    return this.time('swapEntries', () => this.inner.swapEntries(changes));
  }

  entriesOnNode(nodeId: NodeId): Promise<readonly BlockEntry[]> {
    return this.time('entriesOnNode', () => this.inner.entriesOnNode(nodeId));
  }

  pendingEntries(): Promise<readonly BlockEntry[]> {
    return this.time('pendingEntries', () => this.inner.pendingEntries());
  }

  async *scanEntries(pageSize?: number): AsyncIterable<readonly BlockEntry[]> {
    const pages = this.inner.scanEntries(pageSize)[Symbol.asyncIterator]();
    for (;;) {
      const page = await this.time('scanEntries', () => pages.next());
      if (page.done === true) return;
      yield page.value;
    }
  }

  usedBytes(nodeId: NodeId): Promise<TierBytes> {
    return this.time('usedBytes', () => this.inner.usedBytes(nodeId));
  }

  usedBytesByNode(): Promise<ReadonlyMap<NodeId, TierBytes>> {
    return this.time('usedBytesByNode', () => this.inner.usedBytesByNode());
  }

  putNode(record: NodeRecord): Promise<void> {
    return this.time('putNode', () => this.inner.putNode(record));
  }

  getNode(nodeId: NodeId): Promise<NodeRecord | undefined> {
    return this.time('getNode', () => this.inner.getNode(nodeId));
  }

  listNodes(): Promise<readonly NodeRecord[]> {
    return this.time('listNodes', () => this.inner.listNodes());
  }

  deleteNode(nodeId: NodeId): Promise<boolean> {
    return this.time('deleteNode', () => this.inner.deleteNode(nodeId));
  }

  eventLogHead(): Promise<{ readonly epoch: string; readonly lastEventId: number }> {
    return this.time('eventLogHead', () => this.inner.eventLogHead());
  }

  eventsSince(epoch: string, afterId: number, limit?: number): Promise<Result<EventBatch, EventGap>> {
    return this.time('eventsSince', () => this.inner.eventsSince(epoch, afterId, limit));
  }

  private time<T>(operation: string, call: () => Promise<T>): Promise<T> {
    return timed(this.timer, this.clock, operation, call);
  }
}
