import { type BlockKey } from '@tsukimi/kv-block';
import { sameReplica, type Replica } from '../metadata/block-entry.model';
import { type IndexEvent, type IndexSnapshot } from './index-event.model';
import { type IndexSource } from './index-source.port';

export type ApplyOutcome = 'applied' | 'duplicate' | 'gap';

/**
 * A subscriber's copy of the global prefix index. Events are applied only in id order: an event
 * already seen is ignored, one that skips an id is refused as a gap, and the owner re-snapshots.
 * Events set state ("K is on N in T" / "is not"), so replaying ones a snapshot already reflects is safe.
 */
export class IndexView {
  private readonly replicas = new Map<BlockKey, Replica[]>();
  private epochName = '';
  private last = 0;

  get epoch(): string {
    return this.epochName;
  }

  get lastEventId(): number {
    return this.last;
  }

  /** Replaces everything with the snapshot. */
  load(snapshot: IndexSnapshot): void {
    this.replicas.clear();
    for (const { key, nodeId, tier } of snapshot.replicas) this.add(key, { nodeId, tier });
    this.epochName = snapshot.epoch;
    this.last = snapshot.lastEventId;
  }

  apply(event: IndexEvent): ApplyOutcome {
    if (event.id <= this.last) return 'duplicate';
    if (event.id !== this.last + 1) return 'gap';
    if (event.kind === 'stored') this.add(event.key, { nodeId: event.nodeId, tier: event.tier });
    else this.remove(event.key, { nodeId: event.nodeId, tier: event.tier });
    this.last = event.id;
    return 'applied';
  }

  replicasOf(key: BlockKey): readonly Replica[] {
    return this.replicas.get(key) ?? [];
  }

  get blockCount(): number {
    return this.replicas.size;
  }

  private add(key: BlockKey, replica: Replica): void {
    const held = this.replicas.get(key) ?? [];
    if (!held.some((other) => sameReplica(other, replica))) this.replicas.set(key, [...held, replica]);
  }

  private remove(key: BlockKey, replica: Replica): void {
    const rest = (this.replicas.get(key) ?? []).filter((other) => !sameReplica(other, replica));
    if (rest.length === 0) this.replicas.delete(key);
    else this.replicas.set(key, rest);
  }
}

/** Brings a view up to date: the events since its last id, or a fresh snapshot when they are not all there. */
export async function syncIndexView(view: IndexView, source: IndexSource): Promise<'caught-up' | 'resnapshotted'> {
  for (;;) {
    const batch = await source.since(view.epoch, view.lastEventId);
    if (!batch.ok || batch.value.events.some((event) => view.apply(event) === 'gap')) {
      view.load(await source.snapshot());
      return 'resnapshotted';
    }
    if (view.lastEventId >= batch.value.lastEventId || batch.value.events.length === 0) return 'caught-up';
  }
}
