import { type KvArenaObserver } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';

/** Changes after a cursor, or the whole set when the cursor cannot be served. */
export type DeviceTierChanges =
  | { readonly kind: 'delta'; readonly epoch: string; readonly lastId: number; readonly stored: readonly BlockKey[]; readonly removed: readonly BlockKey[] }
  | { readonly kind: 'snapshot'; readonly epoch: string; readonly lastId: number; readonly held: readonly BlockKey[] };

interface LoggedChange {
  readonly id: number;
  readonly key: BlockKey;
  readonly stored: boolean;
}

/**
 * The blocks an engine holds in its own memory, as a log schedulers can follow: each sealed or
 * evicted block is an event with the next id. A follower asks for the changes after its cursor;
 * one from another epoch (the process restarted) or older than the retained events gets the
 * whole set instead. Bounded: at most `retainedEvents` are kept.
 */
export class DeviceTierLog implements KvArenaObserver {
  private readonly held = new Set<BlockKey>();
  private readonly events: LoggedChange[] = [];
  private lastId = 0;

  constructor(
    readonly epoch: string,
    private readonly retainedEvents = 65_536,
  ) {}

  blockStored(key: BlockKey): void {
    this.held.add(key);
    this.append(key, true);
  }

  blockRemoved(key: BlockKey): void {
    this.held.delete(key);
    this.append(key, false);
  }

  /** The changes after `afterId` in `epoch`, folded per key (a block stored then evicted is reported removed). */
  since(epoch: string, afterId: number): DeviceTierChanges {
    const oldestId = this.events[0]?.id ?? this.lastId + 1;
    if (epoch !== this.epoch || afterId > this.lastId || afterId < oldestId - 1) {
      return { kind: 'snapshot', epoch: this.epoch, lastId: this.lastId, held: [...this.held] };
    }
    const latest = new Map<BlockKey, boolean>();
    for (let i = afterId - oldestId + 1; i < this.events.length; i++) {
      const change = this.events[i]!;
      latest.delete(change.key);
      latest.set(change.key, change.stored);
    }
    const stored: BlockKey[] = [];
    const removed: BlockKey[] = [];
    for (const [key, isStored] of latest) (isStored ? stored : removed).push(key);
    return { kind: 'delta', epoch: this.epoch, lastId: this.lastId, stored, removed };
  }

  private append(key: BlockKey, stored: boolean): void {
    this.lastId += 1;
    this.events.push({ id: this.lastId, key, stored });
    if (this.events.length > this.retainedEvents) this.events.splice(0, this.events.length - this.retainedEvents);
  }
}
