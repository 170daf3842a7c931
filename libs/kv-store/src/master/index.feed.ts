import { type Result } from '@tsukimi/result';
import { type EventBatch, type EventGap, type IndexEvent, type IndexReplica, type IndexSnapshot } from '../events/index-event.model';
import { type IndexSource } from '../events/index-source.port';
import { type MetadataStore } from '../metadata/metadata-store.port';

export type IndexListener = (event: IndexEvent) => void;

/**
 * The master's side of the index stream: snapshots and catch-up reads from the store's event log,
 * and live events pushed to in-process listeners as writes commit (the gRPC adapter streams them).
 */
export class IndexFeed implements IndexSource {
  private readonly listeners = new Set<IndexListener>();

  constructor(private readonly store: MetadataStore) {}

  async snapshot(): Promise<IndexSnapshot> {
    const { epoch, lastEventId } = await this.store.eventLogHead();
    const replicas: IndexReplica[] = [];
    for await (const page of this.store.scanEntries()) {
      for (const entry of page) {
        if (entry.status !== 'complete') continue;
        for (const { nodeId, tier } of entry.replicas) replicas.push({ key: entry.key, nodeId, tier });
      }
    }
    return { epoch, lastEventId, replicas };
  }

  since(epoch: string, afterId: number, limit?: number): Promise<Result<EventBatch, EventGap>> {
    return this.store.eventsSince(epoch, afterId, limit);
  }

  /** Live events from now on, in id order; returns the unsubscribe. A listener must not throw. */
  subscribe(listener: IndexListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called by the entry writer after each commit. */
  publish(events: readonly IndexEvent[]): void {
    for (const event of events) for (const listener of this.listeners) listener(event);
  }
}
