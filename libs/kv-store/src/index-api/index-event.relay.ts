import { err, ok, type Result } from '@tsukimi/result';
import { type NodeId } from '../common/node-id';
import { type EventBatch, type EventGap, type IndexEvent, type IndexReplica, type IndexSnapshot } from '../events/index-event.model';
import { type FollowableIndex } from './index.follow';

/** A copy of the master's index that a follower keeps (the conductor's prefix index): its place in the log and its pool replicas. */
export interface FollowedView {
  readonly epoch: string;
  readonly lastEventId: number;
  /** Node ids as the follower keeps them (plain strings: the scheduler's index does not brand them). */
  poolReplicas(): Iterable<Omit<IndexReplica, 'nodeId'> & { readonly nodeId: string }>;
}

/** Events a relay keeps for subscribers that resume, by default: a few minutes of a busy pool. */
export const DEFAULT_RELAY_EVENTS = 65_536;

/**
 * Serves a follower's copy of the index stream to its own subscribers, as the master serves its
 * log: the last `capacityEvents` events it applied for catch-up reads, its view's replicas as the
 * snapshot, and live events. When the view starts over from another snapshot (a gap, a new
 * epoch), the kept events no longer lead to it: they are dropped and subscribers hear a reset.
 */
export class IndexEventRelay implements FollowableIndex {
  private events: IndexEvent[] = [];
  private epoch = '';
  /** The id the kept events follow. */
  private base = 0;
  private readonly listeners = new Map<(event: IndexEvent) => void, (() => void) | undefined>();

  constructor(
    private readonly view: FollowedView,
    private readonly capacityEvents = DEFAULT_RELAY_EVENTS,
  ) {}

  /** The view loaded a snapshot. */
  loaded(): void {
    this.events = [];
    this.epoch = this.view.epoch;
    this.base = this.view.lastEventId;
    for (const onReset of [...this.listeners.values()]) onReset?.();
  }

  /** The view applied `event`, the next in its log. */
  applied(event: IndexEvent): void {
    this.events.push(event);
    if (this.events.length >= 2 * this.capacityEvents) {
      const dropped = this.events.length - this.capacityEvents;
      this.base = this.events[dropped - 1]!.id;
      this.events = this.events.slice(dropped);
    }
    for (const listener of [...this.listeners.keys()]) listener(event);
  }

  snapshot(): Promise<IndexSnapshot> {
    return Promise.resolve({ epoch: this.view.epoch, lastEventId: this.view.lastEventId, replicas: Array.from(this.view.poolReplicas(), (r) => ({ ...r, nodeId: r.nodeId as NodeId })) });
  }

  since(epoch: string, afterId: number, limit = Number.MAX_SAFE_INTEGER): Promise<Result<EventBatch, EventGap>> {
    const lastEventId = this.base + this.events.length;
    const gap = (reason: EventGap['reason']) => Promise.resolve(err<EventGap>({ kind: 'gap', reason, epoch: this.epoch, lastEventId }));
    if (epoch !== this.epoch || this.epoch === '') return gap('epoch');
    if (afterId < this.base) return gap('expired');
    if (afterId > lastEventId) return gap('ahead');
    const from = afterId - this.base;
    return Promise.resolve(ok({ events: this.events.slice(from, from + limit), lastEventId }));
  }

  subscribe(listener: (event: IndexEvent) => void, onReset?: () => void): () => void {
    this.listeners.set(listener, onReset);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }
}
