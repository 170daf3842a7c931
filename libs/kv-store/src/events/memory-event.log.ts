import { err, ok, type Result } from '@tsukimi/result';
import { type EventBatch, type EventGap, type IndexEvent, type IndexEventDraft } from './index-event.model';

export interface MemoryEventLogOptions {
  /** Names this log; a subscriber that followed another epoch re-snapshots. */
  readonly epoch: string;
  /** How many of the latest events stay readable; 100 000 when absent. */
  readonly retention?: number;
}

/** The index event log in a ring buffer: the last `retention` events, ids from 1 without holes. */
export class MemoryEventLog {
  readonly epoch: string;
  private readonly retention: number;
  private readonly ring: (IndexEvent | undefined)[];
  private last = 0;

  constructor(options: MemoryEventLogOptions) {
    const retention = options.retention ?? 100_000;
    if (!Number.isSafeInteger(retention) || retention < 1) throw new RangeError(`event log retention must be a positive integer, got ${retention}`);
    this.epoch = options.epoch;
    this.retention = retention;
    this.ring = new Array<IndexEvent | undefined>(retention);
  }

  /** Assigns the next ids, in order. */
  append(drafts: readonly IndexEventDraft[]): IndexEvent[] {
    return drafts.map((draft) => {
      this.last += 1;
      const event = { id: this.last, ...draft };
      this.ring[this.last % this.retention] = event;
      return event;
    });
  }

  get lastEventId(): number {
    return this.last;
  }

  /** The oldest id still held; `lastEventId + 1` when the log is empty. */
  get oldestEventId(): number {
    return Math.max(1, this.last - this.retention + 1);
  }

  /** Up to `limit` events after `afterId`, or a gap when they are not all here. */
  since(epoch: string, afterId: number, limit = 1000): Result<EventBatch, EventGap> {
    const gap = (reason: EventGap['reason']) => err({ kind: 'gap' as const, reason, epoch: this.epoch, lastEventId: this.last });
    if (epoch !== this.epoch) return gap('epoch');
    if (afterId > this.last) return gap('ahead');
    if (afterId + 1 < this.oldestEventId) return gap('expired');
    const events: IndexEvent[] = [];
    for (let id = afterId + 1; id <= this.last && events.length < limit; id += 1) {
      const event = this.ring[id % this.retention];
      if (event !== undefined) events.push(event);
    }
    return ok({ events, lastEventId: this.last });
  }
}
